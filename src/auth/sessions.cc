#include "sanso/auth/sessions.h"

#include <sodium.h>

#include "sanso/common/sha256.h"

namespace sanso::auth {
namespace {

constexpr size_t kTokenBytes = 32;
constexpr int64_t kTouchEverySeconds = 60;  // fewer writes: the idle timer moves by the minute

std::string randomToken() {
  unsigned char bytes[kTokenBytes];
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(kTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

std::string tokenHash(const std::string& token) { return sha256Hex(asBytes(token)); }

bool plausibleToken(const std::string& token) {
  if (token.empty() || token.size() > 100) return false;
  for (char c : token) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<Session> Sessions::create(int64_t user_id, const std::string& zone, bool mfa_ok,
                                 time_t now) {
  Session session;
  session.token = randomToken();
  session.csrf_token = randomToken();
  session.user_id = user_id;
  session.zone = zone;
  session.mfa_ok = mfa_ok;
  session.created_at = now;
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(
      store::Statement insert,
      tx.prepare("INSERT INTO sessions(token_hash, user_id, zone, csrf_token, mfa_ok, created_at, "
                 "last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)"));
  SANSO_RETURN_IF_ERROR(insert.bindText(1, tokenHash(session.token)));
  SANSO_RETURN_IF_ERROR(insert.bindInt64(2, user_id));
  SANSO_RETURN_IF_ERROR(insert.bindText(3, zone));
  SANSO_RETURN_IF_ERROR(insert.bindText(4, session.csrf_token));
  SANSO_RETURN_IF_ERROR(insert.bindInt64(5, mfa_ok ? 1 : 0));
  SANSO_RETURN_IF_ERROR(insert.bindInt64(6, now));
  SANSO_RETURN_IF_ERROR(insert.run());
  SANSO_RETURN_IF_ERROR(tx.commit());
  return session;
}

Result<Session> Sessions::validate(const std::string& token, const std::string& zone, time_t now) {
  const Status none = Status::denied("no-session", "not logged in");
  if (!plausibleToken(token)) return none;
  const std::string hash = tokenHash(token);
  Session session;
  int64_t last_seen = 0;
  {
    SANSO_ASSIGN_OR_RETURN(store::ReadSession read, db_.read());
    SANSO_ASSIGN_OR_RETURN(
        store::Statement select,
        read.prepare("SELECT s.user_id, s.zone, s.csrf_token, s.mfa_ok, s.created_at, s.last_seen "
                     "FROM sessions s JOIN users u ON u.id = s.user_id "
                     "WHERE s.token_hash = ?1 AND u.disabled = 0"));
    SANSO_RETURN_IF_ERROR(select.bindText(1, hash));
    SANSO_ASSIGN_OR_RETURN(bool row, select.step());
    if (!row) return none;
    session.user_id = select.columnInt64(0);
    session.zone = select.columnText(1);
    session.csrf_token = select.columnText(2);
    session.mfa_ok = select.columnInt64(3) != 0;
    session.created_at = select.columnInt64(4);
    last_seen = select.columnInt64(5);
  }
  // A cookie from one zone's listener is worth nothing on another's.
  if (session.zone != zone) return none;
  if (now - last_seen > policy_.idle_seconds ||
      now - session.created_at > policy_.absolute_seconds) {
    SANSO_RETURN_IF_ERROR(revoke(token));
    return none;
  }
  if (now - last_seen >= kTouchEverySeconds) {
    SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
    SANSO_ASSIGN_OR_RETURN(store::Statement touch,
                           tx.prepare("UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1"));
    SANSO_RETURN_IF_ERROR(touch.bindText(1, hash));
    SANSO_RETURN_IF_ERROR(touch.bindInt64(2, now));
    SANSO_RETURN_IF_ERROR(touch.run());
    SANSO_RETURN_IF_ERROR(tx.commit());
  }
  return session;
}

Status Sessions::markMfaOk(const std::string& token) {
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(store::Statement update,
                         tx.prepare("UPDATE sessions SET mfa_ok = 1 WHERE token_hash = ?1"));
  SANSO_RETURN_IF_ERROR(update.bindText(1, tokenHash(token)));
  SANSO_RETURN_IF_ERROR(update.run());
  return tx.commit();
}

Status Sessions::revoke(const std::string& token) {
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(store::Statement remove,
                         tx.prepare("DELETE FROM sessions WHERE token_hash = ?1"));
  SANSO_RETURN_IF_ERROR(remove.bindText(1, tokenHash(token)));
  SANSO_RETURN_IF_ERROR(remove.run());
  return tx.commit();
}

Status Sessions::revokeAll(int64_t user_id) {
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(store::Statement remove,
                         tx.prepare("DELETE FROM sessions WHERE user_id = ?1"));
  SANSO_RETURN_IF_ERROR(remove.bindInt64(1, user_id));
  SANSO_RETURN_IF_ERROR(remove.run());
  return tx.commit();
}

Status Sessions::revokeOthers(int64_t user_id, const std::string& keep_token) {
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(
      store::Statement remove,
      tx.prepare("DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2"));
  SANSO_RETURN_IF_ERROR(remove.bindInt64(1, user_id));
  SANSO_RETURN_IF_ERROR(remove.bindText(2, tokenHash(keep_token)));
  SANSO_RETURN_IF_ERROR(remove.run());
  return tx.commit();
}

bool Sessions::csrfMatches(const Session& session, const std::string& presented) {
  if (presented.size() != session.csrf_token.size() || presented.empty()) return false;
  return sodium_memcmp(presented.data(), session.csrf_token.data(), presented.size()) == 0;
}

}  // namespace sanso::auth
