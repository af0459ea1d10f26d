#include "sanso/common/file_name.h"

#include <cstdint>

#include "sanso/common/utf8.h"

namespace sanso {
namespace {

// True for characters that must not appear in a displayed name: C0/C1 controls, DEL, bidi
// controls (U+202A-202E, U+2066-2069) and the zero-width/BOM characters.
bool forbidden(std::string_view ch) {
  auto b = [&](size_t k) { return static_cast<uint8_t>(ch[k]); };
  if (ch.size() == 1) return b(0) < 0x20 || b(0) == 0x7f;
  if (ch.size() == 2) return b(0) == 0xc2 && b(1) < 0xa0;
  if (ch.size() == 3 && b(0) == 0xe2 && b(1) == 0x80) return b(2) >= 0xaa && b(2) <= 0xae;
  if (ch.size() == 3 && b(0) == 0xe2 && b(1) == 0x81) return b(2) >= 0xa6 && b(2) <= 0xa9;
  if (ch.size() == 3 && b(0) == 0xef && b(1) == 0xbb) return b(2) == 0xbf;
  return false;
}

// Cuts `s` to at most `max` bytes on a character boundary (s is valid UTF-8).
std::string cut(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<uint8_t>(s[end]) & 0xc0) == 0x80) --end;
  return s.substr(0, end);
}

}  // namespace

std::string safeFileName(std::string_view declared) {
  size_t slash = declared.find_last_of("/\\");
  if (slash != std::string_view::npos) declared.remove_prefix(slash + 1);
  std::string clean;
  for (size_t i = 0; i < declared.size();) {
    CodePoint cp = decodeUtf8(declared, i);
    size_t n = cp.length;
    if (cp.value == U'\uFFFD' && n == 1) {
      ++i;
      continue;
    }
    std::string_view ch = declared.substr(i, n);
    if (!forbidden(ch)) clean.append(ch);
    i += n;
  }
  size_t start = clean.find_first_not_of(" .");
  clean = start == std::string::npos ? "" : clean.substr(start);
  while (!clean.empty() && (clean.back() == ' ' || clean.back() == '.')) clean.pop_back();
  if (clean.empty()) return "file";
  size_t dot = clean.rfind('.');
  std::string ext = dot == std::string::npos || clean.size() - dot > 16 ? "" : clean.substr(dot);
  std::string stem = ext.empty() ? clean : clean.substr(0, dot);
  return cut(stem, kMaxFileNameBytes - ext.size()) + ext;
}

std::string withExtension(const std::string& name, std::string_view extension) {
  if (extension.empty()) return name;
  size_t dot = name.rfind('.');
  std::string stem = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
  return stem + "." + std::string(extension);
}

}  // namespace sanso
