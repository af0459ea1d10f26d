#include "sanso/http/auth_api.h"

#include <nlohmann/json.hpp>

#include "json_body.h"
#include "user_json.h"

namespace sanso::http {
namespace {

// The account's own routes (logout, profile, TOTP enrolment) work before the session is
// complete: they are how it gets completed.
constexpr Unfinished kAccountRoute{.mfa_pending = true, .password_change = true};

using nlohmann::json;

std::string cookieHeader(const std::string& name, const std::string& value, bool tls,
                         int64_t max_age) {
  std::string header = name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (tls) header += "; Secure";
  header += "; Max-Age=" + std::to_string(max_age);
  return header;
}

void audit(AuthContext& context, const Request& request, const std::string& actor,
           const std::string& action, json details = json::object()) {
  details["remote"] = request.remote_address;
  // The audit chain is the record of what happened: a failure to write it is logged by the
  // caller's Status only where the operation itself can still fail; logins continue.
  (void)context.audit.append({actor, request.zone, action, "", std::move(details)});
}

Response login(AuthContext& context, Request& request) {
  auto body = parseObject(request.body);
  if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
  auth::LoginAttempt attempt;
  attempt.login = stringField(*body, "login");
  attempt.password = stringField(*body, "password");
  attempt.second_factor = stringField(*body, "code");
  attempt.now = context.now();
  attempt.mfa_required = context.mfa_zones.count(request.zone) != 0;
  if (!attempt.mfa_required) {
    auto user = context.accounts.userByLogin(attempt.login);
    attempt.mfa_required = user.isOk() && context.mfa_roles.count(user->role) != 0;
  }
  auto outcome = context.accounts.login(attempt);
  if (!outcome.isOk()) {
    if (outcome.status().reason() != "totp-required") {
      audit(context, request, "anonymous", "login.failure",
            {{"login", attempt.login.substr(0, 64)}, {"reason", outcome.status().reason()}});
    }
    return errorFromStatus(outcome.status());
  }
  auto session =
      context.sessions.create(outcome->user.id, request.zone, outcome->mfa_ok, attempt.now);
  if (!session.isOk()) return errorFromStatus(session.status());
  audit(context, request, std::to_string(outcome->user.id), "login.success",
        {{"recovery_code", outcome->used_recovery_code}, {"mfa_ok", outcome->mfa_ok}});
  json reply = {{"user", userJson(outcome->user)},
                {"csrf_token", session->csrf_token},
                {"mfa_ok", outcome->mfa_ok}};
  Response response = Response::json(200, reply.dump());
  response.headers.emplace_back("Set-Cookie", cookieHeader(sessionCookieName(request.zone),
                                                           session->token, request.tls, 12 * 3600));
  return response;
}

Response logout(AuthContext& context, Request& request) {
  auto caller = authenticate(context, request, kAccountRoute);
  if (!caller.isOk()) return errorFromStatus(caller.status());
  if (Status status = context.sessions.revoke(caller->token); !status.isOk()) {
    return errorFromStatus(status);
  }
  audit(context, request, std::to_string(caller->user.id), "logout");
  Response response = Response::json(200, "{}");
  response.headers.emplace_back("Set-Cookie",
                                cookieHeader(sessionCookieName(request.zone), "", request.tls, 0));
  return response;
}

Response me(AuthContext& context, Request& request) {
  auto caller = authenticate(context, request, kAccountRoute);
  if (!caller.isOk()) return errorFromStatus(caller.status());
  json reply = {{"user", userJson(caller->user)},
                {"csrf_token", caller->session.csrf_token},
                {"mfa_ok", caller->session.mfa_ok},
                {"zone", request.zone}};
  return Response::json(200, reply.dump());
}

Response beginTotp(AuthContext& context, Request& request) {
  auto caller = authenticate(context, request, kAccountRoute);
  if (!caller.isOk()) return errorFromStatus(caller.status());
  if (caller->user.totp_enabled) {
    return errorFromStatus(
        Status::invalidArgument("TOTP is already set up; ask an administrator to reset it"));
  }
  auto enrolment = context.accounts.beginTotp(caller->user.id, context.issuer);
  if (!enrolment.isOk()) return errorFromStatus(enrolment.status());
  json reply = {{"secret", enrolment->secret_base32},
                {"otpauth_uri", enrolment->otpauth_uri},
                {"qr_svg", enrolment->qr_svg}};
  return Response::json(200, reply.dump());
}

Response confirmTotp(AuthContext& context, Request& request) {
  auto caller = authenticate(context, request, kAccountRoute);
  if (!caller.isOk()) return errorFromStatus(caller.status());
  auto body = parseObject(request.body);
  if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
  auto codes =
      context.accounts.confirmTotp(caller->user.id, stringField(*body, "code"), context.now());
  if (!codes.isOk()) return errorFromStatus(codes.status());
  if (Status status = context.sessions.markMfaOk(caller->token); !status.isOk()) {
    return errorFromStatus(status);
  }
  audit(context, request, std::to_string(caller->user.id), "totp.enrol");
  return Response::json(200, json({{"recovery_codes", *codes}}).dump());
}

// The caller's own password: {"current_password","new_password"}. The caller's other sessions
// end (one that stole the old password is out); this one stays.
Response changePassword(AuthContext& context, Request& request) {
  auto caller = authenticate(context, request, {.password_change = true});
  if (!caller.isOk()) return errorFromStatus(caller.status());
  auto body = parseObject(request.body);
  if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
  Status status =
      context.accounts.changePassword(caller->user.id, stringField(*body, "current_password"),
                                      stringField(*body, "new_password"), context.now());
  if (status.isOk()) status = context.sessions.revokeOthers(caller->user.id, caller->token);
  if (!status.isOk()) {
    if (status.reason() == "wrong-password") {
      audit(context, request, std::to_string(caller->user.id), "user.passwd_failure",
            {{"login", caller->user.login}});
    }
    return errorFromStatus(status);
  }
  // Recorded as `sanso user passwd` records it, with the user as actor.
  status = context.audit
               .append({std::to_string(caller->user.id),
                        request.zone,
                        "user.passwd",
                        std::to_string(caller->user.id),
                        {{"login", caller->user.login},
                         {"self", true},
                         {"sessions_ended", true},
                         {"via", "api"},
                         {"remote", request.remote_address}}})
               .status();
  if (!status.isOk()) return errorFromStatus(status);
  return Response::json(200, "{}");
}

}  // namespace

std::string sessionCookieName(const std::string& zone) { return "sanso_session_" + zone; }

std::string cookieValue(const Request& request, const std::string& name) {
  const std::string header = request.header("cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string pair = header.substr(pos, end - pos);
    size_t start = pair.find_first_not_of(' ');
    if (start != std::string::npos) pair.erase(0, start);
    if (pair.size() > name.size() && pair.compare(0, name.size(), name) == 0 &&
        pair[name.size()] == '=') {
      return pair.substr(name.size() + 1);
    }
    pos = end + 1;
  }
  return {};
}

Result<Caller> authenticate(AuthContext& context, const Request& request, Unfinished allowed) {
  Caller caller;
  caller.token = cookieValue(request, sessionCookieName(request.zone));
  SANSO_ASSIGN_OR_RETURN(caller.session,
                         context.sessions.validate(caller.token, request.zone, context.now()));
  if (request.method != "GET" &&
      !auth::Sessions::csrfMatches(caller.session, request.header("x-csrf-token"))) {
    return Status::denied("csrf", "missing or wrong X-CSRF-Token");
  }
  if (!caller.session.mfa_ok && !allowed.mfa_pending) {
    return Status::denied("mfa-pending", "set up TOTP first");
  }
  SANSO_ASSIGN_OR_RETURN(caller.user, context.accounts.user(caller.session.user_id));
  if (caller.user.must_change_password && !allowed.password_change) {
    return Status::denied("password-change-required",
                          "an administrator reset the password: change it first");
  }
  return caller;
}

Response errorFromStatus(const Status& status) {
  int code = 500;
  switch (status.code()) {
    case StatusCode::kDenied:
      code = status.reason() == "no-session" || status.reason() == "bad-credentials" ||
                     status.reason() == "totp-required" || status.reason() == "totp-wrong" ||
                     status.reason() == "totp-replayed"
                 ? 401
                 : 403;
      break;
    case StatusCode::kNotFound:
      code = 404;
      break;
    case StatusCode::kInvalidArgument:
    case StatusCode::kBlocked:
      code = 400;
      break;
    default:
      code = 500;
  }
  // Internal details stay in the server; the client gets the reason slug.
  std::string message = code == 500 ? "internal error" : status.message();
  return Response::json(code, json({{"error", status.reason()}, {"message", message}}).dump());
}

void addAuthRoutes(Router& router, AuthContext& context) {
  router.add(
      "POST", "/api/v1/login", [&context](Request& r) { return login(context, r); },
      jsonAdmission());
  router.add("POST", "/api/v1/logout", [&context](Request& r) { return logout(context, r); });
  router.add("GET", "/api/v1/me", [&context](Request& r) { return me(context, r); });
  router.add("POST", "/api/v1/me/totp/begin",
             [&context](Request& r) { return beginTotp(context, r); });
  router.add(
      "POST", "/api/v1/me/totp/confirm", [&context](Request& r) { return confirmTotp(context, r); },
      jsonAdmission());
  router.add(
      "POST", "/api/v1/me/password", [&context](Request& r) { return changePassword(context, r); },
      jsonAdmission());
}

}  // namespace sanso::http
