// Masked renderings for findings: enough to locate and recognise a hit, never the value.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sanso::dlp {

// The first `keep` digits, then one '*' per remaining digit: "9832********".
std::string maskKeepingPrefix(std::string_view digits, size_t keep);

// One '*' per digit but the last four, grouped by four from the right: "****-****-****-1234".
std::string maskCardNumber(std::string_view digits);

// One '*' per code point of the matched text, at most 32, then "…" when longer.
std::string maskMatchedText(std::string_view utf8);

}  // namespace sanso::dlp
