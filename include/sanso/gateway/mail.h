// Plain-text Japanese notification mail: composition (ISO-2022-JP or UTF-8, RFC 2047 subject)
// and delivery to one SMTP relay (RFC 5321, no authentication: the relay is the municipality's
// own, on the gateway's network).
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "sanso/common/status.h"

namespace sanso::gateway {

struct MailMessage {
  std::string from;             // an address, validated by composeMail()
  std::vector<std::string> to;  // addresses
  std::string subject;          // UTF-8
  std::string body;             // UTF-8, lines separated by '\n'
  time_t date = 0;              // the Date header
};

// True for a plain "local@domain" address without spaces, quotes, angle brackets, CR or LF.
bool isPlainAddress(const std::string& address);

// The message as it goes on the wire after DATA (CRLF line ends, dot-stuffed, without the
// final "."). `charset` is "ISO-2022-JP" (falls back to UTF-8 when a character has no JIS
// code, e.g. ① or 髙) or "UTF-8" (base64 body). invalidArgument for bad addresses.
Result<std::string> composeMail(const MailMessage& message, const std::string& charset);

struct SmtpRelay {
  std::string host;  // numeric address
  uint16_t port = 25;
  std::chrono::seconds timeout{10};
};

// Delivers `data` (from composeMail) to the relay: EHLO/HELO, MAIL FROM, RCPT TO for each
// recipient, DATA. ioError on connection problems or any non-2xx/3xx reply, with the reply.
Status sendMail(const SmtpRelay& relay, const std::string& from, const std::vector<std::string>& to,
                const std::string& data);

}  // namespace sanso::gateway
