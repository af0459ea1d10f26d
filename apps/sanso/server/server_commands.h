// The subcommands of sanso-server.so. Each fills in the subcommand the module created from
// kServerCommands (its name and description) and returns the callback that runs it after
// parsing, which returns the process exit code (commands.h).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace sanso::app {

// `sanso audit verify|export|public-key`.
std::function<int()> setUpAuditCommand(CLI::App& cmd);
// `sanso user add|list|passwd|totp-reset|supervisor`.
std::function<int()> setUpUserCommand(CLI::App& cmd);
// `sanso dept list|substitute-add|substitute-remove`.
std::function<int()> setUpDeptCommand(CLI::App& cmd);
// `sanso serve --config FILE`.
std::function<int()> setUpServeCommand(CLI::App& cmd);
// `sanso milter --config FILE`.
std::function<int()> setUpMilterCommand(CLI::App& cmd);
// `sanso icap --config FILE`.
std::function<int()> setUpIcapCommand(CLI::App& cmd);
// `sanso policy check|explain|diff`.
std::function<int()> setUpPolicyCommand(CLI::App& cmd);
// `sanso zones render|verify`.
std::function<int()> setUpZonesCommand(CLI::App& cmd);

}  // namespace sanso::app
