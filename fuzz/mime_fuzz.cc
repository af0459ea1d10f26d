// Fuzzes the mail sanitizer (GMime parsing, header decoding, body and attachment handling)
// through every method with tight limits. Invariant: an output is a message that detects as
// eml again, 7-bit, with CRLF line ends and no line over 998 bytes.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "detect.h"
#include "mime/mime_sanitizer.h"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void checkOutput(const std::string& out) {
  size_t line = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    check(c < 0x80 && c != 0);
    if (c == '\n') {
      check(i > 0 && out[i - 1] == '\r');
      line = 0;
    } else if (c == '\r') {
      check(i + 1 < out.size() && out[i + 1] == '\n');
    } else {
      check(++line <= 998);
    }
  }
  sanso::Budget budget{sanso::Limits{}};
  auto type = sanso::sanitize::detectType(sanso::asBytes(out), budget);
  check(type.isOk() && *type == sanso::sanitize::FileType::kEml);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanso::sanitize;
  sanso::Limits limits;
  limits.max_expanded_bytes = 64u << 20;
  limits.max_archive_entries = 200;
  limits.max_mime_parts = 500;
  limits.max_time = std::chrono::seconds(5);
  sanso::ByteView input(data, size);
  const std::string scratch = "/tmp/sanso-mime-fuzz-" + std::to_string(::getpid());
  for (Method method : {Method::kCdr, Method::kText}) {
    sanso::Budget budget(limits);
    Options options;
    options.method = method;
    options.limits = limits;
    ActionLog log;
    Job job{input, FileType::kEml, options, budget, log, scratch};
    auto result = mime::sanitizeMime(job);
    if (result.isOk()) checkOutput(readAll(scratch));
    std::remove(scratch.c_str());
  }
  return 0;
}
