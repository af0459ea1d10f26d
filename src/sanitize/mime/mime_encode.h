// The encodings of the messages sanso writes: 7-bit, CRLF, lines well under 998 bytes.
#pragma once

#include <string>
#include <string_view>

#include "sanso/common/bytes.h"

namespace sanso::sanitize::mime {

// True when `text` holds "%PDF-": PDF readers take any file with it in its first 1024 bytes
// for a PDF, so sanso never writes it literally in header fields (encoded words hide it;
// addresses and message ids holding it are dropped) and the output stays a message.
bool hasPdfMagic(std::string_view text);

// Base64 in lines of 76 characters, each ended by CRLF.
std::string base64Lines(ByteView data);

// "Name: value\r\n" for an unstructured field: printable ASCII as it is (folded at spaces),
// anything else as UTF-8 RFC 2047 B words of at most 75 characters on folded lines.
std::string unstructuredField(std::string_view name, std::string_view utf8);

// One UTF-8 phrase (a display name) as a quoted string when printable ASCII, else as RFC 2047
// B words separated by folding whitespace.
std::string encodePhrase(std::string_view utf8);

// "; name*0*=utf-8''%E8...;\r\n name*1*=..." (RFC 2231 with continuations) for a parameter
// value, or "; name=\"value\"" when it is short printable ASCII without quotes or backslashes.
std::string parameter(std::string_view name, std::string_view utf8);

}  // namespace sanso::sanitize::mime
