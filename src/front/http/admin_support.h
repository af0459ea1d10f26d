// What the administration routes (admin_api.cc: users, department_api.cc: departments) share:
// who may call them, how a change is audited, and the reason slugs of refused input.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "sanso/http/admin_api.h"

namespace sanso::http {

// The caller when a logged-in user of an admin role (CSRF checked for state changes);
// Status::denied "forbidden" for other roles.
Result<Caller> requireAdmin(AuthContext& context, const AdminApiConfig& config,
                            const Request& request);

// Appends the change to the audit chain as the `sanso user` and `sanso dept` commands record it
// (same action, object and details), with the acting administrator as actor and
// `details.via` = "api" and `details.remote`. A change that cannot be recorded is reported.
Status recordAdminChange(AuthContext& context, const Caller& caller, const Request& request,
                         const std::string& action, const std::string& object,
                         nlohmann::json details);

// The `?id=N` of a request (a positive integer); invalidArgument otherwise.
Result<int64_t> idParameter(const Request& request);

// The user with login `login` of a request body: Status::blocked "unknown-login" when the text
// is not a login or nobody has it.
Result<auth::User> userForLogin(auth::Accounts& accounts, const std::string& login);

// checkPasswordRules(), with the reason slug "password-rules" for the web UI.
Status checkNewPassword(const std::string& password);

// Adds GET /api/v1/admin/departments and the supervisor and substitute routes.
void addDepartmentRoutes(Router& router, AuthContext& context, const AdminApiConfig& config);

}  // namespace sanso::http
