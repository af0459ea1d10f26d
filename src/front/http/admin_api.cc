#include "sanso/http/admin_api.h"

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>

#include "json_body.h"
#include "sanso/auth/totp.h"

namespace sanso::http {
namespace {

using nlohmann::json;

json userJson(const auth::User& user) {
  return {{"id", user.id},
          {"login", user.login},
          {"display_name", user.display_name},
          {"department_id", user.department_id},
          {"role", user.role},
          {"email", user.email},
          {"totp_enabled", user.totp_enabled},
          {"disabled", user.disabled}};
}

// A random initial password of 20 base32 characters (100 bits), shown once to the admin.
std::string initialPassword() { return auth::base32(auth::newTotpSecret()).substr(0, 20); }

class AdminApi {
 public:
  AdminApi(AuthContext& context, AdminApiConfig config)
      : context_(context), config_(std::move(config)) {}

  // The caller, when a logged-in security manager (with CSRF for state changes).
  Result<Caller> admin(const Request& request) {
    SANSO_ASSIGN_OR_RETURN(Caller caller, authenticate(context_, request));
    if (!config_.admin_roles.count(caller.user.role)) {
      return Status::denied("forbidden", "user administration is for security managers");
    }
    return caller;
  }

  // Appends the change to the audit chain; a change that cannot be recorded is reported.
  Status record(const Caller& caller, const Request& request, const std::string& action,
                const auth::User& user, json details) {
    details["login"] = user.login;
    details["via"] = "api";
    details["remote"] = request.remote_address;
    return context_.audit
        .append({std::to_string(caller.user.id), request.zone, action, std::to_string(user.id),
                 std::move(details)})
        .status();
  }

  Response users(Request& request) {
    auto caller = admin(request);
    if (!caller.isOk()) return errorFromStatus(caller.status());
    auto users = context_.accounts.users();
    if (!users.isOk()) return errorFromStatus(users.status());
    json items = json::array();
    for (const auto& user : *users) items.push_back(userJson(user));
    return Response::json(200, json({{"users", items}}).dump());
  }

  Response create(Request& request) {
    auto caller = admin(request);
    if (!caller.isOk()) return errorFromStatus(caller.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    auth::NewUser order;
    order.login = stringField(*body, "login");
    order.display_name = stringField(*body, "display_name");
    if (order.display_name.empty()) order.display_name = order.login;
    order.department = stringField(*body, "department");
    order.role = stringField(*body, "role");
    order.email = stringField(*body, "email");
    if (order.department.empty()) {
      return errorFromStatus(Status::invalidArgument("department is required"));
    }
    if (!config_.known_roles.count(order.role)) {
      return errorFromStatus(Status::invalidArgument("role is not one of the policy pack's"));
    }
    order.password = initialPassword();
    auto user = context_.accounts.addUser(order);
    if (!user.isOk()) return errorFromStatus(user.status());
    if (Status s = record(*caller, request, "user.create", *user,
                          {{"role", user->role}, {"department", order.department}});
        !s.isOk()) {
      return errorFromStatus(s);
    }
    json answer = {{"user", userJson(*user)}, {"initial_password", order.password}};
    return Response::json(200, answer.dump());
  }

  enum class Change { kDisable, kEnable, kTotpReset };

  Response change(Request& request, Change change) {
    auto caller = admin(request);
    if (!caller.isOk()) return errorFromStatus(caller.status());
    auto id = queryNumber(request.query, "id", 0);
    if (!id || *id == 0) {
      return errorFromStatus(Status::invalidArgument("expected ?id=<positive integer>"));
    }
    auto user = context_.accounts.user(static_cast<int64_t>(*id));
    if (!user.isOk()) return errorFromStatus(user.status());
    if (change == Change::kDisable && user->id == caller->user.id) {
      return errorFromStatus(Status::invalidArgument("you cannot disable your own account"));
    }
    Status status;
    std::string action;
    switch (change) {
      case Change::kDisable:
        status = context_.accounts.setDisabled(user->id, true);
        // Its open sessions end now, not at their timeout.
        if (status.isOk()) status = context_.sessions.revokeAll(user->id);
        action = "user.disable";
        break;
      case Change::kEnable:
        status = context_.accounts.setDisabled(user->id, false);
        action = "user.enable";
        break;
      case Change::kTotpReset:
        status = context_.accounts.resetTotp(user->id);
        action = "user.totp_reset";
        break;
    }
    if (!status.isOk()) return errorFromStatus(status);
    if (Status s = record(*caller, request, action, *user, json::object()); !s.isOk()) {
      return errorFromStatus(s);
    }
    auto updated = context_.accounts.user(user->id);
    if (!updated.isOk()) return errorFromStatus(updated.status());
    return Response::json(200, json({{"user", userJson(*updated)}}).dump());
  }

  Response departments(Request& request) {
    auto caller = admin(request);
    if (!caller.isOk()) return errorFromStatus(caller.status());
    auto departments = context_.accounts.departments();
    if (!departments.isOk()) return errorFromStatus(departments.status());
    json items = json::array();
    for (const auto& department : *departments) {
      auto substitutes = context_.accounts.substitutes(department.id);
      if (!substitutes.isOk()) return errorFromStatus(substitutes.status());
      json subs = json::array();
      for (const auto& s : *substitutes) {
        subs.push_back(
            {{"user_id", s.user_id}, {"valid_from", s.valid_from}, {"valid_until", s.valid_until}});
      }
      json supervisor = nullptr;
      if (department.supervisor_id) supervisor = *department.supervisor_id;
      items.push_back({{"id", department.id},
                       {"name", department.name},
                       {"supervisor_id", supervisor},
                       {"substitutes", subs}});
    }
    return Response::json(200, json({{"departments", items}}).dump());
  }

 private:
  AuthContext& context_;
  const AdminApiConfig config_;
};

}  // namespace

void addAdminRoutes(Router& router, AuthContext& context, AdminApiConfig config) {
  auto api = std::make_shared<AdminApi>(context, std::move(config));
  const std::string base = "/api/v1/admin";
  router.add("GET", base + "/users", [api](Request& r) { return api->users(r); });
  router.add(
      "POST", base + "/users", [api](Request& r) { return api->create(r); }, jsonAdmission());
  router.add(
      "POST", base + "/users/disable",
      [api](Request& r) { return api->change(r, AdminApi::Change::kDisable); }, jsonAdmission());
  router.add(
      "POST", base + "/users/enable",
      [api](Request& r) { return api->change(r, AdminApi::Change::kEnable); }, jsonAdmission());
  router.add(
      "POST", base + "/users/totp-reset",
      [api](Request& r) { return api->change(r, AdminApi::Change::kTotpReset); }, jsonAdmission());
  router.add("GET", base + "/departments", [api](Request& r) { return api->departments(r); });
}

}  // namespace sanso::http
