// The interface between the sanso executable and sanso-server.so: one exported entry point
// returning a versioned table. The executable refuses a module of another version.
#pragma once

#include <cstdint>

namespace sanso::app {

inline constexpr uint32_t kServerApiVersion = 1;

struct ServerApi {
  uint32_t version;
  // Parses `sanso <server command> <args...>` (the executable's own argc/argv) and runs the
  // command; returns the process exit code (commands.h). Never throws.
  int (*run)(int argc, char** argv);
};

}  // namespace sanso::app

// The module's only exported symbol.
extern "C" const sanso::app::ServerApi* sanso_server_api();
