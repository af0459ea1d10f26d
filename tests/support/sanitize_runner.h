// Runs the engine on in-memory inputs for tests.
#pragma once

#include <optional>
#include <string>

#include "sanso/sanitize/engine.h"

namespace sanso::test {

struct Sanitized {
  sanitize::Report report;
  std::optional<std::string> output;  // bytes written, when any
};

// Writes `input` to a temporary file named `name`, sanitizes it and returns the report and
// output. Fails the calling test (throws) when the engine reports an internal error.
Sanitized sanitizeBytes(const std::string& input, const std::string& name,
                        const sanitize::Options& options = {});

// True when the report lists an action with this action and what.
bool hasAction(const sanitize::Report& report, const std::string& action, const std::string& what);

}  // namespace sanso::test
