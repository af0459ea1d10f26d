// Fuzzes OpenDocument detection, cdr and text extraction with tight limits.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "detect.h"
#include "odf/odf_sanitizer.h"

namespace {

std::string scratchPath() { return "/tmp/sanso-odf-fuzz-" + std::to_string(::getpid()); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanso::sanitize;
  sanso::Limits limits;
  limits.max_expanded_bytes = 64u << 20;
  limits.max_archive_entries = 500;
  limits.max_time = std::chrono::seconds(5);
  sanso::ByteView input(data, size);
  for (Method method : {Method::kCdr, Method::kText}) {
    sanso::Budget budget(limits);
    auto type = detectType(input, budget);
    if (!type.isOk() || typeInfo(*type).family != Family::kOdf) return 0;
    Options options;
    options.method = method;
    options.limits = limits;
    ActionLog log;
    Job job{input, *type, options, budget, log, scratchPath()};
    auto result = method == Method::kCdr ? odf::sanitizeOdf(job) : odf::odfToText(job);
    (void)result;
    std::remove(job.output_path.c_str());
  }
  return 0;
}
