// Which supported charset a byte string is in. Order of evidence: a BOM; the NUL pattern of
// BOM-less UTF-16; ISO-2022-JP escape sequences; strict UTF-8 validity (which pure ASCII
// also has); and for the remaining 8-bit text, Shift_JIS (CP932) against EUC-JP, each scored
// by how Japanese its strict decoding looks, with uchardet's guess breaking ties.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "charset.h"
#include "sanso/common/bytes.h"

namespace sanso::sanitize::text {

struct CharsetGuess {
  Charset charset;
  size_t bom_length = 0;  // bytes of byte-order mark to skip
};

// The charsets worth a strict decode of the whole input, likeliest first, judged from
// `sample` (the whole input or, with `sample_is_prefix`, its first part). Empty when none
// decodes the sample.
std::vector<CharsetGuess> rankCharsets(ByteView sample, bool sample_is_prefix);

// True when `bytes` start with `prefix`.
bool hasPrefix(ByteView bytes, std::string_view prefix);

// True when `bytes` look like BOM-less UTF-16 (many NUL bytes in one of the two positions,
// as ASCII-range text has); sets `big_endian`.
bool looksLikeUtf16(ByteView bytes, bool& big_endian);

// How Japanese `bytes` look when read as Shift_JIS or EUC-JP (valid bytes assumed): kana
// and first-level kanji score high, user-defined characters and C1 controls low.
int64_t japaneseScore(ByteView bytes, Charset charset);

}  // namespace sanso::sanitize::text
