// Login sessions: a random token in an HttpOnly cookie (only its SHA-256 is stored), bound to
// the zone of the listener that created it, with a CSRF token for state-changing calls and
// idle and absolute timeouts.
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>

#include "sanso/common/status.h"
#include "sanso/store/database.h"

namespace sanso::auth {

struct SessionPolicy {
  int64_t idle_seconds = 30 * 60;
  int64_t absolute_seconds = 12 * 60 * 60;
};

struct Session {
  std::string token;  // only filled by create(): the cookie value
  std::string csrf_token;
  int64_t user_id = 0;
  std::string zone;
  bool mfa_ok = false;
  int64_t created_at = 0;
};

class Sessions {
 public:
  // `db` must have the "auth" schema (Accounts::open) and outlive the Sessions.
  Sessions(store::Database& db, SessionPolicy policy) : db_(db), policy_(policy) {}

  // A new session for `user_id` on `zone`.
  Result<Session> create(int64_t user_id, const std::string& zone, bool mfa_ok, time_t now);
  // The session of cookie value `token` if it exists, belongs to `zone`, has not timed out and
  // its user is not disabled (Status::denied "no-session" otherwise). Refreshes its idle timer.
  Result<Session> validate(const std::string& token, const std::string& zone, time_t now);
  // Marks the session's second factor done (after TOTP enrolment).
  Status markMfaOk(const std::string& token);
  // Ends one session (logout).
  Status revoke(const std::string& token);
  // Ends every session of a user (password change, disable, TOTP reset).
  Status revokeAll(int64_t user_id);
  // Ends every session of a user except the one of cookie value `keep_token` (the user's own
  // password change).
  Status revokeOthers(int64_t user_id, const std::string& keep_token);

  // True when `presented` equals the session's CSRF token (constant time).
  static bool csrfMatches(const Session& session, const std::string& presented);

 private:
  store::Database& db_;
  SessionPolicy policy_;
};

}  // namespace sanso::auth
