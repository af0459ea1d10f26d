#include "control_strip.h"

#include <cstring>

#include "text_sanitizer.h"
#include "utf8.h"

namespace sanso::sanitize::text {

namespace {

constexpr std::string_view kReplacement = "\uFFFD";

bool isPrintableAscii(char c) { return c >= 0x20 && c < 0x7F; }

bool isBidiControl(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool isRemovedControl(char32_t c) {
  return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F) || c == 0xFEFF;
}

// Invalid bytes from `pos` on, split into sequences as stripControlsInPlace() splits them.
size_t invalidBytes(std::string_view text, size_t pos) {
  size_t count = 0;
  while (pos < text.size()) {
    const size_t length = decodeUtf8(text, pos).length;
    count += length == 0 ? 1 : 0;
    pos += length == 0 ? 1 : length;
  }
  return count;
}

}  // namespace

void stripControlsInPlace(std::string& text, StripCounts& counts) {
  // Output goes to [0, write), input is read from `read` >= write on; bytes in between are
  // free. Each invalid byte needs two more bytes than it frees.
  size_t read = 0;
  size_t write = 0;
  auto keep = [&](size_t length) {
    if (write != read) std::memmove(text.data() + write, text.data() + read, length);
    write += length;
    read += length;
  };
  while (read < text.size()) {
    if (isPrintableAscii(text[read])) {  // fast path: a run of printable ASCII
      size_t end = read + 1;
      while (end < text.size() && isPrintableAscii(text[end])) ++end;
      keep(end - read);
      continue;
    }
    if (text[read] == '\r') {
      ++counts.line_endings;
      read += (read + 1 < text.size() && text[read + 1] == '\n') ? 2 : 1;
      text[write++] = '\n';
      continue;
    }
    const Utf8Char c = decodeUtf8(text, read);
    if (c.length == 0) {  // invalid: one replacement character per bad byte
      ++counts.controls;
      if (read - write < kReplacement.size() - 1) {
        // Make room for all remaining replacements at once: the gap never runs out again.
        const size_t room = invalidBytes(text, read) * (kReplacement.size() - 1);
        text.insert(read, room, '\0');
        read += room;
      }
      std::memcpy(text.data() + write, kReplacement.data(), kReplacement.size());
      write += kReplacement.size();
      ++read;
      continue;
    }
    if (isBidiControl(c.code_point)) {
      ++counts.bidi;
      read += c.length;
    } else if (isRemovedControl(c.code_point)) {
      ++counts.controls;
      read += c.length;
    } else {
      keep(c.length);
    }
  }
  text.resize(write);
}

std::string stripControls(std::string_view utf8, uint64_t& removed) {
  StripCounts counts;
  std::string out(utf8);
  stripControlsInPlace(out, counts);
  removed = counts.controls + counts.bidi;
  return out;
}

}  // namespace sanso::sanitize::text
