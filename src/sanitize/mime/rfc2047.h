// Decoding of header text: RFC 2047 encoded words in any charset (ISO-2022-JP, Shift_JIS,
// EUC-JP and UTF-8 through the text module's decoders), raw 8-bit bytes as UTF-8 when valid,
// else by detection.
#pragma once

#include <string>
#include <string_view>

namespace sanso::sanitize::mime {

// The UTF-8 text of an unstructured header value (unfolded or not). Adjacent encoded words
// are joined before decoding, so a character split between two words survives; whitespace
// between encoded words is dropped (RFC 2047 6.2). Malformed words stay as written. Controls
// (NUL, CR, LF, bidi overrides...) are replaced by a space or removed.
std::string decodeHeaderText(std::string_view raw);

// `utf8` with every C0/C1 control and bidi override removed, folding whitespace as one space.
std::string cleanHeaderText(std::string_view utf8);

}  // namespace sanso::sanitize::mime
