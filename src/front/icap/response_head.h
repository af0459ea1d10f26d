// The HTTP head of a download sanso rewrote: one mapping from the output type to the headers,
// used when the output is ready and when the head must go out before it (early response).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sanso/common/status.h"
#include "sanso/icap/protocol.h"

namespace sanso::icap {

// `response` (the origin's head) without the headers that describe the original bytes
// (length, type, encodings, digests, ranges, ETag, disposition), with the Content-Type of
// `output_type`, a Content-Disposition naming `name` with the output's extension when the
// origin sent one or the extension does not fit, X-Sanso-Sanitized, and Content-Length only
// when `length` is given. Fails for an unknown `output_type`.
Result<HttpHead> sanitizedHead(const HttpHead& response, const std::string& name,
                               const std::string& output_type, std::optional<uint64_t> length);

}  // namespace sanso::icap
