#include "sanso/common/utf8.h"

namespace sanso {
namespace {

constexpr CodePoint kInvalid{U'\uFFFD', 1};

bool isContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

}  // namespace

CodePoint decodeUtf8(std::string_view text, size_t pos) {
  auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return {lead, 1};
  size_t length = 0;
  char32_t value = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, value = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, value = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, value = lead & 0x07, min = 0x10000;
  } else {
    return kInvalid;
  }
  if (text.size() - pos < length) return kInvalid;
  for (size_t i = 1; i < length; ++i) {
    auto byte = static_cast<unsigned char>(text[pos + i]);
    if (!isContinuation(byte)) return kInvalid;
    value = (value << 6) | (byte & 0x3F);
  }
  if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return kInvalid;
  return {value, length};
}

bool isValidUtf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    CodePoint cp = decodeUtf8(text, pos);
    if (cp.value == U'\uFFFD' && cp.length == 1) return false;
    pos += cp.length;
  }
  return true;
}

size_t codePointCount(std::string_view text) {
  size_t count = 0;
  for (size_t pos = 0; pos < text.size(); pos += decodeUtf8(text, pos).length) ++count;
  return count;
}

std::string replaceInvalidUtf8(std::string_view text) {
  std::string out(text);
  for (size_t pos = 0; pos < text.size();) {
    CodePoint cp = decodeUtf8(text, pos);
    if (cp.value == U'\uFFFD' && cp.length == 1) out[pos] = '?';
    pos += cp.length;
  }
  return out;
}

}  // namespace sanso
