// Fuzzes the archive path: detection, the zip layout check, libarchive reading, member names
// and the recursion into members, with tight limits, with and without a password.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

#include "action_log.h"
#include "archive/archive_sanitizer.h"
#include "archive/member_name.h"
#include "detect.h"

namespace {

std::string scratchPath() { return "/tmp/sanso-archive-fuzz-" + std::to_string(::getpid()); }

void check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanso::sanitize;
  const sanso::ByteView input(data, size);
  // Names: whatever decodes must pass or fail the checks without crashing.
  if (auto name = archive::decodeName(sanso::asChars(input.first(std::min<size_t>(size, 300))))) {
    (void)archive::checkName(*name);
    (void)archive::isExecutableName(*name);
    (void)archive::collisionKey(*name);
  }
  sanso::Limits limits;
  limits.max_expanded_bytes = 32u << 20;
  limits.max_archive_member_bytes = 8u << 20;
  limits.max_archive_entries = 200;
  limits.max_time = std::chrono::seconds(5);
  for (const char* password : {"", "infected-test"}) {
    sanso::Budget budget(limits);
    auto type = detectType(input, budget);
    if (!type.isOk() || typeInfo(*type).family != Family::kArchive) return 0;
    Options options;
    options.limits = limits;
    options.password = password;
    options.declared_name = "fuzz.zip";
    ActionLog log;
    Job job{input, *type, options, budget, log, scratchPath()};
    auto result = archive::sanitizeArchive(job);
    if (result.isOk()) check(*result == FileType::kZip);
    std::remove(job.output_path.c_str());
  }
  return 0;
}
