// Subcommands of the sanso binary. Each returns the process exit code.
#pragma once

#include <CLI/CLI.hpp>

namespace sanso::app {

// Exit codes shared by all subcommands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitBlocked = 3;

// Registers `sanso sanitize`; the returned callback runs it after parsing.
std::function<int()> addSanitizeCommand(CLI::App& app);
// Registers `sanso formats`.
std::function<int()> addFormatsCommand(CLI::App& app);
// Registers `sanso audit verify|export|public-key`.
std::function<int()> addAuditCommand(CLI::App& app);
// Registers `sanso user add|list|passwd|totp-reset|supervisor`.
std::function<int()> addUserCommand(CLI::App& app);
// Registers `sanso dept list|substitute-add|substitute-remove`.
std::function<int()> addDeptCommand(CLI::App& app);
// Registers `sanso serve --config FILE`.
std::function<int()> addServeCommand(CLI::App& app);
// Registers `sanso milter --config FILE`.
std::function<int()> addMilterCommand(CLI::App& app);
// Registers `sanso icap --config FILE`.
std::function<int()> addIcapCommand(CLI::App& app);
// Registers `sanso policy check|explain`.
std::function<int()> addPolicyCommand(CLI::App& app);
// Registers `sanso zones render|verify`.
std::function<int()> addZonesCommand(CLI::App& app);

}  // namespace sanso::app
