#include "sanso/http/admin_api.h"

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>

#include "admin_support.h"
#include "json_body.h"
#include "sanso/auth/totp.h"
#include "user_json.h"

namespace sanso::http {
namespace {

using nlohmann::json;

// A random password of 20 base32 characters (100 bits), shown once to the admin.
std::string generatedPassword() { return auth::base32(auth::newTotpSecret()).substr(0, 20); }

class AdminApi {
 public:
  AdminApi(AuthContext& context, AdminApiConfig config)
      : context_(context), config_(std::move(config)) {}

  Result<Caller> admin(const Request& request) { return requireAdmin(context_, config_, request); }

  // Records a change of `user` (the object is the user id, `details.login` its login).
  Status record(const Caller& caller, const Request& request, const std::string& action,
                const auth::User& user, json details) {
    details["login"] = user.login;
    return recordAdminChange(context_, caller, request, action, std::to_string(user.id),
                             std::move(details));
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
    order.password = generatedPassword();
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
    auto id = idParameter(request);
    if (!id.isOk()) return errorFromStatus(id.status());
    auto user = context_.accounts.user(*id);
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
    return updatedUser(user->id, json::object());
  }

  // Sets another user's password: {"generate":true} makes one (shown once in the answer),
  // {"password":"..."} takes the administrator's. The user's sessions end.
  Response resetPassword(Request& request) {
    auto caller = admin(request);
    if (!caller.isOk()) return errorFromStatus(caller.status());
    auto id = idParameter(request);
    if (!id.isOk()) return errorFromStatus(id.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    auto generate = body->find("generate");
    const bool generated =
        generate != body->end() && generate->is_boolean() && generate->get<bool>();
    std::string password = stringField(*body, "password");
    if (generated == !password.empty()) {
      return errorFromStatus(
          Status::invalidArgument("send either {\"generate\":true} or {\"password\":\"...\"}"));
    }
    auto user = context_.accounts.user(*id);
    if (!user.isOk()) return errorFromStatus(user.status());
    // One's own password needs the current one (POST /api/v1/me/password): a stolen session
    // must not be enough to take the account over.
    if (user->id == caller->user.id) {
      return errorFromStatus(Status::blocked(
          "self-password", "change your own password with POST /api/v1/me/password"));
    }
    if (generated) password = generatedPassword();
    if (Status rules = checkNewPassword(password); !rules.isOk()) return errorFromStatus(rules);
    Status status = context_.accounts.setPassword(user->id, password);
    if (status.isOk()) status = context_.sessions.revokeAll(user->id);
    if (!status.isOk()) return errorFromStatus(status);
    if (Status s = record(*caller, request, "user.passwd", *user,
                          {{"generated", generated}, {"sessions_ended", true}});
        !s.isOk()) {
      return errorFromStatus(s);
    }
    json extra = json::object();
    if (generated) extra["generated_password"] = password;
    return updatedUser(user->id, std::move(extra));
  }

 private:
  // {"user": the user as it is now, ...extra}.
  Response updatedUser(int64_t id, json answer) {
    auto updated = context_.accounts.user(id);
    if (!updated.isOk()) return errorFromStatus(updated.status());
    answer["user"] = userJson(*updated);
    return Response::json(200, answer.dump());
  }

  AuthContext& context_;
  const AdminApiConfig config_;
};

}  // namespace

void addAdminRoutes(Router& router, AuthContext& context, AdminApiConfig config) {
  auto api = std::make_shared<AdminApi>(context, config);
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
  router.add(
      "POST", base + "/users/password", [api](Request& r) { return api->resetPassword(r); },
      jsonAdmission());
  addDepartmentRoutes(router, context, config);
}

}  // namespace sanso::http
