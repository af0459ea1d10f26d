// stripControls() with a breakdown of what it removed, for the action log.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sanso::sanitize::text {

struct StripCounts {
  uint64_t controls = 0;      // C0 (but TAB, LF), DEL, C1, U+FEFF, invalid sequences
  uint64_t bidi = 0;          // U+202A..U+202E, U+2066..U+2069 (Trojan Source)
  uint64_t line_endings = 0;  // CR LF or lone CR rewritten as LF (not counted as removed)
};

// Like stripControls(), counting each kind separately.
std::string stripControlsCounted(std::string_view utf8, StripCounts& counts);

}  // namespace sanso::sanitize::text
