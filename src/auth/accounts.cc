#include "sanso/auth/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <functional>

#include "sanso/auth/password.h"
#include "sanso/auth/totp.h"
#include "sanso/common/sha256.h"
#include "schema.h"

namespace sanso::auth {
namespace {

constexpr const char* kUserColumns =
    "id, login, display_name, department_id, role, email, totp_secret IS NOT NULL, disabled, "
    "must_change_password";
constexpr int kRecoveryCodes = 10;

User userFrom(const store::Statement& row) {
  User user;
  user.id = row.columnInt64(0);
  user.login = row.columnText(1);
  user.display_name = row.columnText(2);
  user.department_id = row.columnInt64(3);
  user.role = row.columnText(4);
  user.email = row.columnText(5);
  user.totp_enabled = row.columnInt64(6) != 0;
  user.disabled = row.columnInt64(7) != 0;
  user.must_change_password = row.columnInt64(8) != 0;
  return user;
}

Status checkLogin(const std::string& login) {
  if (login.empty() || login.size() > 64)
    return Status::invalidArgument("login must have 1-64 characters");
  for (char c : login) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return Status::invalidArgument("login may use a-z, 0-9, '.', '_' and '-' only");
  }
  return Status::ok();
}

Status checkDisplayText(const std::string& text, const std::string& what) {
  if (text.empty() || text.size() > 200)
    return Status::invalidArgument(what + " must have 1-200 bytes");
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return Status::invalidArgument(what + " has control characters");
  }
  return Status::ok();
}

// A recovery code: 10 characters of base32 in two groups, about 50 bits.
std::string newRecoveryCode() {
  std::vector<uint8_t> bytes(7);
  randombytes_buf(bytes.data(), bytes.size());
  std::string text = base32(bytes).substr(0, 10);
  return text.substr(0, 5) + "-" + text.substr(5);
}

std::string normalizeRecoveryCode(const std::string& code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string hashCode(const std::string& normalized) { return sha256Hex(asBytes(normalized)); }

Result<std::optional<User>> queryUser(store::Session& session, const std::string& where,
                                      const std::function<Status(store::Statement&)>& bind) {
  SANSO_ASSIGN_OR_RETURN(
      store::Statement statement,
      session.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where));
  SANSO_RETURN_IF_ERROR(bind(statement));
  SANSO_ASSIGN_OR_RETURN(bool row, statement.step());
  if (!row) return std::optional<User>();
  return std::optional<User>(userFrom(statement));
}

}  // namespace

Result<std::unique_ptr<Accounts>> Accounts::open(store::Database& db, LockoutPolicy lockout) {
  SANSO_RETURN_IF_ERROR(db.migrate("auth", authMigrations()));
  return std::unique_ptr<Accounts>(new Accounts(db, lockout));
}

Result<Department> Accounts::ensureDepartment(const std::string& name) {
  SANSO_RETURN_IF_ERROR(checkDisplayText(name, "department name"));
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(store::Statement insert,
                         tx.prepare("INSERT OR IGNORE INTO departments(name) VALUES (?1)"));
  SANSO_RETURN_IF_ERROR(insert.bindText(1, name));
  SANSO_RETURN_IF_ERROR(insert.run());
  SANSO_ASSIGN_OR_RETURN(store::Statement select,
                         tx.prepare("SELECT id, supervisor_id FROM departments WHERE name = ?1"));
  SANSO_RETURN_IF_ERROR(select.bindText(1, name));
  SANSO_ASSIGN_OR_RETURN(bool row, select.step());
  if (!row) return Status::internal("department vanished");
  Department department{select.columnInt64(0), name, std::nullopt};
  if (!select.columnIsNull(1)) department.supervisor_id = select.columnInt64(1);
  SANSO_RETURN_IF_ERROR(tx.commit());
  return department;
}

Result<std::vector<Department>> Accounts::departments() {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db_.read());
  SANSO_ASSIGN_OR_RETURN(
      store::Statement select,
      session.prepare("SELECT id, name, supervisor_id FROM departments ORDER BY id"));
  std::vector<Department> out;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool row, select.step());
    if (!row) break;
    Department department{select.columnInt64(0), select.columnText(1), std::nullopt};
    if (!select.columnIsNull(2)) department.supervisor_id = select.columnInt64(2);
    out.push_back(std::move(department));
  }
  return out;
}

Status Accounts::setSupervisor(int64_t department_id, int64_t user_id) {
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(store::Statement update,
                         tx.prepare("UPDATE departments SET supervisor_id = ?2 WHERE id = ?1 "
                                    "AND EXISTS (SELECT 1 FROM users WHERE id = ?2)"));
  SANSO_RETURN_IF_ERROR(update.bindInt64(1, department_id));
  SANSO_RETURN_IF_ERROR(update.bindInt64(2, user_id));
  SANSO_RETURN_IF_ERROR(update.run());
  if (tx.changes() != 1) return Status::notFound("no such department or user");
  return tx.commit();
}

Status Accounts::clearSupervisor(int64_t department_id) {
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(store::Statement update,
                         tx.prepare("UPDATE departments SET supervisor_id = NULL WHERE id = ?1"));
  SANSO_RETURN_IF_ERROR(update.bindInt64(1, department_id));
  SANSO_RETURN_IF_ERROR(update.run());
  if (tx.changes() != 1) return Status::notFound("no such department");
  return tx.commit();
}

Result<Department> Accounts::department(int64_t id) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db_.read());
  SANSO_ASSIGN_OR_RETURN(
      store::Statement select,
      session.prepare("SELECT name, supervisor_id FROM departments WHERE id = ?1"));
  SANSO_RETURN_IF_ERROR(select.bindInt64(1, id));
  SANSO_ASSIGN_OR_RETURN(bool row, select.step());
  if (!row) return Status::notFound("no such department");
  Department department{id, select.columnText(0), std::nullopt};
  if (!select.columnIsNull(1)) department.supervisor_id = select.columnInt64(1);
  return department;
}

Result<User> Accounts::addUser(const NewUser& user) {
  SANSO_RETURN_IF_ERROR(checkLogin(user.login));
  SANSO_RETURN_IF_ERROR(checkDisplayText(user.display_name, "display name"));
  SANSO_RETURN_IF_ERROR(checkDisplayText(user.role, "role"));
  SANSO_RETURN_IF_ERROR(checkPasswordRules(user.password));
  if (!user.email.empty()) SANSO_RETURN_IF_ERROR(checkDisplayText(user.email, "email"));
  SANSO_ASSIGN_OR_RETURN(Department department, ensureDepartment(user.department));
  SANSO_ASSIGN_OR_RETURN(std::string hash, hashPassword(user.password));
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(
      store::Statement insert,
      tx.prepare("INSERT OR IGNORE INTO users(login, display_name, department_id, role, email, "
                 "password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%s'))"));
  SANSO_RETURN_IF_ERROR(insert.bindText(1, user.login));
  SANSO_RETURN_IF_ERROR(insert.bindText(2, user.display_name));
  SANSO_RETURN_IF_ERROR(insert.bindInt64(3, department.id));
  SANSO_RETURN_IF_ERROR(insert.bindText(4, user.role));
  SANSO_RETURN_IF_ERROR(insert.bindText(5, user.email));
  SANSO_RETURN_IF_ERROR(insert.bindText(6, hash));
  SANSO_RETURN_IF_ERROR(insert.run());
  if (tx.changes() != 1) return Status::invalidArgument("login '" + user.login + "' is taken");
  const int64_t id = tx.lastInsertRowid();
  SANSO_RETURN_IF_ERROR(tx.commit());
  return this->user(id);
}

Result<User> Accounts::user(int64_t id) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db_.read());
  SANSO_ASSIGN_OR_RETURN(
      std::optional<User> found,
      queryUser(session, "id = ?1", [&](store::Statement& s) { return s.bindInt64(1, id); }));
  if (!found) return Status::notFound("no such user");
  return *found;
}

Result<User> Accounts::userByLogin(const std::string& login) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db_.read());
  SANSO_ASSIGN_OR_RETURN(
      std::optional<User> found,
      queryUser(session, "login = ?1", [&](store::Statement& s) { return s.bindText(1, login); }));
  if (!found) return Status::notFound("no such user");
  return *found;
}

Result<std::vector<User>> Accounts::users() {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db_.read());
  SANSO_ASSIGN_OR_RETURN(
      store::Statement select,
      session.prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY id"));
  std::vector<User> out;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool row, select.step());
    if (!row) break;
    out.push_back(userFrom(select));
  }
  return out;
}

Status Accounts::setPassword(int64_t user_id, const std::string& password) {
  return storePassword(user_id, password, true);
}

Status Accounts::storePassword(int64_t user_id, const std::string& password, bool must_change) {
  SANSO_RETURN_IF_ERROR(checkPasswordRules(password));
  SANSO_ASSIGN_OR_RETURN(std::string hash, hashPassword(password));
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(store::Statement update,
                         tx.prepare("UPDATE users SET password_hash = ?2, failed_logins = 0, "
                                    "locked_until = 0, must_change_password = ?3 WHERE id = ?1"));
  SANSO_RETURN_IF_ERROR(update.bindInt64(1, user_id));
  SANSO_RETURN_IF_ERROR(update.bindText(2, hash));
  SANSO_RETURN_IF_ERROR(update.bindInt64(3, must_change ? 1 : 0));
  SANSO_RETURN_IF_ERROR(update.run());
  if (tx.changes() != 1) return Status::notFound("no such user");
  return tx.commit();
}

Status Accounts::changePassword(int64_t user_id, const std::string& current,
                                const std::string& next, time_t now) {
  if (Status rules = checkPasswordRules(next); !rules.isOk()) {
    return Status::blocked("password-rules", rules.message());
  }
  std::string hash;
  int64_t locked_until = 0;
  {
    SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db_.read());
    SANSO_ASSIGN_OR_RETURN(
        store::Statement select,
        session.prepare("SELECT password_hash, locked_until FROM users WHERE id = ?1"));
    SANSO_RETURN_IF_ERROR(select.bindInt64(1, user_id));
    SANSO_ASSIGN_OR_RETURN(bool row, select.step());
    if (!row) return Status::notFound("no such user");
    hash = select.columnText(0);
    locked_until = select.columnInt64(1);
  }
  if (locked_until > static_cast<int64_t>(now)) {
    return Status::denied("locked", "too many failed attempts; try again after " +
                                        std::to_string(locked_until - now) + " s");
  }
  if (current.size() > kMaxPasswordLength || !verifyPassword(hash, current)) {
    SANSO_RETURN_IF_ERROR(recordFailure(user_id, now));
    return Status::denied("wrong-password", "the current password is wrong");
  }
  if (next == current) {
    return Status::blocked("password-unchanged", "the new password is the current one");
  }
  return storePassword(user_id, next, false);
}

Status Accounts::setDisabled(int64_t user_id, bool disabled) {
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(store::Statement update,
                         tx.prepare("UPDATE users SET disabled = ?2 WHERE id = ?1"));
  SANSO_RETURN_IF_ERROR(update.bindInt64(1, user_id));
  SANSO_RETURN_IF_ERROR(update.bindInt64(2, disabled ? 1 : 0));
  SANSO_RETURN_IF_ERROR(update.run());
  if (tx.changes() != 1) return Status::notFound("no such user");
  return tx.commit();
}

Result<std::optional<User>> Accounts::supervisorOf(int64_t user_id) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db_.read());
  return queryUser(session,
                   "id = (SELECT d.supervisor_id FROM departments d JOIN users u ON "
                   "u.department_id = d.id WHERE u.id = ?1)",
                   [&](store::Statement& s) { return s.bindInt64(1, user_id); });
}

Result<TotpEnrolment> Accounts::beginTotp(int64_t user_id, const std::string& issuer) {
  SANSO_ASSIGN_OR_RETURN(User account, user(user_id));
  std::vector<uint8_t> secret = newTotpSecret();
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(store::Statement update,
                         tx.prepare("UPDATE users SET totp_pending = ?2 WHERE id = ?1"));
  SANSO_RETURN_IF_ERROR(update.bindInt64(1, user_id));
  SANSO_RETURN_IF_ERROR(update.bindBlob(2, ByteView(secret.data(), secret.size())));
  SANSO_RETURN_IF_ERROR(update.run());
  SANSO_RETURN_IF_ERROR(tx.commit());
  TotpEnrolment enrolment;
  enrolment.secret_base32 = base32(secret);
  enrolment.otpauth_uri = otpauthUri(issuer, account.login, secret);
  SANSO_ASSIGN_OR_RETURN(enrolment.qr_svg, qrCodeSvg(enrolment.otpauth_uri));
  return enrolment;
}

Result<std::vector<std::string>> Accounts::confirmTotp(int64_t user_id, const std::string& code,
                                                       time_t now) {
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(store::Statement select,
                         tx.prepare("SELECT totp_pending FROM users WHERE id = ?1"));
  SANSO_RETURN_IF_ERROR(select.bindInt64(1, user_id));
  SANSO_ASSIGN_OR_RETURN(bool row, select.step());
  if (!row || select.columnIsNull(0)) return Status::invalidArgument("no enrolment in progress");
  std::vector<uint8_t> secret = select.columnBlob(0);
  SANSO_ASSIGN_OR_RETURN(int64_t step, verifyTotp(secret, code, now, 0));
  SANSO_ASSIGN_OR_RETURN(store::Statement activate,
                         tx.prepare("UPDATE users SET totp_secret = totp_pending, "
                                    "totp_pending = NULL, totp_last_step = ?2 WHERE id = ?1"));
  SANSO_RETURN_IF_ERROR(activate.bindInt64(1, user_id));
  SANSO_RETURN_IF_ERROR(activate.bindInt64(2, step));
  SANSO_RETURN_IF_ERROR(activate.run());
  SANSO_RETURN_IF_ERROR(
      tx.exec("DELETE FROM recovery_codes WHERE user_id = " + std::to_string(user_id)));
  std::vector<std::string> codes;
  SANSO_ASSIGN_OR_RETURN(
      store::Statement insert,
      tx.prepare("INSERT INTO recovery_codes(user_id, code_hash) VALUES (?1, ?2)"));
  for (int i = 0; i < kRecoveryCodes; ++i) {
    std::string recovery = newRecoveryCode();
    SANSO_RETURN_IF_ERROR(insert.reset());
    SANSO_RETURN_IF_ERROR(insert.bindInt64(1, user_id));
    SANSO_RETURN_IF_ERROR(insert.bindText(2, hashCode(normalizeRecoveryCode(recovery))));
    SANSO_RETURN_IF_ERROR(insert.run());
    codes.push_back(std::move(recovery));
  }
  SANSO_RETURN_IF_ERROR(tx.commit());
  return codes;
}

Status Accounts::resetTotp(int64_t user_id) {
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(store::Statement update,
                         tx.prepare("UPDATE users SET totp_secret = NULL, totp_pending = NULL, "
                                    "totp_last_step = 0 WHERE id = ?1"));
  SANSO_RETURN_IF_ERROR(update.bindInt64(1, user_id));
  SANSO_RETURN_IF_ERROR(update.run());
  if (tx.changes() != 1) return Status::notFound("no such user");
  SANSO_RETURN_IF_ERROR(
      tx.exec("DELETE FROM recovery_codes WHERE user_id = " + std::to_string(user_id)));
  return tx.commit();
}

Status Accounts::recordFailure(int64_t user_id, time_t now) {
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(store::Statement select,
                         tx.prepare("SELECT failed_logins FROM users WHERE id = ?1"));
  SANSO_RETURN_IF_ERROR(select.bindInt64(1, user_id));
  SANSO_ASSIGN_OR_RETURN(bool row, select.step());
  if (!row) return Status::notFound("no such user");
  const int64_t failures = select.columnInt64(0) + 1;
  int64_t locked_until = 0;
  if (failures >= lockout_.free_attempts) {
    const int64_t doublings = std::min<int64_t>(failures - lockout_.free_attempts, 20);
    const int64_t seconds =
        std::min(lockout_.max_lock_seconds, lockout_.first_lock_seconds << doublings);
    locked_until = static_cast<int64_t>(now) + seconds;
  }
  SANSO_ASSIGN_OR_RETURN(store::Statement update,
                         tx.prepare("UPDATE users SET failed_logins = ?2, locked_until = ?3 "
                                    "WHERE id = ?1"));
  SANSO_RETURN_IF_ERROR(update.bindInt64(1, user_id));
  SANSO_RETURN_IF_ERROR(update.bindInt64(2, failures));
  SANSO_RETURN_IF_ERROR(update.bindInt64(3, locked_until));
  SANSO_RETURN_IF_ERROR(update.run());
  return tx.commit();
}

Result<bool> Accounts::useRecoveryCode(int64_t user_id, const std::string& code) {
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(store::Statement update,
                         tx.prepare("UPDATE recovery_codes SET used = 1 WHERE user_id = ?1 AND "
                                    "code_hash = ?2 AND used = 0"));
  SANSO_RETURN_IF_ERROR(update.bindInt64(1, user_id));
  SANSO_RETURN_IF_ERROR(update.bindText(2, hashCode(normalizeRecoveryCode(code))));
  SANSO_RETURN_IF_ERROR(update.run());
  const bool used = tx.changes() == 1;
  SANSO_RETURN_IF_ERROR(tx.commit());
  return used;
}

Result<LoginOutcome> Accounts::login(const LoginAttempt& attempt) {
  const Status bad = Status::denied("bad-credentials", "wrong login or password");
  int64_t id = 0;
  std::string hash;
  std::vector<uint8_t> secret;
  int64_t last_step = 0;
  int64_t locked_until = 0;
  bool disabled = false;
  {
    SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db_.read());
    SANSO_ASSIGN_OR_RETURN(
        store::Statement select,
        session.prepare("SELECT id, password_hash, totp_secret, totp_last_step, locked_until, "
                        "disabled FROM users WHERE login = ?1"));
    SANSO_RETURN_IF_ERROR(select.bindText(1, attempt.login));
    SANSO_ASSIGN_OR_RETURN(bool row, select.step());
    if (!row || attempt.login.empty()) {
      burnPasswordCheck(attempt.password);
      return bad;
    }
    id = select.columnInt64(0);
    hash = select.columnText(1);
    if (!select.columnIsNull(2)) secret = select.columnBlob(2);
    last_step = select.columnInt64(3);
    locked_until = select.columnInt64(4);
    disabled = select.columnInt64(5) != 0;
  }
  if (locked_until > static_cast<int64_t>(attempt.now)) {
    return Status::denied("locked", "too many failed logins; try again after " +
                                        std::to_string(locked_until - attempt.now) + " s");
  }
  if (attempt.password.size() > kMaxPasswordLength || !verifyPassword(hash, attempt.password)) {
    SANSO_RETURN_IF_ERROR(recordFailure(id, attempt.now));
    return bad;
  }
  if (disabled) return Status::denied("disabled", "the account is disabled");
  LoginOutcome outcome;
  outcome.mfa_ok = true;
  if (!secret.empty()) {
    if (attempt.second_factor.empty()) {
      return Status::denied("totp-required", "enter the code from your authenticator");
    }
    auto step = verifyTotp(secret, attempt.second_factor, attempt.now, last_step);
    if (step.isOk()) {
      SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
      // Only a later step may follow: a code observed in transit cannot be replayed.
      SANSO_ASSIGN_OR_RETURN(store::Statement update,
                             tx.prepare("UPDATE users SET totp_last_step = ?2 WHERE id = ?1 AND "
                                        "totp_last_step < ?2"));
      SANSO_RETURN_IF_ERROR(update.bindInt64(1, id));
      SANSO_RETURN_IF_ERROR(update.bindInt64(2, *step));
      SANSO_RETURN_IF_ERROR(update.run());
      const bool fresh = tx.changes() == 1;
      SANSO_RETURN_IF_ERROR(tx.commit());
      if (!fresh) step = Status::denied("totp-replayed", "code already used");
    }
    if (!step.isOk()) {
      SANSO_ASSIGN_OR_RETURN(bool recovered, useRecoveryCode(id, attempt.second_factor));
      if (!recovered) {
        SANSO_RETURN_IF_ERROR(recordFailure(id, attempt.now));
        return Status::denied("totp-wrong", "wrong code");
      }
      outcome.used_recovery_code = true;
    }
  } else if (attempt.mfa_required) {
    outcome.mfa_ok = false;  // may only enrol
  }
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_RETURN_IF_ERROR(tx.exec("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = " +
                                std::to_string(id)));
  SANSO_RETURN_IF_ERROR(tx.commit());
  SANSO_ASSIGN_OR_RETURN(outcome.user, user(id));
  return outcome;
}

}  // namespace sanso::auth
