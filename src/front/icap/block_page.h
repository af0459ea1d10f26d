// The Japanese page a user sees instead of a blocked download.
#pragma once

#include <string>

namespace sanso::icap {

// An HTML (UTF-8) page naming the file `name` and `reason` (plain Japanese), both escaped;
// `slug` is the machine reason shown small for the help desk.
std::string blockPage(const std::string& name, const std::string& reason, const std::string& slug);

// Plain Japanese for the service's own block reasons (too-large, content-encoding,
// partial-content, early-type-unknown); `detail` is inserted where the reason names a value.
std::string reasonText(const std::string& slug, const std::string& detail);

}  // namespace sanso::icap
