#include "msg/mime_writer.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "msg/mapi.h"

namespace sanso::sanitize::msg {
namespace {

constexpr std::string_view kCrlf = "\r\n";

std::string base64(std::string_view data, bool wrap) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve(data.size() * 4 / 3 + data.size() / 38 + 8);
  size_t line = 0;
  for (size_t i = 0; i < data.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(data[i]) << 16;
    if (i + 1 < data.size()) n |= static_cast<uint8_t>(data[i + 1]) << 8;
    if (i + 2 < data.size()) n |= static_cast<uint8_t>(data[i + 2]);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < data.size() ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back(i + 2 < data.size() ? kAlphabet[n & 63] : '=');
    line += 4;
    if (wrap && line >= 76) {
      out += kCrlf;
      line = 0;
    }
  }
  if (wrap && line > 0) out += kCrlf;
  return out;
}

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

// UTF-8 text as RFC 2047 "B" encoded words of at most 45 bytes each (whole characters), folded.
std::string encodedWords(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = std::min(text.size(), i + 45);
    while (end < text.size() && end > i + 1 &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(i, end - i), false) + "?=";
    i = end;
  }
  return out;
}

// An unstructured header value: plain when short printable ASCII, else encoded words.
std::string unstructured(std::string_view value) {
  std::string line = mapi::oneLine(value);
  bool plain = line.size() <= 60 && line.find("=?") == std::string::npos &&
               std::all_of(line.begin(), line.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
  return plain ? line : encodedWords(line);
}

// A display name as a phrase: atoms kept, anything else one or more encoded words.
std::string phrase(std::string_view name) {
  std::string line = mapi::oneLine(name);
  bool atoms =
      line.size() <= 60 &&
      std::all_of(line.begin(), line.end(), [](char c) { return isAtext(c) || c == ' '; }) &&
      line.find("=?") == std::string::npos;
  return atoms ? line : encodedWords(line);
}

// One address: "name <addr>", "<addr>", or, without a usable address, the name as an empty
// group "name:;" so the value stays valid.
std::string address(const MimeAddress& a) {
  std::string email = mapi::oneLine(a.email);
  std::string name = mapi::oneLine(a.name);
  if (isAddrSpec(email))
    return name.empty() ? "<" + email + ">" : phrase(name) + " <" + email + ">";
  // A space before the colon: an encoded word must not touch it.
  return phrase(name.empty() ? "undisclosed" : name) + " :;";
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

// RFC 2231 extended value: UTF-8 percent-encoded outside attribute-char.
std::string rfc2231(std::string_view value) {
  std::string out = "UTF-8''";
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
        std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos) {
      out.push_back(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof(hex), "%%%02X", u);
      out += hex;
    }
  }
  return out;
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
  out += base64(body, true);
  return out;
}

std::string attachmentPart(const MimeAttachment& a) {
  std::string out;
  std::string name = fileName(a.name);
  std::string disposition = "Content-Disposition: attachment";
  if (!name.empty()) disposition += ";\r\n filename*=" + rfc2231(name);
  if (a.message) {
    out = "Content-Type: message/rfc822\r\n" + disposition + "\r\n\r\n" + a.data;
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += kCrlf;
    return out;
  }
  out = "Content-Type: " + contentType(a.mime_type) + "\r\n" + disposition + "\r\n";
  std::string id = "<" + mapi::oneLine(a.content_id) + ">";
  if (isMessageId(id)) out += "Content-ID: " + id + "\r\n";
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  out += base64(a.data, true);
  return out;
}

std::string multipart(std::string_view subtype, const std::vector<std::string>& parts,
                      unsigned& seed) {
  // Base64 lines and encoded words never contain "=_", so the boundary cannot collide.
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
  out += "Subject: " + unstructured(message.subject) + "\r\n";
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
