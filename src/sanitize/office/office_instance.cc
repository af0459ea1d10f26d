#include "office/office_instance.h"

#include <charconv>

#include "office/office_server_script.h"

namespace sanso::sanitize::office {
namespace {

constexpr size_t kMaxLine = 4096;

Result<uint64_t> parseCount(std::string_view text) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return Status::blocked("sandbox-protocol", "bad size from the Office helper");
  }
  return value;
}

}  // namespace

Result<std::unique_ptr<OfficeInstance>> OfficeInstance::launch(const Limits& limits) {
  sandbox::SandboxSpec spec;
  spec.argv = {"/usr/bin/python3", "-I", "-c", officeServerScript()};
  spec.read_only_dirs = {"/etc/fonts", "/etc/libreoffice", "/var/cache/fontconfig"};
  spec.memory_bytes = limits.max_office_memory;
  spec.cpu_seconds = limits.max_office_cpu_seconds;
  spec.max_file_bytes = limits.max_input_bytes > (1ull << 30) ? limits.max_input_bytes : 1ull << 30;
  SANSO_ASSIGN_OR_RETURN(sandbox::SandboxProcess process, sandbox::SandboxProcess::start(spec));
  uint64_t quota = limits.office_conversions_per_instance == 0
                       ? 1
                       : limits.office_conversions_per_instance;
  return std::unique_ptr<OfficeInstance>(new OfficeInstance(std::move(process), quota));
}

Status OfficeInstance::waitReady(sandbox::Clock::time_point deadline) {
  if (ready_) return Status::ok();
  auto line = process_.readLine(kMaxLine, deadline);
  if (!line.isOk() || *line != "READY") {
    process_.stop();
    if (!line.isOk()) return line.status();
    return Status::blocked("sandbox-protocol", "the Office helper did not start");
  }
  ready_ = true;
  return Status::ok();
}

Result<std::string> OfficeInstance::convert(ByteView input, const Conversion& conversion,
                                            sandbox::Clock::time_point deadline,
                                            uint64_t max_output) {
  ++conversions_;
  auto out = exchange(input, conversion, deadline, max_output);
  // A helper that reported a clean failure is still in a known state; anything else
  // (timeout, crash, protocol error, oversized output) ends the instance.
  if (!out.isOk() && out.status().reason() != "office-conversion-failed") process_.stop();
  return out;
}

Result<std::string> OfficeInstance::exchange(ByteView input, const Conversion& conversion,
                                             sandbox::Clock::time_point deadline,
                                             uint64_t max_output) {
  SANSO_RETURN_IF_ERROR(waitReady(deadline));
  std::string request = "CONVERT\t" + std::string(conversion.import_filter) + "\t" +
                        std::string(conversion.export_filter) + "\t" +
                        std::to_string(input.size()) + "\n";
  SANSO_RETURN_IF_ERROR(process_.write(asBytes(request), deadline));
  SANSO_RETURN_IF_ERROR(process_.write(input, deadline));
  Result<std::string> line = process_.readLine(kMaxLine, deadline);
  if (!line.isOk()) return line.status();
  std::string_view answer = *line;
  if (answer.starts_with("ERR ")) {
    return Status::blocked("office-conversion-failed",
                           "LibreOffice could not convert the file: " + std::string(answer.substr(4)));
  }
  if (!answer.starts_with("OK ")) {
    return Status::blocked("sandbox-protocol", "unexpected answer from the Office helper");
  }
  SANSO_ASSIGN_OR_RETURN(uint64_t size, parseCount(answer.substr(3)));
  if (size > max_output) {
    return Status::blocked("limit-expanded-size", "LibreOffice's output is too large");
  }
  return process_.readExact(static_cast<size_t>(size), deadline);
}

}  // namespace sanso::sanitize::office
