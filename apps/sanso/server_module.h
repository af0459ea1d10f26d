// The server subcommands (kServerCommands) run in sanso-server.so, loaded only when one of them
// is asked for: `sanso sanitize`, `sanso formats` and `sanso --version` never map the server's
// libraries (OpenSSL, SQLite, libsodium, Hyperscan, libmilter...).
#pragma once

#include <CLI/CLI.hpp>

namespace sanso::app {

// Registers one forwarding subcommand per server command (name and description only); it takes
// every argument after it unparsed, help flags included, for the module to parse.
void addServerCommands(CLI::App& app);

// True when the parsed `app` selected one of the forwarding subcommands.
bool gotServerCommand(const CLI::App& app);

// Loads sanso-server.so (beside the executable, or ../lib/sanso/ in an installed tree) and runs
// the command line in it; returns its exit code. A missing or incompatible module: an error on
// stderr and kExitInternal.
int runServerCommand(int argc, char** argv);

}  // namespace sanso::app
