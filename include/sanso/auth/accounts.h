// Local accounts: departments (each with a supervisor who approves its exports), users with
// a role from the policy pack, argon2id passwords, TOTP with recovery codes, and lockout with
// back-off after failed logins. Stored in the gateway's database (module "auth").
#pragma once

#include <cstdint>
#include <ctime>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sanso/common/status.h"
#include "sanso/store/database.h"

namespace sanso::auth {

struct Department {
  int64_t id = 0;
  std::string name;
  std::optional<int64_t> supervisor_id;
};

// A substitute approver (代理承認者) of a department: approves its exports in place of the
// supervisor while `now` is within [valid_from, valid_until] (Unix seconds; 0 leaves that side
// open).
struct Substitute {
  int64_t department_id = 0;
  int64_t user_id = 0;
  int64_t valid_from = 0;
  int64_t valid_until = 0;
};

struct User {
  int64_t id = 0;
  std::string login;
  std::string display_name;
  int64_t department_id = 0;
  std::string role;  // a role id of the policy pack
  std::string email;
  bool totp_enabled = false;
  bool disabled = false;
  // Set by an administrator's reset (setPassword); until the user changes it
  // (changePassword), the session reaches only the account's own routes.
  bool must_change_password = false;
};

struct NewUser {
  std::string login;  // [a-z0-9._-], 1-64 characters
  std::string display_name;
  std::string department;  // created when missing
  std::string role;
  std::string email;
  std::string password;
};

struct TotpEnrolment {
  std::string secret_base32;
  std::string otpauth_uri;
  std::string qr_svg;
};

struct LoginAttempt {
  std::string login;
  std::string password;
  std::string second_factor;  // a TOTP code or a recovery code; may be empty
  bool mfa_required = false;  // by the listener (My Number) or the user's role
  time_t now = 0;
};

struct LoginOutcome {
  User user;
  bool mfa_ok = false;  // false: the user must enrol TOTP before doing anything else
  bool used_recovery_code = false;
};

struct LockoutPolicy {
  int free_attempts = 5;            // failures before the first lock
  int64_t first_lock_seconds = 60;  // doubled with every further failure
  int64_t max_lock_seconds = 3600;
};

class Accounts {
 public:
  // Applies the "auth" migrations to `db`, which must outlive the Accounts.
  static Result<std::unique_ptr<Accounts>> open(store::Database& db, LockoutPolicy lockout = {});

  // The department named `name`, created when missing.
  Result<Department> ensureDepartment(const std::string& name);
  Result<std::vector<Department>> departments();
  Status setSupervisor(int64_t department_id, int64_t user_id);
  // Leaves the department without a supervisor; notFound for an unknown department.
  Status clearSupervisor(int64_t department_id);
  // The department with id `id`; notFound when there is none.
  Result<Department> department(int64_t id);
  // The existing department named `name`; notFound when there is none.
  Result<Department> departmentByName(const std::string& name);

  // Makes a user a substitute approver of a department, replacing an earlier period of the
  // same pair. invalidArgument for a negative or reversed period; notFound for an unknown
  // department or user.
  Status setSubstitute(const Substitute& substitute);
  // Removes a substitute; notFound when the user is not one for the department.
  Status removeSubstitute(int64_t department_id, int64_t user_id);
  // Every substitute of the department (whatever the period), by user id.
  Result<std::vector<Substitute>> substitutes(int64_t department_id);
  // Whether `approver_id` is an enabled user who is, at `now`, a substitute of the
  // department of `user_id`.
  Result<bool> isSubstituteFor(int64_t approver_id, int64_t user_id, int64_t now);
  // The enabled substitutes of the department of `user_id` valid at `now`.
  Result<std::vector<User>> substitutesOf(int64_t user_id, int64_t now);

  Result<User> addUser(const NewUser& user);
  Result<User> user(int64_t id);
  Result<User> userByLogin(const std::string& login);
  Result<std::vector<User>> users();
  // An administrator's reset: the user must change the password at the next login
  // (User::must_change_password). Lockout counters are cleared.
  Status setPassword(int64_t user_id, const std::string& password);
  // The user's own change: `current` must be the password now set (a wrong one counts as a
  // failed login, Status::denied "wrong-password"; "locked" while locked out), `next` must
  // follow checkPasswordRules() (Status::blocked "password-rules") and differ from `current`
  // (Status::blocked "password-unchanged").
  Status changePassword(int64_t user_id, const std::string& current, const std::string& next,
                        time_t now);
  Status setDisabled(int64_t user_id, bool disabled);
  // The supervisor of the user's department (nullopt when none is set).
  Result<std::optional<User>> supervisorOf(int64_t user_id);

  // Starts (or restarts) TOTP enrolment: a new secret, not yet active.
  Result<TotpEnrolment> beginTotp(int64_t user_id, const std::string& issuer);
  // Activates the pending secret when `code` is right; returns ten one-time recovery codes
  // (shown once; only their hashes are kept).
  Result<std::vector<std::string>> confirmTotp(int64_t user_id, const std::string& code,
                                               time_t now);
  // Removes TOTP (an administrator's action; audited by the caller).
  Status resetTotp(int64_t user_id);

  // Checks a login. Failures are Status::denied with reason "bad-credentials" (unknown login
  // or wrong password, indistinguishable), "locked" (too many failures; retry later),
  // "disabled", "totp-required" (password right, second factor missing) or "totp-wrong".
  Result<LoginOutcome> login(const LoginAttempt& attempt);

 private:
  explicit Accounts(store::Database& db, LockoutPolicy lockout) : db_(db), lockout_(lockout) {}
  Status recordFailure(int64_t user_id, time_t now);
  Status storePassword(int64_t user_id, const std::string& password, bool must_change);
  Result<bool> useRecoveryCode(int64_t user_id, const std::string& code);

  store::Database& db_;
  LockoutPolicy lockout_;
};

}  // namespace sanso::auth
