// `sanso user add|list|passwd|totp-reset|supervisor`: accounts from the command line, for the
// first administrator and for recovery. Every change is recorded in the audit chain.
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "account_cli.h"
#include "commands.h"
#include "sanso/auth/accounts.h"
#include "sanso/auth/sessions.h"
#include "sanso/auth/totp.h"
#include "sanso/policy/loader.h"
#include "sanso/store/data_dir.h"
#include "sanso/store/database.h"
#include "server_commands.h"

namespace sanso::app {
namespace {

struct UserOptions {
  std::string data_dir;
  std::string policy = policy::kDefaultPackPath;
  std::string login;
  std::string name;
  std::string department;
  std::string role = "staff";
  std::string email;
  bool password_stdin = false;
};

// A random password of 20 base32 characters (100 bits), printed once.
std::string generatedPassword() {
  std::vector<uint8_t> bytes(13);
  randombytes_buf(bytes.data(), bytes.size());
  return auth::base32(bytes).substr(0, 20);
}

Result<std::string> readPasswordLine() {
  std::string line;
  if (!std::getline(std::cin, line)) return Status::invalidArgument("no password on stdin");
  return line;
}

int fail(const Status& status) { return failAccountCommand("user", status); }

int run(const std::string& action, const UserOptions& o) {
  if (Status status = store::ensureDataDir(o.data_dir); !status.isOk()) return fail(status);
  auto db = store::Database::open(o.data_dir + "/sanso.db");
  if (!db.isOk()) return fail(db.status());
  auto accounts = auth::Accounts::open(**db);
  if (!accounts.isOk()) return fail(accounts.status());
  auth::Accounts& a = **accounts;
  if (action == "list") {
    auto users = a.users();
    if (!users.isOk()) return fail(users.status());
    for (const auto& u : *users) {
      std::printf("%-6lld %-20s %-12s %s%s%s\n", static_cast<long long>(u.id), u.login.c_str(),
                  u.role.c_str(), u.display_name.c_str(), u.totp_enabled ? "  [TOTP]" : "",
                  u.disabled ? "  [disabled]" : "");
    }
    return kExitOk;
  }
  if (action == "add") {
    auto pack = policy::loadPack(o.policy);
    if (!pack.isOk()) return fail(pack.status());
    bool known_role = false;
    for (const auto& role : pack->roles) known_role = known_role || role.id == o.role;
    if (!known_role)
      return fail(Status::invalidArgument("role '" + o.role + "' is not in the pack"));
    std::string password = generatedPassword();
    if (o.password_stdin) {
      auto line = readPasswordLine();
      if (!line.isOk()) return fail(line.status());
      password = *line;
    }
    auto user = a.addUser(
        {o.login, o.name.empty() ? o.login : o.name, o.department, o.role, o.email, password});
    if (!user.isOk()) return fail(user.status());
    if (Status s = recordCliChange(o.data_dir, "user.create", std::to_string(user->id),
                                   {{"login", user->login}, {"role", user->role}});
        !s.isOk()) {
      return fail(s);
    }
    std::printf("added %s (id %lld, role %s)\n", user->login.c_str(),
                static_cast<long long>(user->id), user->role.c_str());
    if (!o.password_stdin) std::printf("password: %s\n", password.c_str());
    return kExitOk;
  }
  auto user = a.userByLogin(o.login);
  if (!user.isOk()) return fail(user.status());
  Status status;
  if (action == "passwd") {
    auto line = readPasswordLine();
    if (!line.isOk()) return fail(line.status());
    status = a.setPassword(user->id, *line);
    // As through the API: whoever had the old password is logged out now.
    if (status.isOk()) status = auth::Sessions(**db, {}).revokeAll(user->id);
  } else if (action == "totp-reset") {
    status = a.resetTotp(user->id);
  } else if (action == "supervisor") {
    auto department = a.ensureDepartment(o.department);
    status = department.isOk() ? a.setSupervisor(department->id, user->id) : department.status();
  }
  if (!status.isOk()) return fail(status);
  // Audit actions are dotted lower-case names: "totp-reset" is recorded as "user.totp_reset".
  std::string audit_action = "user." + action;
  std::replace(audit_action.begin(), audit_action.end(), '-', '_');
  if (Status s = recordCliChange(o.data_dir, audit_action, std::to_string(user->id),
                                 {{"login", user->login}, {"department", o.department}});
      !s.isOk()) {
    return fail(s);
  }
  std::printf("%s: done for %s\n", action.c_str(), user->login.c_str());
  return kExitOk;
}

}  // namespace

std::function<int()> setUpUserCommand(CLI::App& command) {
  auto* cmd = &command;
  cmd->require_subcommand(1);
  auto options = std::make_shared<UserOptions>();
  auto action = std::make_shared<std::string>();
  auto common = [&](CLI::App* sub) {
    sub->add_option("--data", options->data_dir, "data directory of the server")->required();
    sub->callback([action, sub] { *action = sub->get_name(); });
  };
  auto* add = cmd->add_subcommand("add", "Add a user (prints a generated password)");
  common(add);
  add->add_option("--login", options->login, "login name: a-z 0-9 . _ -")->required();
  add->add_option("--name", options->name, "display name");
  add->add_option("--department", options->department, "department (created when new)")->required();
  add->add_option("--role", options->role, "role id of the policy pack (default staff)");
  add->add_option("--email", options->email, "mail address for notifications");
  add->add_option("--policy", options->policy, "policy pack, for the role ids");
  add->add_flag("--password-stdin", options->password_stdin, "read the password from stdin");
  common(cmd->add_subcommand("list", "List users"));
  auto* passwd = cmd->add_subcommand(
      "passwd",
      "Set a temporary password read from stdin (the user must change it at the next login)");
  common(passwd);
  passwd->add_option("--login", options->login)->required();
  auto* reset = cmd->add_subcommand("totp-reset", "Remove a user's TOTP (re-enrolment)");
  common(reset);
  reset->add_option("--login", options->login)->required();
  auto* supervisor = cmd->add_subcommand("supervisor", "Make a user the approver of a department");
  common(supervisor);
  supervisor->add_option("--login", options->login)->required();
  supervisor->add_option("--department", options->department)->required();
  return [options, action] { return run(*action, *options); };
}

}  // namespace sanso::app
