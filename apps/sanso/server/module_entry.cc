// sanso-server.so's entry point: the same top-level CLI::App as the executable, with the real
// server subcommands in place of its forwarding ones, so parsing, help and usage errors are
// what they were when the commands lived in the executable.
#include <array>
#include <cstdio>
#include <exception>
#include <functional>

#include "commands.h"
#include "sanso/sanitize/engine.h"
#include "server_api.h"
#include "server_command_table.h"
#include "server_commands.h"

namespace sanso::app {
namespace {

std::function<int()> setUp(ServerCommand id, CLI::App& cmd) {
  switch (id) {
    case ServerCommand::kAudit:
      return setUpAuditCommand(cmd);
    case ServerCommand::kPolicy:
      return setUpPolicyCommand(cmd);
    case ServerCommand::kServe:
      return setUpServeCommand(cmd);
    case ServerCommand::kIcap:
      return setUpIcapCommand(cmd);
    case ServerCommand::kUser:
      return setUpUserCommand(cmd);
    case ServerCommand::kDept:
      return setUpDeptCommand(cmd);
    case ServerCommand::kMilter:
      return setUpMilterCommand(cmd);
    case ServerCommand::kZones:
      return setUpZonesCommand(cmd);
  }
  return {};
}

int runCommand(int argc, char** argv) {
  CLI::App app{kAppDescription};
  app.require_subcommand(1);
  app.set_version_flag("--version", sanitize::engineVersion());
  std::array<std::function<int()>, kServerCommands.size()> runs;
  for (size_t i = 0; i < kServerCommands.size(); ++i) {
    const ServerCommandInfo& info = kServerCommands[i];
    runs[i] = setUp(info.id, *app.add_subcommand(info.name, info.description));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  for (size_t i = 0; i < kServerCommands.size(); ++i) {
    if (app.got_subcommand(kServerCommands[i].name) && runs[i]) return runs[i]();
  }
  return kExitUsage;
}

// Exceptions stop here: they must not unwind into the executable.
int run(int argc, char** argv) {
  try {
    return runCommand(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sanso: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "sanso: internal error\n");
  }
  return kExitInternal;
}

constexpr ServerApi kApi{kServerApiVersion, run};

}  // namespace
}  // namespace sanso::app

extern "C" __attribute__((visibility("default"))) const sanso::app::ServerApi* sanso_server_api() {
  return &sanso::app::kApi;
}
