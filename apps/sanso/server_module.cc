#include "server_module.h"

#include <cstdio>

#include "commands.h"
#include "sanso/common/module_loader.h"
#include "server_api.h"
#include "server_command_table.h"

namespace sanso::app {

void addServerCommands(CLI::App& app) {
  for (const ServerCommandInfo& info : kServerCommands) {
    CLI::App* cmd = app.add_subcommand(info.name, info.description);
    cmd->prefix_command();
    cmd->set_help_flag();
  }
}

bool gotServerCommand(const CLI::App& app) {
  for (const ServerCommandInfo& info : kServerCommands) {
    if (app.got_subcommand(info.name)) return true;
  }
  return false;
}

int runServerCommand(int argc, char** argv) {
  Result<const void*> table =
      openModuleTable("sanso-server.so", "sanso_server_api", kServerApiVersion, "server");
  const auto* api = table.isOk() ? static_cast<const ServerApi*>(*table) : nullptr;
  if (api == nullptr || api->run == nullptr) {
    std::fprintf(stderr, "sanso: server commands unavailable: %s\n",
                 table.isOk() ? "the module has no entry point" : table.status().message().c_str());
    return kExitInternal;
  }
  return api->run(argc, argv);  // the module stays loaded until the process exits
}

}  // namespace sanso::app
