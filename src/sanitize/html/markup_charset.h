// Decoding markup (HTML, SVG) to UTF-8 the way its consumer would pick the charset.
#pragma once

#include "sanso/common/bytes.h"
#include "sanso/common/status.h"
#include "text/text_sanitizer.h"

namespace sanso::sanitize::html {

// Decodes `input` to UTF-8. A BOM wins; then a charset declared in the first 1024 bytes
// (<meta charset>, <meta http-equiv content="...; charset=...">, <?xml encoding="...">) when it
// is one sanso decodes (UTF-8, Shift_JIS/CP932, EUC-JP, ISO-2022-JP, ISO-8859-1/windows-1252)
// and the bytes decode strictly in it; else the text module's detection. Blocks
// "malformed-text" when nothing decodes the input.
Result<text::Decoded> decodeMarkup(ByteView input);

}  // namespace sanso::sanitize::html
