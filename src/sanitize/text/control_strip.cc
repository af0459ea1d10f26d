#include "control_strip.h"

#include "text_sanitizer.h"
#include "utf8.h"

namespace sanso::sanitize::text {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool isBidiControl(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool isRemovedControl(char32_t c) {
  return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F) || c == 0xFEFF;
}

}  // namespace

std::string stripControlsCounted(std::string_view in, StripCounts& counts) {
  std::string out;
  out.reserve(in.size());
  size_t pos = 0;
  while (pos < in.size()) {
    const unsigned char byte = static_cast<unsigned char>(in[pos]);
    if (byte >= 0x20 && byte < 0x7F) {  // fast path: printable ASCII
      out.push_back(static_cast<char>(byte));
      ++pos;
      continue;
    }
    if (byte == '\r') {
      ++counts.line_endings;
      out.push_back('\n');
      pos += (pos + 1 < in.size() && in[pos + 1] == '\n') ? 2 : 1;
      continue;
    }
    const Utf8Char c = decodeUtf8(in, pos);
    if (c.length == 0) {  // invalid: one replacement character per bad byte
      ++counts.controls;
      appendUtf8(out, kReplacement);
      ++pos;
      continue;
    }
    if (isBidiControl(c.code_point)) {
      ++counts.bidi;
    } else if (isRemovedControl(c.code_point)) {
      ++counts.controls;
    } else {
      out.append(in.substr(pos, c.length));
    }
    pos += c.length;
  }
  return out;
}

std::string stripControls(std::string_view utf8, uint64_t& removed) {
  StripCounts counts;
  std::string out = stripControlsCounted(utf8, counts);
  removed = counts.controls + counts.bidi;
  return out;
}

}  // namespace sanso::sanitize::text
