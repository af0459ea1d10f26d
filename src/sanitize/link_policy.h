// Link policy shared by every format: which hyperlink targets merely browse (kept when the
// caller keeps hyperlinks) and which would launch something (always neutralized).
#pragma once

#include <string_view>

namespace sanso::sanitize {

enum class LinkVerdict { kBrowse, kLaunch };

// Classifies a hyperlink target as it would reach a viewer's link handler. kBrowse only for an
// absolute http/https URL with a host and a path that does not end in an executable or
// shell-handled extension, or a mailto without attachment parameters. Everything else is
// kLaunch: other schemes (file:, javascript:, data:, ms-*:, search-ms:...), UNC and drive paths,
// relative targets. Ignores case, surrounding whitespace and embedded control characters
// ("java\tscript:"), and judges both the raw and the percent-decoded form.
LinkVerdict classifyLink(std::string_view target);

}  // namespace sanso::sanitize
