// `sanso dept list|substitute-add|substitute-remove`: departments, their supervisors and
// substitute approvers (代理承認者) from the command line. Every change is audited.
#include <cstdio>
#include <optional>

#include "account_cli.h"
#include "commands.h"
#include "sanso/auth/accounts.h"
#include "sanso/auth/jst_day.h"
#include "sanso/store/data_dir.h"
#include "sanso/store/database.h"
#include "server_commands.h"

namespace sanso::app {
namespace {

struct DeptOptions {
  std::string data_dir;
  std::string department;
  std::string login;
  std::string from;   // YYYY-MM-DD, empty: valid from now
  std::string until;  // YYYY-MM-DD (inclusive), empty: no end
};

int fail(const Status& status) { return failAccountCommand("dept", status); }

std::string loginOf(auth::Accounts& accounts, std::optional<int64_t> id) {
  if (!id) return "-";
  auto user = accounts.user(*id);
  return user.isOk() ? user->login : "#" + std::to_string(*id);
}

// A JST day of a substitute period, "-" for an open end.
std::string day(int64_t unix_seconds) {
  std::string text = auth::formatJstDay(unix_seconds);
  return text.empty() ? "-" : text;
}

int list(auth::Accounts& accounts) {
  auto departments = accounts.departments();
  if (!departments.isOk()) return fail(departments.status());
  for (const auto& d : *departments) {
    std::printf("%-6lld %s  supervisor: %s\n", static_cast<long long>(d.id), d.name.c_str(),
                loginOf(accounts, d.supervisor_id).c_str());
    auto substitutes = accounts.substitutes(d.id);
    if (!substitutes.isOk()) return fail(substitutes.status());
    for (const auto& s : *substitutes) {
      std::printf("       substitute: %s  %s .. %s\n", loginOf(accounts, s.user_id).c_str(),
                  day(s.valid_from).c_str(), day(s.valid_until).c_str());
    }
  }
  return kExitOk;
}

int run(const std::string& action, const DeptOptions& o) {
  if (Status status = store::ensureDataDir(o.data_dir); !status.isOk()) return fail(status);
  auto db = store::Database::open(o.data_dir + "/sanso.db");
  if (!db.isOk()) return fail(db.status());
  auto accounts = auth::Accounts::open(**db);
  if (!accounts.isOk()) return fail(accounts.status());
  auth::Accounts& a = **accounts;
  if (action == "list") return list(a);
  auto department = a.departmentByName(o.department);
  if (!department.isOk()) return fail(department.status());
  auto user = a.userByLogin(o.login);
  if (!user.isOk()) return fail(user.status());
  nlohmann::json details = {{"department", department->name}, {"login", user->login}};
  Status status;
  if (action == "substitute-add") {
    auth::Substitute substitute{department->id, user->id, 0, 0};
    if (!o.from.empty()) {
      auto from = auth::parseJstDay(o.from, false);
      if (!from.isOk()) return fail(from.status());
      substitute.valid_from = *from;
    }
    if (!o.until.empty()) {
      auto until = auth::parseJstDay(o.until, true);
      if (!until.isOk()) return fail(until.status());
      substitute.valid_until = *until;
    }
    status = a.setSubstitute(substitute);
    details["valid_from"] = substitute.valid_from;
    details["valid_until"] = substitute.valid_until;
  } else {
    status = a.removeSubstitute(department->id, user->id);
  }
  if (!status.isOk()) return fail(status);
  std::string audit_action =
      action == "substitute-add" ? "dept.substitute_add" : "dept.substitute_remove";
  if (Status s = recordCliChange(o.data_dir, audit_action,
                                 "department:" + std::to_string(department->id), details);
      !s.isOk()) {
    return fail(s);
  }
  std::printf("%s: done for %s in %s\n", action.c_str(), user->login.c_str(),
              department->name.c_str());
  return kExitOk;
}

}  // namespace

std::function<int()> setUpDeptCommand(CLI::App& command) {
  auto* cmd = &command;
  cmd->require_subcommand(1);
  auto options = std::make_shared<DeptOptions>();
  auto action = std::make_shared<std::string>();
  auto common = [&](CLI::App* sub) {
    sub->add_option("--data", options->data_dir, "data directory of the server")->required();
    sub->callback([action, sub] { *action = sub->get_name(); });
  };
  common(cmd->add_subcommand("list", "List departments with supervisor and substitutes"));
  auto* add = cmd->add_subcommand(
      "substitute-add", "Let a user approve a department's exports in the supervisor's stead");
  common(add);
  add->add_option("--department", options->department, "an existing department")->required();
  add->add_option("--login", options->login, "the substitute approver")->required();
  add->add_option("--from", options->from, "first day, YYYY-MM-DD (JST); default: now");
  add->add_option("--until", options->until, "last day, YYYY-MM-DD (JST); default: no end");
  auto* remove = cmd->add_subcommand("substitute-remove", "Remove a substitute approver");
  common(remove);
  remove->add_option("--department", options->department)->required();
  remove->add_option("--login", options->login)->required();
  return [options, action] { return run(*action, *options); };
}

}  // namespace sanso::app
