#include "msg/mime_writer.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>

#include "mime/mime_encode.h"
#include "msg/mapi.h"

namespace sanso::sanitize::msg {
namespace {

constexpr std::string_view kCrlf = "\r\n";

bool isAtext(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// A dot-atom: atext runs separated by single dots.
bool isDotAtom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i + 1] == '.') return false;
    } else if (!isAtext(s[i])) {
      return false;
    }
  }
  return true;
}

bool isAddrSpec(std::string_view email) {
  size_t at = email.rfind('@');
  if (at == std::string_view::npos || email.size() > 254) return false;
  std::string_view domain = email.substr(at + 1);
  if (!isDotAtom(email.substr(0, at)) || domain.empty() || domain.size() > 253) return false;
  return std::all_of(domain.begin(), domain.end(),
                     [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '-' || c == '.';
                     }) &&
         isDotAtom(domain);
}

// One address: "name <addr>", "<addr>", or, without a usable address, the name as an empty
// group "name:;" so the value stays valid.
std::string address(const MimeAddress& a) {
  std::string email = mapi::oneLine(a.email);
  std::string name = mapi::oneLine(a.name);
  if (isAddrSpec(email))
    return name.empty() ? "<" + email + ">" : mime::encodePhrase(name) + " <" + email + ">";
  // A space before the colon: an encoded word must not touch it.
  return mime::encodePhrase(name.empty() ? "undisclosed" : name) + " :;";
}

// The field with every address that has a name or an address; nothing when none has.
void addressHeader(std::string& out, std::string_view field, const std::vector<MimeAddress>& list) {
  std::string value;
  for (const auto& a : list) {
    if (mapi::oneLine(a.name).empty() && mapi::oneLine(a.email).empty()) continue;
    if (!value.empty()) value += ",\r\n ";
    value += address(a);
  }
  if (!value.empty()) out.append(field).append(": ").append(value).append(kCrlf);
}

bool isMessageId(std::string_view id) {
  if (id.size() < 5 || id.size() > 250 || id.front() != '<' || id.back() != '>') return false;
  std::string_view inner = id.substr(1, id.size() - 2);
  size_t at = inner.find('@');
  return at != std::string_view::npos && isDotAtom(inner.substr(0, at)) &&
         isDotAtom(inner.substr(at + 1));
}

bool isToken(std::string_view s) {
  return !s.empty() && s.size() <= 100 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$&-^_.+").find(c) != std::string_view::npos;
  });
}

std::string contentType(std::string_view mime_type) {
  std::string lower = mapi::oneLine(mime_type);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  size_t slash = lower.find('/');
  if (slash == std::string::npos || !isToken(lower.substr(0, slash)) ||
      !isToken(lower.substr(slash + 1)) || lower.rfind("multipart/", 0) == 0 ||
      lower.rfind("message/", 0) == 0) {
    return "application/octet-stream";
  }
  return lower;
}

// A file name made safe for a header: one line, no path, bounded.
std::string fileName(std::string_view name) {
  std::string line = mapi::oneLine(name);
  size_t slash = line.find_last_of("/\\");
  if (slash != std::string::npos) line = line.substr(slash + 1);
  if (line.size() > 255) {
    size_t end = 255;
    while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
    line.resize(end);
  }
  return line;
}

std::string textPart(std::string_view subtype, std::string_view body) {
  std::string out = "Content-Type: text/";
  out.append(subtype).append("; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
  out += mime::base64Lines(asBytes(body));
  return out;
}

std::string attachmentPart(const MimeAttachment& a) {
  std::string out;
  std::string name = fileName(a.name);
  std::string disposition = "Content-Disposition: attachment";
  if (!name.empty()) disposition += mime::parameter("filename", name);
  if (a.message) {
    out = "Content-Type: message/rfc822\r\n" + disposition + "\r\n\r\n" + a.data;
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += kCrlf;
    return out;
  }
  out = "Content-Type: " + contentType(a.mime_type) + "\r\n" + disposition + "\r\n";
  std::string id = "<" + mapi::oneLine(a.content_id) + ">";
  if (isMessageId(id)) out += "Content-ID: " + id + "\r\n";
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  out += mime::base64Lines(asBytes(a.data));
  return out;
}

std::string multipart(std::string_view subtype, const std::vector<std::string>& parts,
                      unsigned& seed) {
  // Base64 lines never contain "=_" and header lines continue with a space, so no line of a
  // part can be the boundary.
  char boundary[48];
  std::snprintf(boundary, sizeof(boundary), "=_sanso_%u_part", seed++);
  std::string out = "Content-Type: multipart/";
  out.append(subtype).append("; boundary=\"").append(boundary).append("\"\r\n\r\n");
  for (const auto& part : parts) {
    out.append("--").append(boundary).append(kCrlf).append(part);
    if (out.compare(out.size() - 2, 2, "\r\n") != 0) out += kCrlf;
  }
  out.append("--").append(boundary).append("--\r\n");
  return out;
}

}  // namespace

std::string writeMime(const MimeMessage& message, unsigned& boundary_seed) {
  std::string out;
  addressHeader(out, "From", {message.from});
  addressHeader(out, "To", message.to);
  addressHeader(out, "Cc", message.cc);
  out += mime::unstructuredField("Subject", mapi::oneLine(message.subject));
  if (!message.date.empty()) out += "Date: " + mapi::oneLine(message.date) + "\r\n";
  std::string id = mapi::oneLine(message.message_id);
  if (isMessageId(id)) out += "Message-ID: " + id + "\r\n";
  out += "MIME-Version: 1.0\r\n";

  std::string body;
  if (!message.text.empty() && !message.html.empty()) {
    body =
        multipart("alternative", {textPart("plain", message.text), textPart("html", message.html)},
                  boundary_seed);
  } else if (!message.html.empty()) {
    body = textPart("html", message.html);
  } else {
    body = textPart("plain", message.text);
  }
  if (message.attachments.empty()) return out + body;
  std::vector<std::string> parts = {body};
  for (const auto& a : message.attachments) parts.push_back(attachmentPart(a));
  return out + multipart("mixed", parts, boundary_seed);
}

}  // namespace sanso::sanitize::msg
