// `sanso serve --config FILE`: the gateway's listeners, until SIGTERM or SIGINT.
#include <signal.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "sanso/audit/audit_log.h"
#include "sanso/auth/accounts.h"
#include "sanso/auth/sessions.h"
#include "sanso/http/auth_api.h"
#include "sanso/http/router.h"
#include "sanso/http/serve_config.h"
#include "sanso/http/server.h"
#include "sanso/policy/loader.h"
#include "sanso/sanitize/engine.h"
#include "sanso/store/data_dir.h"
#include "sanso/store/database.h"

namespace sanso::app {
namespace {

void addApiRoutes(http::Router& router) {
  router.add("GET", "/api/v1/health", [](http::Request& request) {
    nlohmann::json body = {
        {"status", "ok"}, {"zone", request.zone}, {"version", sanitize::engineVersion()}};
    return http::Response::json(200, body.dump());
  });
}

// Everything the listeners serve, opened from the data directory and the policy pack.
struct Services {
  policy::PolicyPack pack;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<auth::Accounts> accounts;
  std::unique_ptr<auth::Sessions> sessions;
  std::unique_ptr<audit::AuditLog> audit;
  std::unique_ptr<http::AuthContext> auth;
};

Result<std::unique_ptr<Services>> openServices(const http::ServerConfig& config) {
  auto services = std::make_unique<Services>();
  const std::string pack_path =
      config.policy_file.empty() ? policy::kDefaultPackPath : config.policy_file;
  SANSO_ASSIGN_OR_RETURN(services->pack, policy::loadPack(pack_path));
  for (const auto& listener : config.listeners) {
    bool known = false;
    for (const auto& zone : services->pack.zones) known = known || zone.id == listener.zone;
    if (!known) {
      return Status::invalidArgument("listener zone '" + listener.zone +
                                     "' is not a zone of the policy pack " + pack_path);
    }
  }
  SANSO_ASSIGN_OR_RETURN(services->db, store::Database::open(config.data_dir + "/sanso.db"));
  SANSO_ASSIGN_OR_RETURN(services->accounts, auth::Accounts::open(*services->db));
  services->sessions = std::make_unique<auth::Sessions>(*services->db, auth::SessionPolicy{});
  SANSO_ASSIGN_OR_RETURN(services->audit, audit::AuditLog::open(config.data_dir));
  services->auth = std::make_unique<http::AuthContext>(
      http::AuthContext{*services->accounts, *services->sessions, *services->audit, {}, {}});
  for (const auto& role : services->pack.roles) {
    if (role.admin) services->auth->mfa_roles.insert(role.id);
  }
  // Every login through an isolated zone's listener (My Number) needs the second factor.
  for (const auto& zone : services->pack.zones) {
    if (zone.isolated) services->auth->mfa_zones.insert(zone.id);
  }
  return services;
}

int serve(const std::string& config_path) {
  auto config = http::loadServerConfig(config_path);
  if (!config.isOk()) {
    std::fprintf(stderr, "sanso serve: %s\n", config.status().message().c_str());
    return kExitUsage;
  }
  if (Status status = store::ensureDataDir(config->data_dir); !status.isOk()) {
    std::fprintf(stderr, "sanso serve: %s\n", status.message().c_str());
    return kExitInternal;
  }
  // Server threads inherit this mask: the signals are taken only by sigwait() below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto services = openServices(*config);
  if (!services.isOk()) {
    std::fprintf(stderr, "sanso serve: %s\n", services.status().message().c_str());
    return services.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitInternal;
  }
  http::Router router(config->web_root);
  addApiRoutes(router);
  http::addAuthRoutes(router, *(*services)->auth);
  auto server = http::Server::start(config->listeners, config->limits, router);
  if (!server.isOk()) {
    std::fprintf(stderr, "sanso serve: %s\n", server.status().message().c_str());
    return kExitInternal;
  }
  for (const auto& listener : (*server)->listeners()) {
    std::string host =
        listener.host.find(':') != std::string::npos ? "[" + listener.host + "]" : listener.host;
    std::printf("%s: %s://%s:%u/\n", listener.zone.c_str(), listener.tls ? "https" : "http",
                host.c_str(), listener.port);
  }
  std::fflush(stdout);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::fprintf(stderr, "sanso serve: signal %d, finishing requests in flight\n", signal_number);
  (*server)->stop();
  (void)(*services)->audit->checkpoint();
  return kExitOk;
}

}  // namespace

std::function<int()> addServeCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("serve", "Run the gateway: one listener per zone");
  auto config = std::make_shared<std::string>();
  cmd->add_option("--config", *config, "server configuration (TOML)")->required();
  return [config] { return serve(*config); };
}

}  // namespace sanso::app
