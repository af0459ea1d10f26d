// Shared by the account commands (`sanso user`, `sanso dept`): exit codes and audit records.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sanso/common/status.h"

namespace sanso::app {

// Prints "sanso COMMAND: <status>" to stderr; usage errors and unknown names exit 2, the rest 1.
int failAccountCommand(const char* command, const Status& status);

// Appends a record made by the CLI (actor "cli", `details.via` = "cli") to the data
// directory's audit chain.
Status recordCliChange(const std::string& data_dir, const std::string& action,
                       const std::string& object, nlohmann::json details);

}  // namespace sanso::app
