#include "schema.h"

namespace sanso::auth {

const std::vector<store::Migration>& authMigrations() {
  static const std::vector<store::Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  supervisor_id INTEGER REFERENCES users(id)
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  role TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  totp_secret BLOB,
  totp_pending BLOB,
  totp_last_step INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE recovery_codes (
  user_id INTEGER NOT NULL REFERENCES users(id),
  code_hash TEXT NOT NULL,
  used INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, code_hash)
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  zone TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  mfa_ok INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
)sql"},
      {2, R"sql(
CREATE TABLE department_substitutes (
  department_id INTEGER NOT NULL REFERENCES departments(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  valid_from INTEGER NOT NULL DEFAULT 0,
  valid_until INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (department_id, user_id)
);
CREATE INDEX department_substitutes_user ON department_substitutes(user_id);
)sql"},
      {3, R"sql(
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
)sql"},
  };
  return kMigrations;
}

}  // namespace sanso::auth
