// Writes the message sanso outputs: the given header fields, MIME-Version, one UTF-8
// text/plain body, an optional notice part and the attachments, base64 (sanitized messages
// as message/rfc822), under a fresh random boundary. 7-bit, CRLF, lines of at most 78 bytes.
#pragma once

#include <string>
#include <vector>

namespace sanso::sanitize::mime {

struct OutAttachment {
  std::string name;  // UTF-8, already checked
  std::string mime;  // the real type of `data`
  std::string data;
  bool message = false;  // a message sanso wrote: attached as message/rfc822, 7bit
};

struct OutMessage {
  std::string header_fields;  // encoded fields, each ending in CRLF
  std::string body;           // UTF-8 text, LF or CRLF line ends
  std::string notice;         // UTF-8 text of the notice part; none when empty
  std::vector<OutAttachment> attachments;
};

// The whole message.
std::string writeMessage(const OutMessage& message);

}  // namespace sanso::sanitize::mime
