// The header logic of the milter: reading the sanitized message's header block, which of the
// original fields are replaced, and the X-Sanso-Sanitized summary of an engine report.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "sanso/common/status.h"

namespace sanso::milter {

struct HeaderField {
  std::string name;
  std::string value;  // unfolded: continuation line breaks removed, leading blanks trimmed
};

struct SplitMessage {
  std::vector<HeaderField> headers;
  uint64_t body_offset = 0;  // first byte after the blank line that ends the header block
};

// Splits a message sanso wrote (CRLF or LF lines) into its header fields and the body offset.
// At most `max_fields` fields; malformed-mime when a line is not a field, holds a bare CR or a
// NUL, or no blank line ends the header block.
Result<SplitMessage> splitMessage(std::string_view message, size_t max_fields = 1000);

// The value of the first field named `name` (case-insensitive); empty when absent.
std::string fieldValue(const std::vector<HeaderField>& headers, std::string_view name);

// True for the original fields the inbound milter deletes before adding the sanitized
// message's own: MIME-Version, every Content-* field, Subject (replaced by the cleaned one) and
// any X-Sanso-* field (a sender must not forge sanso's verdict).
bool isReplacedField(std::string_view name);

// The fields the inbound milter adds, from the sanitized message's header block: MIME-Version,
// Content-Type, Content-Transfer-Encoding and Subject (with `subject_tag` and a space before the
// decoded subject when the tag is not empty), in that order; values are one line.
std::vector<HeaderField> replacementFields(const std::vector<HeaderField>& sanitized,
                                           const std::string& subject_tag);

// The m-FILTER-style tokens summarising an engine report (JSON as sanitize::toJson writes it),
// in a fixed order: DEL_ATTACH (an attachment removed), CHG_ATTACH (an attachment sanitized or
// converted), CHG_TEXT (HTML body turned into text), REP_LINK (body links defanged), DEL_ALT
// (an alternative rendering dropped), DEL_SIGN (a signature dropped), DEL_HEADER (header fields
// dropped), CHG_OTHER (any other change); "NONE" when nothing was changed.
std::string sanitizedTokens(const nlohmann::json& report);

// The UTF-8 text of an RFC 2047 header value (undecodable words are kept as they are).
std::string decodeHeaderText(const std::string& value);

// A value made safe for a header field or an audit record: printable ASCII only (others
// become '?'), at most `max_bytes` bytes.
std::string printableAscii(std::string_view text, size_t max_bytes);

}  // namespace sanso::milter
