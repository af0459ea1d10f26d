// The account part of the JSON API: login (password and TOTP), logout, the caller's profile,
// TOTP enrolment; and authenticate(), which every other API route uses to find its caller.
#pragma once

#include <ctime>
#include <functional>
#include <set>
#include <string>

#include "sanso/audit/audit_log.h"
#include "sanso/auth/accounts.h"
#include "sanso/auth/sessions.h"
#include "sanso/http/router.h"

namespace sanso::http {

struct AuthContext {
  auth::Accounts& accounts;
  auth::Sessions& sessions;
  audit::AuditLog& audit;
  std::set<std::string> mfa_roles;  // roles that must use TOTP (the pack's admin roles)
  std::set<std::string> mfa_zones;  // listeners where everyone must use TOTP (My Number)
  std::string issuer = "sanso";     // shown in authenticator apps
  std::function<time_t()> now = [] { return std::time(nullptr); };
};

struct Caller {
  auth::User user;
  auth::Session session;
  std::string token;
};

// The session cookie's name on `zone`'s listener: one per zone, because browsers send a
// host's cookies to every port.
std::string sessionCookieName(const std::string& zone);

// The value of cookie `name` in the request's Cookie header; empty when absent.
std::string cookieValue(const Request& request, const std::string& name);

// What a route accepts of a session that is not complete yet.
struct Unfinished {
  bool mfa_pending = false;      // the second factor is not done (TOTP enrolment, logout...)
  bool password_change = false;  // an administrator reset the password and it is not changed
};

// The caller of `request`: a valid session for the request's zone, for methods other than GET
// the X-CSRF-Token header matching the session, its second factor done and no password change
// pending unless `allowed`. Status::denied ("no-session", "csrf", "mfa-pending",
// "password-change-required") otherwise.
Result<Caller> authenticate(AuthContext& context, const Request& request, Unfinished allowed = {});

// The HTTP response for a failed Status: 401/403/404/400/413/500 with {"error","message"}.
Response errorFromStatus(const Status& status);

// Adds POST /api/v1/login, POST /api/v1/logout, GET /api/v1/me,
// POST /api/v1/me/totp/begin, POST /api/v1/me/totp/confirm, POST /api/v1/me/password.
void addAuthRoutes(Router& router, AuthContext& context);

}  // namespace sanso::http
