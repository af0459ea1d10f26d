// sanso: one binary, subcommands only; wiring lives here, logic in the libraries. The server
// subcommands run in sanso-server.so (server_module.h), loaded only when one is asked for.
#include <iostream>

#include "allocator.h"
#include "commands.h"
#include "sanso/sanitize/engine.h"
#include "server_module.h"

int main(int argc, char** argv) {
  sanso::app::tuneAllocator();
  CLI::App app{sanso::app::kAppDescription};
  app.require_subcommand(1);
  app.set_version_flag("--version", sanso::sanitize::engineVersion());
  auto sanitize = sanso::app::addSanitizeCommand(app);
  auto formats = sanso::app::addFormatsCommand(app);
  sanso::app::addServerCommands(app);
  // Once a server command is on the line, the module parses all of it (help, version and
  // errors included): its CLI::App is this one with the real subcommands.
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    if (sanso::app::gotServerCommand(app)) return sanso::app::runServerCommand(argc, argv);
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (sanso::app::gotServerCommand(app)) return sanso::app::runServerCommand(argc, argv);
    app.exit(e);
    return sanso::app::kExitUsage;
  }
  if (app.got_subcommand("sanitize")) return sanitize();
  if (app.got_subcommand("formats")) return formats();
  if (sanso::app::gotServerCommand(app)) return sanso::app::runServerCommand(argc, argv);
  return sanso::app::kExitUsage;
}
