// File names from outside: made safe for display and download, never used as paths.
#pragma once

#include <string>
#include <string_view>

namespace sanso {

inline constexpr size_t kMaxFileNameBytes = 200;

// The last path component of `declared` without control characters, bidi overrides or
// invalid UTF-8, trimmed to kMaxFileNameBytes while keeping the extension; "file" when
// nothing is left.
std::string safeFileName(std::string_view declared);

// `name` with its extension replaced by `extension` (no dot); unchanged when empty.
std::string withExtension(const std::string& name, std::string_view extension);

}  // namespace sanso
