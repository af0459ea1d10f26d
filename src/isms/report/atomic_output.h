// Writing a file that libraries open by name, atomically.
#pragma once

#include <functional>
#include <string>

#include "sanso/common/status.h"

namespace sanso::isms::report {

// Creates a temporary file (mode 0600) beside `path`, lets `write` fill it by name, then
// fsyncs it, renames it over `path` and fsyncs the directory: after a crash `path` is the old
// file, absent, or complete. On any failure the temporary is removed and `path` is untouched.
Status writeAtomically(const std::string& path, const std::function<Status(const char*)>& write);

}  // namespace sanso::isms::report
