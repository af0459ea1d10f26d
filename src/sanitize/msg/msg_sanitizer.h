// The handler for Outlook .msg files: converted to MIME natively, then sanitized as a mail message.
#pragma once

#include "job.h"

namespace sanso::sanitize::msg {

// Converts job.input with msgToMime (what the conversion leaves out is logged as removed) and
// sanitizes the result with mime::sanitizeMessageBytes; writes an RFC 5322 message and
// returns kEml. Blocks as msgToMime and the MIME sanitizer do.
Result<FileType> sanitizeMsg(Job& job);

}  // namespace sanso::sanitize::msg
