// sanso: one binary, subcommands only; wiring lives here, logic in the libraries.
#include <iostream>

#include "allocator.h"
#include "commands.h"
#include "sanso/sanitize/engine.h"

int main(int argc, char** argv) {
  sanso::app::tuneAllocator();
  CLI::App app{"sanso (三層): 無害化 and cross-zone transfer for the three-tier municipal network"};
  app.require_subcommand(1);
  app.set_version_flag("--version", sanso::sanitize::engineVersion());
  auto sanitize = sanso::app::addSanitizeCommand(app);
  auto formats = sanso::app::addFormatsCommand(app);
  auto audit = sanso::app::addAuditCommand(app);
  auto policy = sanso::app::addPolicyCommand(app);
  auto serve = sanso::app::addServeCommand(app);
  auto icap = sanso::app::addIcapCommand(app);
  auto user = sanso::app::addUserCommand(app);
  auto dept = sanso::app::addDeptCommand(app);
  auto milter = sanso::app::addMilterCommand(app);
  auto zones = sanso::app::addZonesCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return sanso::app::kExitUsage;
  }
  if (app.got_subcommand("sanitize")) return sanitize();
  if (app.got_subcommand("formats")) return formats();
  if (app.got_subcommand("audit")) return audit();
  if (app.got_subcommand("policy")) return policy();
  if (app.got_subcommand("serve")) return serve();
  if (app.got_subcommand("icap")) return icap();
  if (app.got_subcommand("user")) return user();
  if (app.got_subcommand("dept")) return dept();
  if (app.got_subcommand("milter")) return milter();
  if (app.got_subcommand("zones")) return zones();
  return sanso::app::kExitUsage;
}
