// `sanso serve --config FILE`: the gateway's listeners, until SIGTERM or SIGINT.
#include <signal.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "sanso/http/router.h"
#include "sanso/http/serve_config.h"
#include "sanso/http/server.h"
#include "sanso/sanitize/engine.h"

namespace sanso::app {
namespace {

Status ensureDataDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::ioError("cannot create data_dir " + dir + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  return Status::ok();
}

void addApiRoutes(http::Router& router) {
  router.add("GET", "/api/v1/health", [](http::Request& request) {
    nlohmann::json body = {
        {"status", "ok"}, {"zone", request.zone}, {"version", sanitize::engineVersion()}};
    return http::Response::json(200, body.dump());
  });
}

int serve(const std::string& config_path) {
  auto config = http::loadServerConfig(config_path);
  if (!config.isOk()) {
    std::fprintf(stderr, "sanso serve: %s\n", config.status().message().c_str());
    return kExitUsage;
  }
  if (Status status = ensureDataDir(config->data_dir); !status.isOk()) {
    std::fprintf(stderr, "sanso serve: %s\n", status.message().c_str());
    return kExitInternal;
  }
  // Server threads inherit this mask: the signals are taken only by sigwait() below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  http::Router router(config->web_root);
  addApiRoutes(router);
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
