#include "html/markup_charset.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include "text/charset.h"
#include "text/charset_detect.h"

namespace sanso::sanitize::html {
namespace {

constexpr size_t kPrescanBytes = 1024;

enum class Declared { kNone, kUtf8, kShiftJis, kEucJp, kIso2022Jp, kLatin1, kOther };

Declared classifyLabel(const std::string& label) {
  if (label == "utf-8" || label == "utf8" || label == "unicode-1-1-utf-8") return Declared::kUtf8;
  if (label == "shift_jis" || label == "shift-jis" || label == "sjis" || label == "x-sjis" ||
      label == "ms_kanji" || label == "csshiftjis" || label == "windows-31j" ||
      label == "cp932" || label == "ms932") {
    return Declared::kShiftJis;
  }
  if (label == "euc-jp" || label == "x-euc-jp" || label == "cseucpkdfmtjapanese" ||
      label == "eucjp") {
    return Declared::kEucJp;
  }
  if (label == "iso-2022-jp" || label == "csiso2022jp") return Declared::kIso2022Jp;
  if (label == "iso-8859-1" || label == "latin1" || label == "windows-1252" ||
      label == "us-ascii" || label == "ascii" || label == "cp1252" || label == "l1") {
    return Declared::kLatin1;
  }
  return label.empty() ? Declared::kNone : Declared::kOther;
}

// The first charset label declared in the document's first bytes ("charset=" or
// "encoding="), lower case.
std::string declaredLabel(ByteView input) {
  std::string head(asChars(input.first(std::min(input.size(), kPrescanBytes))));
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t at = std::string::npos;
  size_t skip = 0;
  for (std::string_view key : {"charset", "encoding"}) {
    const size_t found = head.find(key);
    if (found != std::string::npos && found < at) {
      at = found;
      skip = key.size();
    }
  }
  if (at == std::string::npos) return {};
  size_t i = at + skip;
  while (i < head.size() && (head[i] == ' ' || head[i] == '=' || head[i] == '"' ||
                             head[i] == '\'' || head[i] == '\t')) {
    ++i;
  }
  std::string label;
  while (i < head.size() && label.size() < 40 &&
         (std::isalnum(static_cast<unsigned char>(head[i])) || head[i] == '-' ||
          head[i] == '_' || head[i] == ':' || head[i] == '.')) {
    label.push_back(head[i++]);
  }
  return label;
}

// ISO-8859-1 bytes as code points (C1 bytes included; later stages strip controls).
std::string latin1ToUtf8(ByteView bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (uint8_t b : bytes) {
    if (b < 0x80) {
      out.push_back(static_cast<char>(b));
    } else {
      out.push_back(static_cast<char>(0xC0 | (b >> 6)));
      out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
    }
  }
  return out;
}

std::optional<text::Charset> toCharset(Declared declared) {
  switch (declared) {
    case Declared::kUtf8: return text::Charset::kUtf8;
    case Declared::kShiftJis: return text::Charset::kShiftJis;
    case Declared::kEucJp: return text::Charset::kEucJp;
    case Declared::kIso2022Jp: return text::Charset::kIso2022Jp;
    default: return std::nullopt;
  }
}

}  // namespace

Result<text::Decoded> decodeMarkup(ByteView input) {
  const bool has_bom = text::hasPrefix(input, "\xEF\xBB\xBF") ||
                       text::hasPrefix(input, "\xFF\xFE") || text::hasPrefix(input, "\xFE\xFF");
  if (!has_bom) {
    const Declared declared = classifyLabel(declaredLabel(input));
    if (auto charset = toCharset(declared)) {
      if (auto utf8 = text::toUtf8(input, *charset)) {
        return text::Decoded{std::move(*utf8), std::string(text::charsetName(*charset))};
      }
    }
    if (declared == Declared::kLatin1) {
      auto detected = text::decodeToUtf8(input);
      // Pure ASCII or valid UTF-8 reads the same; anything else is Latin-1 as declared.
      if (detected.isOk() && detected->charset == "UTF-8") return detected;
      return text::Decoded{latin1ToUtf8(input), "ISO-8859-1"};
    }
  }
  return text::decodeToUtf8(input);
}

}  // namespace sanso::sanitize::html
