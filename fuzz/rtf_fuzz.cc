// Fuzzes the RTF reader through cdr and text with tight limits. Invariants: the cdr output
// is RTF that sanso reads again, holds only allowlisted control words, never \bin or an
// object, and sanitizing it a second time changes nothing when it has no picture.
#include <unistd.h>

#include <cstdint>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "detect.h"
#include "rtf/control_words.h"
#include "rtf/rtf_sanitizer.h"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

std::string scratchPath(int n) {
  return "/tmp/sanso-rtf-fuzz-" + std::to_string(::getpid()) + "-" + std::to_string(n);
}

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every control word in `rtf` is one the writer may produce.
void checkWords(const std::string& rtf) {
  using sanso::sanitize::rtf::lookupWord;
  using sanso::sanitize::rtf::WordKind;
  for (size_t i = 0; i < rtf.size(); ++i) {
    if (rtf[i] != '\\') continue;
    size_t end = i + 1;
    while (end < rtf.size() && std::isalpha(static_cast<unsigned char>(rtf[end]))) ++end;
    if (end == i + 1) {
      ++i;  // an escaped symbol: \\ \{ \} \*
      continue;
    }
    const std::string name = rtf.substr(i + 1, end - i - 1);
    const auto* info = lookupWord(name);
    check(info != nullptr && info->kind != WordKind::kDrop && name != "bin");
    i = end - 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanso::sanitize;
  sanso::Limits limits;
  limits.max_expanded_bytes = 64u << 20;
  limits.max_rtf_depth = 64;
  limits.max_rtf_tokens = 200000;
  limits.max_time = std::chrono::seconds(5);
  sanso::ByteView input(data, size);
  sanso::Budget probe(limits);
  auto type = detectType(input, probe);
  if (!type.isOk() || *type != FileType::kRtf) return 0;
  for (Method method : {Method::kCdr, Method::kText}) {
    sanso::Budget budget(limits);
    Options options;
    options.method = method;
    options.limits = limits;
    ActionLog log;
    Job job{input, *type, options, budget, log, scratchPath(0)};
    auto result = method == Method::kCdr ? rtf::sanitizeRtf(job) : rtf::rtfToText(job);
    if (result.isOk() && method == Method::kCdr) {
      const std::string out = readAll(job.output_path);
      check(out.starts_with("{\\rtf1"));
      checkWords(out);
      sanso::Budget again_budget(limits);
      ActionLog again_log;
      Job again{sanso::asBytes(out), FileType::kRtf, options, again_budget, again_log,
                scratchPath(1)};
      auto second = rtf::sanitizeRtf(again);
      check(second.isOk() || second.status().reason().starts_with("limit-"));
      if (second.isOk() && out.find("\\pict") == std::string::npos) {
        check(readAll(again.output_path) == out);
      }
      std::remove(again.output_path.c_str());
    }
    std::remove(job.output_path.c_str());
  }
  return 0;
}
