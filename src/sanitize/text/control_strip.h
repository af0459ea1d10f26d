// stripControls() in place, with a breakdown of what it removed, for the action log.
#pragma once

#include <cstdint>
#include <string>

namespace sanso::sanitize::text {

struct StripCounts {
  uint64_t controls = 0;      // C0 (but TAB, LF), DEL, C1, U+FEFF, invalid sequences
  uint64_t bidi = 0;          // U+202A..U+202E, U+2066..U+2069 (Trojan Source)
  uint64_t line_endings = 0;  // CR LF or lone CR rewritten as LF (not counted as removed)
};

// Rewrites `text` as stripControls() would, counting each kind separately (adding to
// `counts`). Needs no second copy: the text only shrinks, unless it holds invalid bytes
// (each becomes the three bytes of U+FFFD), which decoded text never does.
void stripControlsInPlace(std::string& text, StripCounts& counts);

}  // namespace sanso::sanitize::text
