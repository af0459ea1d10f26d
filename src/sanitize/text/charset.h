// The charsets sanso decodes, and strict conversion of each to UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sanso/common/bytes.h"

namespace sanso::sanitize::text {

enum class Charset {
  kUtf8,
  kUtf16Le,
  kUtf16Be,
  kShiftJis,   // decoded as CP932 (Windows-31J): NEC and IBM extensions, ～ as U+FF5E
  kEucJp,      // decoded as eucJP-ms: the CP932 repertoire, mapped like CP932
  kIso2022Jp,  // RFC 1468 plus CP5022x extensions; JIS X 0212 / 0213 via glibc
};

// The name reported in Decoded::charset: "UTF-8", "UTF-16LE", "SHIFT_JIS", "EUC-JP", ...
std::string_view charsetName(Charset charset);

// Strictly converts `bytes` (without BOM) to UTF-8; nullopt at the first byte sequence that
// is invalid in `charset`. With `allow_truncated_tail`, a sequence cut off by the end of
// `bytes` is dropped instead (for prefixes of a longer input).
std::optional<std::string> toUtf8(ByteView bytes, Charset charset,
                                  bool allow_truncated_tail = false);

}  // namespace sanso::sanitize::text
