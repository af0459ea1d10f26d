// Mail files (.eml, RFC 5322): parsed with GMime and rebuilt as a new message from an allowlist
// of headers, one UTF-8 text/plain body (text parts decoded, HTML parts rendered as text with
// defanged links) and the attachments, each sanitized by the engine with the job's method.
#pragma once

#include "job.h"
#include "sanso/common/bytes.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::mime {

// The handler for the mail family (every method: the method applies to the attachments; the
// body is always text). Writes a valid RFC 5322 message (CRLF, MIME-Version 1.0, a fresh
// boundary, 7-bit) to job.output_path and returns kEml. Attachments that cannot be sanitized
// (unsafe or executable names, refused content, TNEF, signatures) are dropped, listed in the
// report and named in a notice part. Blocks the message: "encrypted" (S/MIME enveloped or
// opaque, multipart/encrypted, PGP), "mime-ambiguous-header" (a part with two different
// Content-Type or Content-Transfer-Encoding fields), "malformed-mime", "limit-...".
Result<FileType> sanitizeMime(Job& job);

// The same for `message` given as bytes in place of job.input (the .msg converter's entry).
Result<FileType> sanitizeMessageBytes(ByteView message, Job& job);

}  // namespace sanso::sanitize::mime
