#include "admin_support.h"

#include "json_body.h"
#include "sanso/auth/password.h"

namespace sanso::http {

namespace {
constexpr size_t kMaxLogin = 64;
}  // namespace

Result<Caller> requireAdmin(AuthContext& context, const AdminApiConfig& config,
                            const Request& request) {
  SANSO_ASSIGN_OR_RETURN(Caller caller, authenticate(context, request));
  if (!config.admin_roles.count(caller.user.role)) {
    return Status::denied("forbidden", "user administration is for security managers");
  }
  return caller;
}

Status recordAdminChange(AuthContext& context, const Caller& caller, const Request& request,
                         const std::string& action, const std::string& object,
                         nlohmann::json details) {
  details["via"] = "api";
  details["remote"] = request.remote_address;
  return context.audit
      .append({std::to_string(caller.user.id), request.zone, action, object, std::move(details)})
      .status();
}

Result<int64_t> idParameter(const Request& request) {
  auto id = queryNumber(request.query, "id", 0);
  if (!id || *id == 0) return Status::invalidArgument("expected ?id=<positive integer>");
  return static_cast<int64_t>(*id);
}

Result<auth::User> userForLogin(auth::Accounts& accounts, const std::string& login) {
  const Status unknown = Status::blocked("unknown-login", "no user has that login");
  if (login.empty() || login.size() > kMaxLogin) return unknown;
  auto user = accounts.userByLogin(login);
  if (!user.isOk() && user.status().code() == StatusCode::kNotFound) return unknown;
  return user;
}

Status checkNewPassword(const std::string& password) {
  Status rules = auth::checkPasswordRules(password);
  if (rules.isOk()) return rules;
  return Status::blocked("password-rules", rules.message());
}

}  // namespace sanso::http
