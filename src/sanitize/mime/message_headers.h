// The header fields of a sanitized message: an allowlist of the original's, decoded and
// written again (never copied). Everything else is dropped and recorded.
#pragma once

#include <gmime/gmime.h>

#include <string>

#include "action_log.h"

namespace sanso::sanitize::mime {

// Encoded fields (each ending in CRLF) for From, To, Cc, Reply-To, Subject (always written,
// empty when absent, so the output reads as a message), Date, Message-ID, In-Reply-To and
// References of `message`: the first of each name (later duplicates dropped and logged),
// display names and subjects decoded (RFC 2047, 8-bit, Japanese charsets) and re-encoded as
// UTF-8 RFC 2047, addresses and message ids kept only when well formed.
std::string rebuildHeaders(GMimeMessage* message, GMimeParserOptions* options, ActionLog& log);

}  // namespace sanso::sanitize::mime
