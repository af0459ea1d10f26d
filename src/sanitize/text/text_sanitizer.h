// Plain text and CSV: decode any Japanese or Unicode encoding, write clean UTF-8.
#pragma once

#include <string>

#include "job.h"
#include "sanso/common/bytes.h"

namespace sanso::sanitize::text {

// True when `bytes` look like text in one of the supported encodings (UTF-8, UTF-16 with or
// without BOM, Shift_JIS/CP932, EUC-JP, ISO-2022-JP): no stray NULs, decodable, few controls.
bool looksLikeText(ByteView bytes);
// True when text that looksLikeText() is laid out as CSV or TSV (consistent delimiters).
bool looksLikeCsv(ByteView bytes);

struct Decoded {
  std::string utf8;
  std::string charset;  // what it was decoded from: "UTF-8", "SHIFT_JIS", "EUC-JP", ...
};
// Decodes `bytes` to UTF-8 (charset detected with uchardet, checked by a strict decode).
// Blocks "malformed-text" when no supported charset decodes it.
Result<Decoded> decodeToUtf8(ByteView bytes);

// Removes C0/C1 controls except TAB, LF (CR LF and lone CR become LF), DEL, U+FEFF and the
// bidirectional overrides/isolates U+202A..U+202E, U+2066..U+2069 (Trojan Source); replaces
// each invalid byte with U+FFFD. `removed` counts the characters removed or replaced.
std::string stripControls(std::string_view utf8, uint64_t& removed);

// Prefixes every CSV cell that a spreadsheet would run as a formula (=, +, -, @, and TAB/CR
// tricks, also full-width) with an apostrophe, keeping quoting intact; plain numbers such as
// "-12.5" are left alone (rules in csv_formula.cc). `changed` counts the cells changed.
std::string neutralizeCsvFormulas(std::string_view utf8_csv, char delimiter, uint64_t& changed);

// cdr and text for text files: writes UTF-8 without controls; CSV cells neutralized.
Result<FileType> sanitizeText(Job& job);

}  // namespace sanso::sanitize::text
