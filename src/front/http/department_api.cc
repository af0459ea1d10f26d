// GET /api/v1/admin/departments and the changes of supervisors (所属長) and substitute
// approvers (代理承認者), recorded in the audit chain as `sanso user supervisor` and
// `sanso dept substitute-add|substitute-remove` record them.
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <tuple>

#include "admin_support.h"
#include "json_body.h"
#include "sanso/auth/jst_day.h"

namespace sanso::http {
namespace {

using nlohmann::json;

// More than any department needs; bounds the list and the notifications of an approval.
constexpr size_t kMaxSubstitutes = 50;

class DepartmentApi {
 public:
  DepartmentApi(AuthContext& context, AdminApiConfig config)
      : context_(context), config_(std::move(config)) {}

  Response list(Request& request) {
    auto caller = requireAdmin(context_, config_, request);
    if (!caller.isOk()) return errorFromStatus(caller.status());
    auto departments = context_.accounts.departments();
    if (!departments.isOk()) return errorFromStatus(departments.status());
    auto logins = loginsById();
    if (!logins.isOk()) return errorFromStatus(logins.status());
    json items = json::array();
    for (const auto& department : *departments) {
      auto item = departmentJson(department, *logins);
      if (!item.isOk()) return errorFromStatus(item.status());
      items.push_back(std::move(*item));
    }
    return Response::json(200, json({{"departments", items}}).dump());
  }

  // {"login":"..."} makes that user the supervisor; {"login":""} or {"login":null} clears it.
  Response supervisor(Request& request) {
    auto target = begin(request);
    if (!target.isOk()) return errorFromStatus(target.status());
    auto& [caller, department, body] = *target;
    auto field = body.find("login");
    if (field == body.end() || !(field->is_string() || field->is_null())) {
      return errorFromStatus(
          Status::invalidArgument("expected {\"login\": a login, \"\" or null}"));
    }
    const std::string login = stringField(body, "login");
    if (login.empty()) {
      std::string previous;
      if (department.supervisor_id) {
        auto old = context_.accounts.user(*department.supervisor_id);
        if (old.isOk()) previous = old->login;
      }
      if (Status s = context_.accounts.clearSupervisor(department.id); !s.isOk()) {
        return errorFromStatus(s);
      }
      return done(caller, request, department.id, "dept.supervisor_clear",
                  "department:" + std::to_string(department.id),
                  {{"department", department.name}, {"login", previous}});
    }
    auto user = enabledUser(login);
    if (!user.isOk()) return errorFromStatus(user.status());
    if (Status s = context_.accounts.setSupervisor(department.id, user->id); !s.isOk()) {
      return errorFromStatus(s);
    }
    return done(caller, request, department.id, "user.supervisor", std::to_string(user->id),
                {{"login", user->login}, {"department", department.name}});
  }

  // {"login","from"?,"until"?}: days YYYY-MM-DD in JST, "until" inclusive; missing or empty
  // leaves that end open. Replaces the period of an existing substitute.
  Response addSubstitute(Request& request) {
    auto target = begin(request);
    if (!target.isOk()) return errorFromStatus(target.status());
    auto& [caller, department, body] = *target;
    auto user = enabledUser(stringField(body, "login"));
    if (!user.isOk()) return errorFromStatus(user.status());
    auth::Substitute substitute{department.id, user->id, 0, 0};
    for (auto [key, field, end_of_day] : {std::tuple{"from", &substitute.valid_from, false},
                                          std::tuple{"until", &substitute.valid_until, true}}) {
      const std::string text = stringField(body, key);
      if (text.empty()) continue;
      auto day = auth::parseJstDay(text, end_of_day);
      if (!day.isOk()) return errorFromStatus(Status::blocked("bad-date", day.status().message()));
      *field = *day;
    }
    if (substitute.valid_until != 0 && substitute.valid_until < substitute.valid_from) {
      return errorFromStatus(
          Status::blocked("period-reversed", "the period ends before it starts"));
    }
    auto existing = context_.accounts.substitutes(department.id);
    if (!existing.isOk()) return errorFromStatus(existing.status());
    bool replacing = false;
    for (const auto& s : *existing) replacing = replacing || s.user_id == user->id;
    if (!replacing && existing->size() >= kMaxSubstitutes) {
      return errorFromStatus(Status::blocked(
          "too-many-substitutes", "at most " + std::to_string(kMaxSubstitutes) + " substitutes"));
    }
    if (Status s = context_.accounts.setSubstitute(substitute); !s.isOk()) {
      return errorFromStatus(s);
    }
    return done(caller, request, department.id, "dept.substitute_add",
                "department:" + std::to_string(department.id),
                {{"department", department.name},
                 {"login", user->login},
                 {"valid_from", substitute.valid_from},
                 {"valid_until", substitute.valid_until}});
  }

  // {"login"}: that user is no longer a substitute of the department.
  Response removeSubstitute(Request& request) {
    auto target = begin(request);
    if (!target.isOk()) return errorFromStatus(target.status());
    auto& [caller, department, body] = *target;
    auto user = userForLogin(context_.accounts, stringField(body, "login"));
    if (!user.isOk()) return errorFromStatus(user.status());
    Status removed = context_.accounts.removeSubstitute(department.id, user->id);
    if (removed.code() == StatusCode::kNotFound) {
      return errorFromStatus(Status::blocked("not-a-substitute", removed.message()));
    }
    if (!removed.isOk()) return errorFromStatus(removed);
    return done(caller, request, department.id, "dept.substitute_remove",
                "department:" + std::to_string(department.id),
                {{"department", department.name}, {"login", user->login}});
  }

 private:
  struct Target {
    Caller caller;
    auth::Department department;
    json body;
  };

  // The administrator, the department of ?id=N and the JSON object of the body.
  Result<Target> begin(const Request& request) {
    SANSO_ASSIGN_OR_RETURN(Caller caller, requireAdmin(context_, config_, request));
    SANSO_ASSIGN_OR_RETURN(int64_t id, idParameter(request));
    SANSO_ASSIGN_OR_RETURN(auth::Department department, context_.accounts.department(id));
    auto body = parseObject(request.body);
    if (!body) return Status::invalidArgument("expected a JSON object");
    return Target{std::move(caller), std::move(department), std::move(*body)};
  }

  // An enabled user: a disabled one can neither approve nor stand in.
  Result<auth::User> enabledUser(const std::string& login) {
    SANSO_ASSIGN_OR_RETURN(auth::User user, userForLogin(context_.accounts, login));
    if (user.disabled) return Status::blocked("user-disabled", "the user is disabled");
    return user;
  }

  Result<std::map<int64_t, std::string>> loginsById() {
    SANSO_ASSIGN_OR_RETURN(auto users, context_.accounts.users());
    std::map<int64_t, std::string> logins;
    for (const auto& user : users) logins[user.id] = user.login;
    return logins;
  }

  Result<json> departmentJson(const auth::Department& department,
                              const std::map<int64_t, std::string>& logins) {
    auto loginOf = [&](int64_t id) -> json {
      auto it = logins.find(id);
      return it == logins.end() ? json(nullptr) : json(it->second);
    };
    SANSO_ASSIGN_OR_RETURN(auto substitutes, context_.accounts.substitutes(department.id));
    const int64_t now = context_.now();
    json subs = json::array();
    for (const auto& s : substitutes) {
      const bool active = (s.valid_from == 0 || s.valid_from <= now) &&
                          (s.valid_until == 0 || now <= s.valid_until);
      subs.push_back({{"user_id", s.user_id},
                      {"login", loginOf(s.user_id)},
                      {"valid_from", s.valid_from},
                      {"valid_until", s.valid_until},
                      {"from", auth::formatJstDay(s.valid_from)},
                      {"until", auth::formatJstDay(s.valid_until)},
                      {"active", active}});
    }
    json supervisor = nullptr;
    json supervisor_login = nullptr;
    if (department.supervisor_id) {
      supervisor = *department.supervisor_id;
      supervisor_login = loginOf(*department.supervisor_id);
    }
    return json{{"id", department.id},
                {"name", department.name},
                {"supervisor_id", supervisor},
                {"supervisor_login", supervisor_login},
                {"substitutes", subs}};
  }

  // Audits the change and answers {"department": the department as it is now}.
  Response done(const Caller& caller, const Request& request, int64_t department_id,
                const std::string& action, const std::string& object, json details) {
    if (Status s = recordAdminChange(context_, caller, request, action, object, std::move(details));
        !s.isOk()) {
      return errorFromStatus(s);
    }
    auto department = context_.accounts.department(department_id);
    if (!department.isOk()) return errorFromStatus(department.status());
    auto logins = loginsById();
    if (!logins.isOk()) return errorFromStatus(logins.status());
    auto item = departmentJson(*department, *logins);
    if (!item.isOk()) return errorFromStatus(item.status());
    return Response::json(200, json({{"department", *item}}).dump());
  }

  AuthContext& context_;
  const AdminApiConfig config_;
};

}  // namespace

void addDepartmentRoutes(Router& router, AuthContext& context, const AdminApiConfig& config) {
  auto api = std::make_shared<DepartmentApi>(context, config);
  const std::string base = "/api/v1/admin/departments";
  router.add("GET", base, [api](Request& r) { return api->list(r); });
  router.add(
      "POST", base + "/supervisor", [api](Request& r) { return api->supervisor(r); },
      jsonAdmission());
  router.add(
      "POST", base + "/substitutes", [api](Request& r) { return api->addSubstitute(r); },
      jsonAdmission());
  router.add(
      "POST", base + "/substitutes/remove", [api](Request& r) { return api->removeSubstitute(r); },
      jsonAdmission());
}

}  // namespace sanso::http
