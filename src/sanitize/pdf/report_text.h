// Text taken from a file, made fit for a report.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sanso::sanitize::pdf {

// `text` (bytes from the file or from a parser's message about it) as printable ASCII only
// (other bytes become '?'), cut to `max_chars` characters.
std::string printableDetail(std::string_view text, size_t max_chars = 200);

}  // namespace sanso::sanitize::pdf
