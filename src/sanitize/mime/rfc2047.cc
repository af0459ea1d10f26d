#include "mime/rfc2047.h"

#include <cctype>
#include <optional>

#include "mime/mime_charset.h"
#include "text/text_sanitizer.h"

namespace sanso::sanitize::mime {
namespace {

struct Word {
  std::string charset;  // lower case, RFC 2231 language dropped
  std::string bytes;    // decoded payload
  size_t end = 0;       // index just past "?="
};

int base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string decodeB(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const int v = base64Value(c);
    if (v < 0) continue;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decodeQ(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '_') {
      out.push_back(' ');
    } else if (in[i] == '=' && i + 2 < in.size() && hexValue(in[i + 1]) >= 0 &&
               hexValue(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hexValue(in[i + 1]) * 16 + hexValue(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

// The encoded word starting at `pos` ("=?charset?B|Q?text?="), if well formed.
std::optional<Word> wordAt(std::string_view s, size_t pos) {
  if (s.compare(pos, 2, "=?") != 0) return std::nullopt;
  const size_t q1 = s.find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') return std::nullopt;
  const char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(s[q1 + 1])));
  if (enc != 'B' && enc != 'Q') return std::nullopt;
  const size_t end = s.find("?=", q1 + 3);
  if (end == std::string_view::npos) return std::nullopt;
  const std::string_view payload = s.substr(q1 + 3, end - q1 - 3);
  for (char c : payload) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return std::nullopt;
  }
  Word word;
  for (char c : s.substr(pos + 2, q1 - pos - 2)) {
    if (c == '*') break;
    word.charset.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  word.bytes = enc == 'B' ? decodeB(payload) : decodeQ(payload);
  word.end = end + 2;
  return word;
}

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string cleanHeaderText(std::string_view utf8) {
  uint64_t removed = 0;
  std::string spaced;
  spaced.reserve(utf8.size());
  for (char c : utf8) spaced.push_back(c == '\t' || c == '\r' || c == '\n' || c == '\0' ? ' ' : c);
  const std::string clean = text::stripControls(spaced, removed);
  std::string out;
  for (char c : clean) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string decodeHeaderText(std::string_view raw) {
  std::string out;
  std::string plain;      // raw bytes not inside encoded words, decoded together
  std::string run_bytes;  // payload of adjacent encoded words in one charset
  std::string run_charset;
  auto flushRun = [&] {
    if (!run_bytes.empty()) out += decodeCharset(asBytes(run_bytes), run_charset);
    run_bytes.clear();
  };
  auto flushPlain = [&] {
    if (!plain.empty()) out += decodeCharset(asBytes(plain), "utf-8");
    plain.clear();
  };
  size_t pos = 0;
  bool after_word = false;
  while (pos < raw.size()) {
    if (auto word = wordAt(raw, pos)) {
      flushPlain();
      if (word->charset != run_charset) flushRun();
      run_charset = word->charset;
      run_bytes += word->bytes;
      pos = word->end;
      after_word = true;
      continue;
    }
    if (after_word && isBlank(raw[pos])) {
      size_t next = pos;
      while (next < raw.size() && isBlank(raw[next])) ++next;
      if (next < raw.size() && wordAt(raw, next)) {
        pos = next;  // whitespace between encoded words is not text
        continue;
      }
    }
    flushRun();
    after_word = false;
    plain.push_back(raw[pos++]);
  }
  flushRun();
  flushPlain();
  return cleanHeaderText(out);
}

}  // namespace sanso::sanitize::mime
