#include "iso2022jp.h"

#include <string_view>

namespace sanso::sanitize::text {

namespace {

constexpr uint8_t kEsc = 0x1B;
constexpr uint8_t kShiftOut = 0x0E;  // half-width katakana until SI
constexpr uint8_t kShiftIn = 0x0F;

enum class Mode { kAscii, kKana, kKanji };

// Designations this decoder handles, and the mode each selects.
struct Designation {
  std::string_view bytes;
  std::optional<Mode> mode;  // nullopt: announcement only (ESC & @ precedes ESC $ B)
};
constexpr Designation kDesignations[] = {
    {"\x1b(B", Mode::kAscii}, {"\x1b(J", Mode::kAscii}, {"\x1b(I", Mode::kKana},
    {"\x1b$@", Mode::kKanji}, {"\x1b$B", Mode::kKanji}, {"\x1b&@", std::nullopt},
};
constexpr size_t kLongestEscape = 4;  // ESC $ ( D

bool startsWith(ByteView bytes, size_t pos, std::string_view prefix) {
  return bytes.size() - pos >= prefix.size() &&
         asChars(bytes.subspan(pos, prefix.size())) == prefix;
}

// JIS X 0208 row/cell bytes (0x21..0x7E each) to the Shift_JIS byte pair.
void appendShiftJis(uint8_t j1, uint8_t j2, std::string& out) {
  const uint8_t s1 = static_cast<uint8_t>(((j1 + 1) >> 1) + (j1 <= 0x5E ? 0x70 : 0xB0));
  uint8_t s2;
  if (j1 & 1) {
    s2 = static_cast<uint8_t>(j2 + (j2 >= 0x60 ? 0x20 : 0x1F));
  } else {
    s2 = static_cast<uint8_t>(j2 + 0x7E);
  }
  out.push_back(static_cast<char>(s1));
  out.push_back(static_cast<char>(s2));
}

}  // namespace

Iso2022Result iso2022JpToCp932(ByteView in, bool allow_truncated_tail, std::string& out) {
  Mode mode = Mode::kAscii;
  bool shifted = false;
  size_t pos = 0;
  while (pos < in.size()) {
    const uint8_t b = in[pos];
    if (b >= 0x80) return Iso2022Result::kInvalid;
    if (b == kEsc) {
      bool known = false;
      for (const auto& d : kDesignations) {
        if (!startsWith(in, pos, d.bytes)) continue;
        if (d.mode) mode = *d.mode;
        pos += d.bytes.size();
        known = true;
        break;
      }
      if (known) continue;
      if (allow_truncated_tail && in.size() - pos < kLongestEscape) break;
      return Iso2022Result::kOtherCharsets;
    }
    if (b == kShiftOut || b == kShiftIn) {
      shifted = b == kShiftOut;
      ++pos;
      continue;
    }
    if (b <= 0x20 || b == 0x7F) {  // controls, space and line ends pass in every mode
      out.push_back(static_cast<char>(b));
      ++pos;
      continue;
    }
    if (shifted || mode == Mode::kKana) {
      if (b > 0x5F) return Iso2022Result::kInvalid;
      out.push_back(static_cast<char>(b + 0x80));
      ++pos;
    } else if (mode == Mode::kAscii) {
      out.push_back(static_cast<char>(b));
      ++pos;
    } else {
      if (pos + 1 >= in.size()) {
        if (allow_truncated_tail) break;
        return Iso2022Result::kInvalid;
      }
      const uint8_t b2 = in[pos + 1];
      if (b2 < 0x21 || b2 > 0x7E) return Iso2022Result::kInvalid;
      appendShiftJis(b, b2, out);
      pos += 2;
    }
  }
  return Iso2022Result::kOk;
}

bool looksLikeIso2022Jp(ByteView bytes) {
  bool designated = false;
  for (size_t pos = 0; pos < bytes.size(); ++pos) {
    if (bytes[pos] >= 0x80) return false;
    if (bytes[pos] != kEsc || designated) continue;
    designated = startsWith(bytes, pos, "\x1b$B") || startsWith(bytes, pos, "\x1b$@") ||
                 startsWith(bytes, pos, "\x1b(I") || startsWith(bytes, pos, "\x1b$(");
  }
  return designated;
}

}  // namespace sanso::sanitize::text
