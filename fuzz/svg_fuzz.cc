// Fuzzes the SVG module: detection, charset decoding, pugixml, the allowlist writer and the
// text extraction, checking that the output is stable when sanitized again and holds no
// script or foreignObject element.
#include <cstddef>
#include <cstdint>
#include <string>

#include "action_log.h"
#include "detect.h"
#include "svg/svg_sanitizer.h"
#include "text/utf8.h"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace s = sanso::sanitize;
  const sanso::ByteView input(data, size);
  sanso::Limits limits;
  limits.max_markup_nodes = 200'000;
  sanso::Budget budget(limits);
  (void)s::detectType(input, budget);
  s::Options options;
  s::ActionLog log;
  auto svg = s::svg::sanitizeSvgBytes(input, options, budget, log);
  if (svg.isOk()) {
    check(s::text::isValidUtf8(*svg));
    check(svg->find("<script") == std::string::npos);
    check(svg->find("<foreignObject") == std::string::npos);
    s::ActionLog again_log;
    sanso::Budget again_budget(limits);
    auto again = s::svg::sanitizeSvgBytes(sanso::asBytes(*svg), options, again_budget, again_log);
    check(again.isOk() && *again == *svg);
  }
  auto text = s::svg::svgBytesToText(input, options, budget, log);
  if (text.isOk()) check(s::text::isValidUtf8(*text));
  return 0;
}
