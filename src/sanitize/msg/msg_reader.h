// Outlook .msg (MS-OXMSG, an OLE2 compound file) to an RFC 5322 message, natively: the
// headers are rebuilt from MAPI properties (PR_TRANSPORT_MESSAGE_HEADERS is never used), the
// body from PR_BODY and PR_HTML, attachments by value kept, attached messages converted
// recursively into message/rfc822 parts. The result still has to go through the MIME sanitizer.
#pragma once

#include <string>
#include <vector>

#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::msg {

// Something of the .msg that the MIME message does not carry.
struct MsgDropped {
  std::string what;   // "ole-object-attachment", "reference-attachment", "rtf-body", ...
  std::string where;  // "attachment 2 (report.xls)", "attachment 1 > attachment 3", "message"
};

struct MsgConversion {
  std::string mime;  // the whole RFC 5322 message, ASCII, CRLF lines
  std::vector<MsgDropped> dropped;
};

// Converts a .msg. Blocks "malformed-msg" (or "malformed-ole2") when its structure cannot be
// read, "encrypted" for S/MIME and rights-protected messages, "limit-archive-depth",
// "limit-mime-parts", "limit-mail-properties", "limit-archive-member-bytes" and
// "limit-expanded-size" past the Limits.
Result<MsgConversion> msgToMime(ByteView msg, Budget& budget);

}  // namespace sanso::sanitize::msg
