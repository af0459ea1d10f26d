// ISO-2022-JP as Windows writes it (CP50220/50221): the JIS X 0208 rows of ESC $ B include
// the NEC and IBM extension rows (①, ㈱, 髙...), and half-width katakana arrive via ESC ( I
// or SO/SI. glibc's ISO-2022-JP rejects those, so sanso maps each JIS code to its Shift_JIS
// bytes and decodes the result as CP932 — the same characters a Windows reader shows.
#pragma once

#include <optional>
#include <string>

#include "sanso/common/bytes.h"

namespace sanso::sanitize::text {

enum class Iso2022Result { kOk, kInvalid, kOtherCharsets };

// Rewrites `bytes` as CP932 bytes into `out`. kOtherCharsets when an escape sequence selects
// a charset outside JIS X 0201/0208 (JIS X 0212, JIS X 0213, GB 2312, KS C 5601...): the
// caller then uses a full ISO-2022-JP-2/-3 decoder. With `allow_truncated_tail`, an escape
// sequence or character cut off by the end of `bytes` is dropped.
Iso2022Result iso2022JpToCp932(ByteView bytes, bool allow_truncated_tail, std::string& out);

// True when `bytes` are 7-bit and contain an ISO-2022-JP designation (ESC $ B, ESC ( J...).
bool looksLikeIso2022Jp(ByteView bytes);

}  // namespace sanso::sanitize::text
