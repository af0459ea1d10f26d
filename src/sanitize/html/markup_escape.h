// Escaping of text and attribute values for HTML and XML output, with control characters
// (C0 but TAB/LF, DEL, C1, BOM, bidi overrides) removed first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sanso::sanitize::html {

// Appends `text` with &, <, > escaped; adds to `removed` the control characters dropped.
void appendEscapedText(std::string& out, std::string_view text, uint64_t& removed);
// Appends `value` with &, <, >, " and ' escaped, for a double-quoted attribute.
void appendEscapedAttribute(std::string& out, std::string_view value, uint64_t& removed);

}  // namespace sanso::sanitize::html
