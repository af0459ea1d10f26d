#include "support/sanitize_runner.h"

#include <stdexcept>

#include "support/test_util.h"

namespace sanso::test {

Sanitized sanitizeBytes(const std::string& input, const std::string& name,
                        const sanitize::Options& options) {
  TempDir dir;
  std::string in = dir.file(name);
  std::string out = dir.file("output");
  writeFileOrDie(in, input);
  sanitize::Engine engine;
  auto report = engine.sanitize(in, out, options);
  if (!report.isOk()) throw std::runtime_error("engine error: " + report.status().toString());
  Sanitized result{*report, std::nullopt};
  if (fileExists(out)) result.output = readFileOrDie(out);
  return result;
}

bool hasAction(const sanitize::Report& report, const std::string& action,
               const std::string& what) {
  for (const auto& a : report.actions) {
    if (a.action == action && a.what == what) return true;
  }
  return false;
}

}  // namespace sanso::test
