#include <iconv.h>
#include <sodium.h>

#include <ctime>
#include <memory>
#include <optional>

#include "sanso/gateway/mail.h"

namespace sanso::gateway {
namespace {

// `text` in `charset` via iconv; nullopt when a character cannot be represented.
std::optional<std::string> convert(const std::string& text, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::unique_ptr<void, int (*)(iconv_t)> guard(cd, iconv_close);
  std::string out(text.size() * 4 + 16, '\0');
  char* in_ptr = const_cast<char*>(text.data());
  size_t in_left = text.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  if (iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<size_t>(-1)) {
    return std::nullopt;
  }
  if (iconv(cd, nullptr, nullptr, &out_ptr, &out_left) == static_cast<size_t>(-1)) {
    return std::nullopt;  // the final shift back to ASCII
  }
  out.resize(out.size() - out_left);
  return out;
}

std::string base64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// Lines of at most 76 characters.
std::string wrap(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); i += 76) out += text.substr(i, 76) + "\r\n";
  return out;
}

// CRLF line ends; a line starting with "." gets another (RFC 5321 4.5.2).
std::string crlfDotStuffed(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line.front() == '.') out += '.';
    out += line + "\r\n";
    start = end + 1;
  }
  return out;
}

bool hasControl(const std::string& text) {
  for (unsigned char c : text) {
    if (c < 0x20 && c != '\n' && c != '\t') return true;
  }
  return false;
}

}  // namespace

bool isPlainAddress(const std::string& address) {
  if (address.empty() || address.size() > 254) return false;
  size_t at = address.find('@');
  if (at == 0 || at == std::string::npos || at != address.rfind('@') || at + 1 >= address.size()) {
    return false;
  }
  for (unsigned char c : address) {
    if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == '"' || c == '(' || c == ')' ||
        c == ',' || c == ';' || c == ':' || c == '\\' || c == '[' || c == ']') {
      return false;
    }
  }
  return true;
}

Result<std::string> composeMail(const MailMessage& message, const std::string& charset) {
  if (!isPlainAddress(message.from)) return Status::invalidArgument("bad sender address");
  if (message.to.empty()) return Status::invalidArgument("no recipient");
  for (const auto& to : message.to) {
    if (!isPlainAddress(to)) return Status::invalidArgument("bad recipient address");
  }
  if (hasControl(message.subject) || message.subject.find('\n') != std::string::npos) {
    return Status::invalidArgument("control characters in the subject");
  }
  std::optional<std::string> jis_subject;
  std::optional<std::string> jis_body;
  if (charset == "ISO-2022-JP") {
    jis_subject = convert(message.subject, "ISO-2022-JP");
    jis_body = convert(message.body, "ISO-2022-JP");
  }
  const bool jis = jis_subject && jis_body;
  std::string to_header;
  for (const auto& to : message.to) to_header += (to_header.empty() ? "" : ", ") + to;
  char date[64];
  std::tm utc{};
  gmtime_r(&message.date, &utc);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  std::string head =
      "Date: " + std::string(date) + "\r\nFrom: " + message.from + "\r\nTo: " + to_header + "\r\n";
  head += "Subject: =?" + std::string(jis ? "ISO-2022-JP" : "UTF-8") + "?B?" +
          base64(jis ? *jis_subject : message.subject) + "?=\r\n";
  head += "MIME-Version: 1.0\r\n";
  head += "Auto-Submitted: auto-generated\r\n";
  std::string body;
  if (jis) {
    head += "Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n";
    body = crlfDotStuffed(*jis_body);
  } else {
    head += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n";
    body = wrap(base64(message.body));
  }
  return head + "\r\n" + body;
}

}  // namespace sanso::gateway
