#include "rtf/rtf_writer.h"

#include "text/utf8.h"

namespace sanso::sanitize::rtf {
namespace {

constexpr size_t kLineLength = 200;
constexpr size_t kHexBytesPerLine = 64;

void appendWord(std::string& out, std::string_view name, bool has_param, int32_t param) {
  out += '\\';
  out += name;
  if (has_param) out += std::to_string(param);
}

}  // namespace

Status RtfWriter::put(std::string_view token) {
  // Only before a control word or brace: a line break after a word would end it without
  // being its delimiter, turning the delimiting space into text.
  if (line_ >= kLineLength && !token.empty() &&
      (token.front() == '\\' || token.front() == '{' || token.front() == '}')) {
    SANSO_RETURN_IF_ERROR(out_.write("\r\n"));
    line_ = 0;
  }
  line_ += token.size();
  return out_.write(token);
}

Status RtfWriter::open() {
  delimit_ = false;
  return put("{");
}

Status RtfWriter::close() {
  delimit_ = false;
  return put("}");
}

Status RtfWriter::word(const Word& word, bool) {
  std::string token;
  if (word.ignorable) token += "\\*";
  appendWord(token, word.name, word.has_param, word.param);
  if (word.name == "rtf") token += "\\uc1";  // every \uN below has one '?' fallback
  delimit_ = true;
  SANSO_RETURN_IF_ERROR(put(token));
  if (word.name == "par" || word.name == "row" || word.name == "sect") {
    delimit_ = false;
    line_ = 0;
    return out_.write("\r\n");
  }
  return Status::ok();
}

Status RtfWriter::text(std::string_view utf8, bool) {
  std::string token;
  for (size_t pos = 0; pos < utf8.size();) {
    const text::Utf8Char c = text::decodeUtf8(utf8, pos);
    pos += c.length == 0 ? 1 : c.length;
    const char32_t cp = c.length == 0 ? 0xFFFD : c.code_point;
    token.clear();
    if (cp == '\t') {
      token = "\\tab";
    } else if (cp < 0x20 || cp == 0x7F) {
      continue;  // control characters are not text
    } else if (cp < 0x80) {
      // A letter, digit, space or '-' would otherwise extend or delimit the last word.
      const bool extends = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                           (cp >= '0' && cp <= '9') || cp == ' ' || cp == '-';
      if (delimit_ && extends) token += ' ';
      if (cp == '\\' || cp == '{' || cp == '}') token += '\\';
      token += static_cast<char>(cp);
    } else {
      auto unit = [&](uint32_t u) {
        const int32_t value = u > 32767 ? static_cast<int32_t>(u) - 65536 : static_cast<int32_t>(u);
        appendWord(token, "u", true, value);
        token += '?';
      };
      if (cp >= 0x10000) {
        unit(0xD800 + ((cp - 0x10000) >> 10));
        unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
      } else {
        unit(cp);
      }
    }
    delimit_ = cp == '\t';
    SANSO_RETURN_IF_ERROR(put(token));
  }
  return Status::ok();
}

Status RtfWriter::picture(const Picture& picture) {
  std::string token = "{\\pict";
  appendWord(token, picture.format, false, 0);
  for (const auto& [name, value] : picture.properties) appendWord(token, name, true, value);
  SANSO_RETURN_IF_ERROR(put(token));
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string line;
  for (size_t i = 0; i < picture.bytes.size(); i += kHexBytesPerLine) {
    line = "\r\n";
    const size_t end = std::min(picture.bytes.size(), i + kHexBytesPerLine);
    for (size_t j = i; j < end; ++j) {
      const auto b = static_cast<unsigned char>(picture.bytes[j]);
      line += kDigits[b >> 4];
      line += kDigits[b & 15];
    }
    SANSO_RETURN_IF_ERROR(out_.write(line));
  }
  line_ = 0;
  delimit_ = false;
  return put("}");
}

Status TextCollector::word(const Word& word, bool content) {
  if (content && word.kind == WordKind::kBreak) out_.append(word.break_text);
  return Status::ok();
}

Status TextCollector::text(std::string_view utf8, bool content) {
  if (content) out_.append(utf8);
  return Status::ok();
}

}  // namespace sanso::sanitize::rtf
