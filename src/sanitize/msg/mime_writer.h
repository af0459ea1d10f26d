// Writes a mail message as RFC 5322 / MIME bytes from already-decoded parts: UTF-8 headers as
// RFC 2047 encoded words, RFC 2231 file names, every body and attachment in base64, CRLF lines.
// Nothing is passed through: header values are single lines, addresses that are not plain
// addr-specs are dropped to their display names.
#pragma once

#include <string>
#include <vector>

namespace sanso::sanitize::msg {

struct MimeAddress {
  std::string name;   // UTF-8 display name, may be empty
  std::string email;  // addr-spec; written only when it is a plain ASCII local@domain
};

struct MimeAttachment {
  std::string name;        // UTF-8 file name, may be empty
  std::string mime_type;   // "type/subtype"; anything else becomes application/octet-stream
  std::string data;        // the bytes; for `message`, a whole RFC 5322 message from writeMime
  bool message = false;    // an attached message (message/rfc822)
  std::string content_id;  // "left@right" for cid: links from the HTML body; else dropped
};

struct MimeMessage {
  MimeAddress from;
  std::vector<MimeAddress> to;
  std::vector<MimeAddress> cc;
  std::string subject;     // UTF-8
  std::string date;        // RFC 5322 date-time, or empty
  std::string message_id;  // "<left@right>", dropped unless it is one
  std::string text;        // UTF-8 plain body, may be empty
  std::string html;        // UTF-8 HTML body, may be empty
  std::vector<MimeAttachment> attachments;
};

// The message as MIME bytes (ASCII only). `boundary_seed` makes boundaries unique across the
// messages nested in one output; it is advanced for each multipart written.
std::string writeMime(const MimeMessage& message, unsigned& boundary_seed);

}  // namespace sanso::sanitize::msg
