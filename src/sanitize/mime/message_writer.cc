#include "mime/message_writer.h"

#include <random>

#include "mime/mime_encode.h"

namespace sanso::sanitize::mime {
namespace {

std::string crlfText(const std::string& utf8) {
  std::string out;
  out.reserve(utf8.size() + utf8.size() / 40 + 2);
  for (size_t i = 0; i < utf8.size(); ++i) {
    if (utf8[i] == '\r') continue;
    if (utf8[i] == '\n') {
      out += "\r\n";
    } else {
      out.push_back(utf8[i]);
    }
  }
  if (!out.empty() && !out.ends_with("\r\n")) out += "\r\n";
  return out;
}

std::string textPart(const std::string& utf8, bool notice) {
  std::string out = "Content-Type: text/plain; charset=utf-8\r\n";
  if (notice) out += "Content-Disposition: inline\r\nContent-Description: sanso notice\r\n";
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  return out + base64Lines(asBytes(crlfText(utf8)));
}

std::string attachmentPart(const OutAttachment& a) {
  if (a.message) {
    return "Content-Type: message/rfc822\r\nContent-Disposition: attachment" +
           parameter("filename", a.name) + "\r\nContent-Transfer-Encoding: 7bit\r\n\r\n" + a.data +
           (a.data.ends_with("\r\n") ? "" : "\r\n");
  }
  return "Content-Type: " + a.mime + parameter("name", a.name) +
         "\r\nContent-Disposition: attachment" + parameter("filename", a.name) +
         "\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64Lines(asBytes(a.data));
}

std::string freshBoundary() {
  std::random_device random;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string boundary = "=_sanso_";
  for (int i = 0; i < 32; ++i) boundary.push_back(kHex[random() & 15]);
  return boundary;
}

}  // namespace

std::string writeMessage(const OutMessage& message) {
  std::string out = message.header_fields + "MIME-Version: 1.0\r\n";
  if (message.notice.empty() && message.attachments.empty()) {
    return out + textPart(message.body, false);
  }
  std::vector<std::string> parts;
  parts.push_back(textPart(message.body, false));
  if (!message.notice.empty()) parts.push_back(textPart(message.notice, true));
  for (const OutAttachment& a : message.attachments) parts.push_back(attachmentPart(a));
  std::string boundary;
  bool clash = true;
  while (clash) {  // a nested message could only hold another random boundary, but check
    boundary = freshBoundary();
    clash = false;
    for (const std::string& part : parts) clash = clash || part.find(boundary) != std::string::npos;
  }
  out += "Content-Type: multipart/mixed;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
  for (const std::string& part : parts) out += "--" + boundary + "\r\n" + part;
  return out + "--" + boundary + "--\r\n";
}

}  // namespace sanso::sanitize::mime
