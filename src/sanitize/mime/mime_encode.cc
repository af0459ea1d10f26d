#include "mime/mime_encode.h"

#include <algorithm>

namespace sanso::sanitize::mime {

bool hasPdfMagic(std::string_view text) { return text.find("%PDF-") != std::string_view::npos; }

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr size_t kWordBytes = 42;  // 56 base64 characters + "=?UTF-8?B?" + "?=" = 68
constexpr size_t kFoldAt = 76;

std::string base64(std::string_view in) {
  std::string out;
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(in[i]) << 16) |
                       (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63],
            kAlphabet[v & 63]};
  }
  if (i + 1 == in.size()) {
    const uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    const uint32_t v = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

// Printable ASCII that may be written as it is.
bool printableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7F; }) &&
         !hasPdfMagic(s);
}

// `utf8` cut into pieces of at most `max` bytes, never inside a character.
template <typename F>
void utf8Chunks(std::string_view utf8, size_t max, F emit) {
  size_t pos = 0;
  while (pos < utf8.size()) {
    size_t end = std::min(utf8.size(), pos + max);
    while (end < utf8.size() && end > pos + 1 && (static_cast<uint8_t>(utf8[end]) & 0xC0) == 0x80) {
      --end;
    }
    emit(utf8.substr(pos, end - pos));
    pos = end;
  }
}

std::string encodedWords(std::string_view utf8) {
  std::string out;
  utf8Chunks(utf8, kWordBytes, [&](std::string_view piece) {
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(piece) + "?=";
  });
  return out;
}

bool attrChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_' || c == '!' || c == '~';
}

}  // namespace

std::string base64Lines(ByteView data) {
  const std::string all = base64(asChars(data));
  std::string out;
  out.reserve(all.size() + all.size() / 38 + 2);
  for (size_t pos = 0; pos < all.size(); pos += 76) {
    out.append(all, pos, 76);
    out += "\r\n";
  }
  return out;
}

std::string unstructuredField(std::string_view name, std::string_view utf8) {
  std::string out(name);
  out += ":";
  const bool looks_encoded = utf8.find("=?") != std::string_view::npos;
  if (printableAscii(utf8) && !looks_encoded) {
    size_t line = out.size();
    size_t pos = 0;
    while (pos < utf8.size()) {
      size_t space = utf8.find(' ', pos + 1);
      if (space == std::string_view::npos) space = utf8.size();
      std::string_view token = utf8.substr(pos, space - pos);  // starts with its space
      if (pos == 0 && !token.starts_with(' ')) out += ' ';
      if (line + token.size() > kFoldAt && line > name.size() + 2) {
        out += "\r\n";
        line = 0;
        if (!token.starts_with(' ')) out += ' ';
      }
      if (token.size() > 900) token = token.substr(0, 900);
      out += token;
      line += token.size();
      pos = space;
    }
    return out + "\r\n";
  }
  return out + " " + encodedWords(utf8) + "\r\n";
}

std::string encodePhrase(std::string_view utf8) {
  if (printableAscii(utf8) && utf8.find("=?") == std::string_view::npos && utf8.size() < 200) {
    std::string out = "\"";
    for (char c : utf8) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    return out + "\"";
  }
  return encodedWords(utf8);
}

std::string parameter(std::string_view name, std::string_view utf8) {
  const bool simple = printableAscii(utf8) && utf8.size() < 60 &&
                      utf8.find_first_of("\"\\") == std::string_view::npos;
  if (simple) return ";\r\n " + std::string(name) + "=\"" + std::string(utf8) + "\"";
  std::string out;
  std::string chunk;
  size_t index = 0;
  auto flush = [&] {
    out += ";\r\n " + std::string(name) + "*" + std::to_string(index) +
           "*=" + (index == 0 ? "utf-8''" : "") + chunk;
    chunk.clear();
    ++index;
  };
  utf8Chunks(utf8, 20, [&](std::string_view piece) {
    for (char c : piece) {
      if (attrChar(c)) {
        chunk.push_back(c);
      } else {
        static constexpr char kHex[] = "0123456789ABCDEF";
        chunk += {'%', kHex[static_cast<uint8_t>(c) >> 4], kHex[static_cast<uint8_t>(c) & 15]};
      }
    }
    flush();
  });
  if (index == 0) flush();
  return out;
}

}  // namespace sanso::sanitize::mime
