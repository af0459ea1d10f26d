// Fuzzes the HTML module: detection, charset decoding, gumbo, the allowlist writer and the
// text rendering, checking that the output is valid UTF-8 without script or iframe tags (text
// is escaped, so none can appear) and that sanitizing the output again still succeeds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "action_log.h"
#include "detect.h"
#include "html/html_sanitizer.h"
#include "text/utf8.h"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace s = sanso::sanitize;
  const sanso::ByteView input(data, size);
  sanso::Limits limits;
  limits.max_markup_nodes = 200'000;
  limits.max_markup_memory = 256u << 20;
  sanso::Budget budget(limits);
  (void)s::detectType(input, budget);
  s::Options options;
  s::ActionLog log;
  auto html = s::html::sanitizeHtmlBytes(input, options, budget, log);
  if (html.isOk()) {
    check(s::text::isValidUtf8(*html));
    const std::string folded = lower(*html);
    check(folded.find("<script") == std::string::npos);
    check(folded.find("<iframe") == std::string::npos);
    s::ActionLog again_log;
    sanso::Budget again_budget(limits);
    auto again = s::html::sanitizeHtmlBytes(sanso::asBytes(*html), options, again_budget, again_log);
    // Unwrapped elements may let the parser regroup the rest once; nothing unsafe appears.
    check(again.isOk() && lower(*again).find("<script") == std::string::npos);
  }
  auto text = s::html::htmlBytesToText(input, options, budget, log);
  if (text.isOk()) check(s::text::isValidUtf8(*text));
  return 0;
}
