// Subcommands of the sanso binary. Each returns the process exit code.
#pragma once

#include <CLI/CLI.hpp>

namespace sanso::app {

// Exit codes shared by all subcommands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitBlocked = 3;

// The top-level description of `sanso --help`.
inline constexpr const char* kAppDescription =
    "sanso (三層): 無害化 and cross-zone transfer for the three-tier municipal network";

// Registers `sanso sanitize`; the returned callback runs it after parsing.
std::function<int()> addSanitizeCommand(CLI::App& app);
// Registers `sanso formats`.
std::function<int()> addFormatsCommand(CLI::App& app);

}  // namespace sanso::app
