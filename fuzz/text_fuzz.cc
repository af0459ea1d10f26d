// Fuzzes the text module: detection, charset decoding, control stripping and CSV formula
// neutralization, checking the invariants the sanitizer relies on.
#include <cstddef>
#include <cstdint>
#include <string>

#include "text/text_sanitizer.h"
#include "text/utf8.h"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

// No C0 controls but TAB and LF, no DEL/C1, no BOM or bidi overrides, valid UTF-8.
void checkStripped(const std::string& text) {
  check(sanso::sanitize::text::isValidUtf8(text));
  for (size_t pos = 0; pos < text.size();) {
    const auto c = sanso::sanitize::text::decodeUtf8(text, pos);
    const char32_t cp = c.code_point;
    check((cp >= 0x20 || cp == '\t' || cp == '\n') && !(cp >= 0x7F && cp <= 0x9F) && cp != 0xFEFF &&
          !(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069));
    pos += c.length;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace text = sanso::sanitize::text;
  const sanso::ByteView input(data, size);
  (void)text::looksLikeText(input);
  (void)text::looksLikeCsv(input);

  // Raw bytes straight into the UTF-8 stages, as well as the decoded text.
  uint64_t removed = 0;
  checkStripped(text::stripControls(sanso::asChars(input), removed));
  auto decoded = text::decodeToUtf8(input);
  if (!decoded.isOk()) return 0;
  check(text::isValidUtf8(decoded->utf8));
  const std::string clean = text::stripControls(decoded->utf8, removed);
  checkStripped(clean);
  for (char delimiter : {',', '\t'}) {
    uint64_t changed = 0;
    const std::string csv = text::neutralizeCsvFormulas(clean, delimiter, changed);
    check(csv.size() == clean.size() + changed);  // only apostrophes are added
    uint64_t again = 0;
    (void)text::neutralizeCsvFormulas(csv, delimiter, again);
    check(again == 0);  // neutralized output has nothing left to neutralize
  }
  return 0;
}
