// The administration part of the JSON API: users and departments, for security managers.
// Every change is recorded in the audit chain, as the `sanso user` commands do.
#pragma once

#include <set>
#include <string>

#include "sanso/http/auth_api.h"
#include "sanso/http/router.h"

namespace sanso::http {

struct AdminApiConfig {
  std::set<std::string> admin_roles = {"security-manager"};  // who may use these routes
  std::set<std::string> known_roles;  // the pack's role ids: a new user's role must be one
};

// Adds GET/POST /api/v1/admin/users, POST /api/v1/admin/users/disable|enable|totp-reset|
// password?id=N, GET /api/v1/admin/departments and POST /api/v1/admin/departments/supervisor|
// substitutes|substitutes/remove?id=N (docs/api.md). `context` must outlive the router.
void addAdminRoutes(Router& router, AuthContext& context, AdminApiConfig config);

}  // namespace sanso::http
