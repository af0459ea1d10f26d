#include "mime/mime_charset.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <optional>

#include "text/charset.h"
#include "text/text_sanitizer.h"

namespace sanso::sanitize::mime {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<text::Charset> japaneseOrUnicode(const std::string& label) {
  if (label == "utf-8" || label == "utf8" || label == "us-ascii" || label == "ascii") {
    return text::Charset::kUtf8;
  }
  if (label.starts_with("iso-2022-jp") || label == "csiso2022jp") return text::Charset::kIso2022Jp;
  if (label == "shift_jis" || label == "shift-jis" || label == "sjis" || label == "x-sjis" ||
      label == "cp932" || label == "windows-31j" || label == "ms932" || label == "ms_kanji" ||
      label == "csshiftjis") {
    return text::Charset::kShiftJis;
  }
  if (label == "euc-jp" || label == "x-euc-jp" || label == "eucjp" ||
      label == "cseucpkdfmtjapanese") {
    return text::Charset::kEucJp;
  }
  if (label == "utf-16le") return text::Charset::kUtf16Le;
  if (label == "utf-16be" || label == "utf-16") return text::Charset::kUtf16Be;
  return std::nullopt;
}

// Labels passed to iconv: letters, digits and - _ . : only (never an iconv option suffix).
bool plainLabel(const std::string& label) {
  return !label.empty() && label.size() < 40 && std::all_of(label.begin(), label.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == ':';
  });
}

// iconv from `label`, each undecodable byte replaced by U+FFFD; nullopt when iconv lacks it.
std::optional<std::string> viaIconv(ByteView bytes, const std::string& label) {
  if (!plainLabel(label)) return std::nullopt;
  iconv_t cd = iconv_open("UTF-8", label.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out;
  char buffer[4096];
  char* in = const_cast<char*>(reinterpret_cast<const char*>(bytes.data()));
  size_t in_left = bytes.size();
  while (in_left > 0) {
    char* dst = buffer;
    size_t dst_left = sizeof buffer;
    const size_t r = iconv(cd, &in, &in_left, &dst, &dst_left);
    out.append(buffer, static_cast<size_t>(dst - buffer));
    if (r == static_cast<size_t>(-1) && errno != E2BIG) {
      out.append("\xEF\xBF\xBD");
      ++in;
      --in_left;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
  }
  iconv_close(cd);
  return out;
}

// Valid UTF-8 as it is, each invalid byte replaced by U+FFFD.
std::string lossyUtf8(ByteView bytes) {
  std::string out;
  size_t i = 0;
  while (i < bytes.size()) {
    size_t len = 1;
    const uint8_t c = bytes[i];
    if (c >= 0xC2 && c <= 0xDF)
      len = 2;
    else if (c >= 0xE0 && c <= 0xEF)
      len = 3;
    else if (c >= 0xF0 && c <= 0xF4)
      len = 4;
    else if (c >= 0x80)
      len = 0;
    if (len > 0 && i + len <= bytes.size()) {
      if (auto ok = text::toUtf8(bytes.subspan(i, len), text::Charset::kUtf8)) {
        out.append(*ok);
        i += len;
        continue;
      }
    }
    out.append("\xEF\xBF\xBD");
    ++i;
  }
  return out;
}

}  // namespace

std::string decodeCharset(ByteView bytes, std::string_view declared) {
  const std::string label = lower(declared);
  if (auto charset = japaneseOrUnicode(label)) {
    if (auto utf8 = text::toUtf8(bytes, *charset)) return std::move(*utf8);
  } else if (!label.empty()) {
    if (auto utf8 = viaIconv(bytes, label)) return std::move(*utf8);
  }
  // Undeclared, unknown or wrong: what the content decodes as.
  if (auto decoded = text::decodeToUtf8(bytes); decoded.isOk()) return std::move(decoded->utf8);
  return lossyUtf8(bytes);
}

}  // namespace sanso::sanitize::mime
