// `sanso icap --config FILE`: the ICAP service for Squid, until SIGTERM or SIGINT.
#include <signal.h>

#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "sanso/audit/audit_log.h"
#include "sanso/icap/config.h"
#include "sanso/icap/server.h"
#include "sanso/icap/service.h"
#include "sanso/policy/loader.h"
#include "sanso/sanitize/office_pool.h"
#include "sanso/store/data_dir.h"
#include "server_commands.h"
#include "stop_signals.h"

namespace sanso::app {
namespace {

int runIcap(const std::string& config_path) {
  auto config = icap::loadConfig(config_path);
  if (!config.isOk()) {
    std::fprintf(stderr, "sanso icap: %s\n", config.status().message().c_str());
    return kExitUsage;
  }
  const std::string pack_path =
      config->policy_file.empty() ? policy::kDefaultPackPath : config->policy_file;
  auto pack = policy::loadPack(pack_path);
  if (!pack.isOk()) {
    std::fprintf(stderr, "sanso icap: %s\n", pack.status().toString().c_str());
    return kExitUsage;
  }
  for (const std::string& zone : {config->from_zone, config->to_zone}) {
    bool known = false;
    for (const auto& z : pack->zones) known = known || z.id == zone;
    if (!known) {
      std::fprintf(stderr, "sanso icap: zone '%s' is not in the policy pack %s\n", zone.c_str(),
                   pack_path.c_str());
      return kExitUsage;
    }
  }
  std::error_code error;
  std::filesystem::remove_all(config->data_dir + "/work/icap", error);  // a crash's leftovers
  if (Status status = store::ensureDataDir(config->data_dir); !status.isOk()) {
    std::fprintf(stderr, "sanso icap: %s\n", status.message().c_str());
    return kExitInternal;
  }
  std::filesystem::create_directories(config->data_dir + "/work/icap", error);
  if (error) {
    std::fprintf(stderr, "sanso icap: %s/work/icap: %s\n", config->data_dir.c_str(),
                 error.message().c_str());
    return kExitInternal;
  }
  // Server threads inherit this mask: the signals are taken only by sigwait() below.
  const sigset_t signals = blockStopSignals();
  auto audit = audit::AuditLog::open(config->data_dir);
  if (!audit.isOk()) {
    std::fprintf(stderr, "sanso icap: %s\n", audit.status().toString().c_str());
    return kExitInternal;
  }
  const sanitize::Options engine_defaults;
  if (Status status = sanitize::startOfficePool(engine_defaults.office_pool_size,
                                                engine_defaults.limits, false);
      !status.isOk()) {
    std::fprintf(stderr, "sanso icap: no warm Office pool: %s\n", status.message().c_str());
  }
  icap::Service service(*config, *pack, **audit);
  auto server = icap::Server::start(*config, service);
  if (!server.isOk()) {
    std::fprintf(stderr, "sanso icap: %s\n", server.status().message().c_str());
    return kExitInternal;
  }
  std::printf("icap://%s:%u/%s\n", config->host.c_str(), (*server)->port(),
              std::string(icap::kRespmodService).c_str());
  std::fflush(stdout);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::fprintf(stderr, "sanso icap: signal %d, finishing requests in flight\n", signal_number);
  (*server)->stop();
  sanitize::stopOfficePool();
  (void)(*audit)->checkpoint();
  return kExitOk;
}

}  // namespace

std::function<int()> setUpIcapCommand(CLI::App& command) {
  auto* cmd = &command;
  auto config = std::make_shared<std::string>();
  cmd->add_option("--config", *config, "ICAP configuration (TOML)")->required();
  return [config] { return runIcap(*config); };
}

}  // namespace sanso::app
