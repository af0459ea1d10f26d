// The text of a message that sanso's text method wrote, for the outbound DLP check.
#pragma once

#include <string>

#include "sanso/common/status.h"

namespace sanso::milter {

// The decoded Subject and the decoded content of every leaf part (body, notice, text of each
// attachment, nested messages down to `max_depth`), joined by newlines. The text method makes
// every part text, so no binary reaches the scanner. Blocked `limit-dlp-input` past `max_bytes`;
// `malformed-mime` when GMime cannot read it.
Result<std::string> messageText(const std::string& path, uint64_t max_bytes, int max_depth = 16);

}  // namespace sanso::milter
