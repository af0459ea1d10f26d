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

// The length of `text` without an incomplete sequence at its very end (accepted only with
// `allow_truncated_tail`, for prefixes cut from a longer input); nullopt when `text` has an
// invalid sequence.
std::optional<size_t> validUtf8Length(std::string_view text, bool allow_truncated_tail);
// True when all of `text` is valid UTF-8.
inline bool isValidUtf8(std::string_view text) { return validUtf8Length(text, false).has_value(); }

// Appends the UTF-8 form of `cp` (U+FFFD for surrogates and values past U+10FFFF).
void appendUtf8(char32_t cp, std::string& out);

}  // namespace sanso::sanitize::text
