// One LibreOffice instance in its sandbox, driven by office_server_script.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "sandbox/sandbox.h"
#include "sanso/common/limits.h"

namespace sanso::sanitize::office {

// Import and export filter names of one LibreOffice conversion.
struct Conversion {
  std::string_view import_filter;
  std::string_view export_filter;
};

class OfficeInstance {
 public:
  // Starts the sandbox (rlimits from `limits`) without waiting for LibreOffice to be ready.
  static Result<std::unique_ptr<OfficeInstance>> launch(const Limits& limits);

  // Waits (until `deadline`) for LibreOffice to be ready.
  Status waitReady(sandbox::Clock::time_point deadline);
  // Converts `input`; the output is at most `max_output` bytes. Blocks "office-conversion-failed"
  // when LibreOffice cannot load or store it, "sandbox-timeout" past `deadline`; any failure
  // but the first kills the instance.
  Result<std::string> convert(ByteView input, const Conversion& conversion,
                              sandbox::Clock::time_point deadline, uint64_t max_output);
  // False once the instance died, failed or served its quota of conversions.
  bool usable() const { return process_.running() && conversions_ < max_conversions_; }

 private:
  OfficeInstance(sandbox::SandboxProcess process, uint64_t max_conversions)
      : process_(std::move(process)), max_conversions_(max_conversions) {}
  Result<std::string> exchange(ByteView input, const Conversion& conversion,
                               sandbox::Clock::time_point deadline, uint64_t max_output);

  sandbox::SandboxProcess process_;
  bool ready_ = false;
  uint64_t conversions_ = 0;
  uint64_t max_conversions_;
};

}  // namespace sanso::sanitize::office
