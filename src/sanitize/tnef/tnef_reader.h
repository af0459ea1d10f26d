// A bounded native reader of TNEF streams (MS-OXTNEF; application/ms-tnef, winmail.dat):
// the attachments by value with their names, and the message's plain and HTML bodies.
// Everything else in the stream (RTF body, OLE objects, attached messages, named properties,
// recipient tables) is not carried over.
#pragma once

#include <string>
#include <vector>

#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::tnef {

struct TnefAttachment {
  std::string name;       // UTF-8: PR_ATTACH_LONG_FILENAME, else attAttachTitle; may be empty
  std::string mime_type;  // PR_ATTACH_MIME_TAG as written; may be empty
  std::string data;
};

struct TnefContent {
  std::string subject;    // UTF-8
  std::string body_text;  // UTF-8 plain body (PR_BODY, else attBody)
  std::string body_html;  // UTF-8 HTML body (PR_HTML)
  std::vector<TnefAttachment> attachments;
  // What was not unpacked, e.g. "ole-object-attachment: attachment 2", "rtf-body: message".
  std::vector<std::string> dropped;
};

// Unpacks a TNEF stream. Blocks "malformed-tnef" on a bad signature, a truncated or
// mis-checksummed attribute, or an unreadable property block; "limit-mime-parts",
// "limit-mail-properties", "limit-archive-member-bytes" and "limit-expanded-size" past Limits.
Result<TnefContent> unpackTnef(ByteView data, Budget& budget);

}  // namespace sanso::sanitize::tnef
