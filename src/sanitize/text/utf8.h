// Strict UTF-8 decoding (RFC 3629: no overlongs, surrogates or values past U+10FFFF).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sanso::sanitize::text {

struct Utf8Char {
  char32_t code_point = 0;
  size_t length = 0;       // bytes consumed; 0 when the sequence at `pos` is invalid
  bool truncated = false;  // invalid only because the input ends inside the sequence
};

// Decodes the sequence starting at `pos` (< text.size()).
Utf8Char decodeUtf8(std::string_view text, size_t pos);

// The length of the valid sequence starting at `pos` (< text.size()), 0 when it is invalid:
// decodeUtf8()'s length, inline, with a fast path for the three-byte sequences Japanese text
// is made of (leads E1-EC and EE-EF take any two continuation bytes).
inline size_t utf8SequenceLength(std::string_view text, size_t pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return 1;
  if (lead >= 0xE1 && lead <= 0xEF && lead != 0xED && pos + 2 < text.size() &&
      (byte(pos + 1) & 0xC0) == 0x80 && (byte(pos + 2) & 0xC0) == 0x80) {
    return 3;
  }
  return decodeUtf8(text, pos).length;
}

// The length of `text` without an incomplete sequence at its very end (accepted only with
// `allow_truncated_tail`, for prefixes cut from a longer input); nullopt when `text` has an
// invalid sequence.
std::optional<size_t> validUtf8Length(std::string_view text, bool allow_truncated_tail);
// True when all of `text` is valid UTF-8.
inline bool isValidUtf8(std::string_view text) { return validUtf8Length(text, false).has_value(); }

// Appends the UTF-8 form of `cp` (U+FFFD for surrogates and values past U+10FFFF).
void appendUtf8(char32_t cp, std::string& out);

}  // namespace sanso::sanitize::text
