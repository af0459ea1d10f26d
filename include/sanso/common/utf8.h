// UTF-8 decoding (the DLP scanner, ISMS text fields): strict (no overlong forms, surrogates or
// values past U+10FFFF), and total: an invalid byte decodes to U+FFFD with length 1.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sanso {

struct CodePoint {
  char32_t value = 0;
  size_t length = 0;  // bytes consumed, 1 to 4
};

// Decodes the code point starting at text[pos]; pos must be < text.size().
CodePoint decodeUtf8(std::string_view text, size_t pos);

// True when every sequence in `text` is valid UTF-8.
bool isValidUtf8(std::string_view text);

// The number of code points of valid UTF-8 `text`.
size_t codePointCount(std::string_view text);

// A copy of `text` of the same length with each byte of an invalid sequence replaced by '?'.
std::string replaceInvalidUtf8(std::string_view text);

}  // namespace sanso
