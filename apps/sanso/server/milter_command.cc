// `sanso milter --config FILE`: the Postfix mail filter of one direction, until a signal.
#include <cstdio>

#include "commands.h"
#include "sanso/milter/message_processor.h"
#include "sanso/milter/milter_config.h"
#include "sanso/milter/milter_server.h"
#include "sanso/sanitize/office_pool.h"
#include "sanso/store/data_dir.h"
#include "server_commands.h"

namespace sanso::app {
namespace {

int runMilterCommand(const std::string& config_path) {
  auto config = milter::loadMilterConfig(config_path);
  if (!config.isOk()) {
    std::fprintf(stderr, "sanso milter: %s\n", config.status().message().c_str());
    return kExitUsage;
  }
  if (Status status = store::ensureDataDir(config->data_dir); !status.isOk()) {
    std::fprintf(stderr, "sanso milter: %s\n", status.message().c_str());
    return kExitInternal;
  }
  auto processor = milter::MessageProcessor::open(*config);
  if (!processor.isOk()) {
    std::fprintf(stderr, "sanso milter: %s\n", processor.status().message().c_str());
    return processor.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitInternal;
  }
  Status status = milter::runMilter(**processor);
  sanitize::stopOfficePool();
  (void)(*processor)->auditLog().checkpoint();
  if (!status.isOk()) {
    std::fprintf(stderr, "sanso milter: %s\n", status.toString().c_str());
    return status.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitInternal;
  }
  return kExitOk;
}

}  // namespace

std::function<int()> setUpMilterCommand(CLI::App& command) {
  auto* cmd = &command;
  auto config = std::make_shared<std::string>();
  cmd->add_option("--config", *config, "milter configuration (TOML)")->required();
  return [config] { return runMilterCommand(*config); };
}

}  // namespace sanso::app
