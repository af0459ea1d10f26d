// YARA rules run in-process with libyara.
#pragma once

#include <chrono>
#include <string>

#include "sanso/common/bytes.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::scan {

// The first rule of the rules file at `rules_path` that matches `data`; empty when none does.
// The file holds rules source or rules compiled by yarac; it is compiled (or loaded) once per
// path and modification time and shared by all threads. Blocked "scanner-unavailable" when the
// rules cannot be read or compiled, or the scan fails or runs longer than `timeout`.
Result<std::string> yaraMatch(const std::string& rules_path, ByteView data,
                              std::chrono::milliseconds timeout);

}  // namespace sanso::sanitize::scan
