#include "mask.h"

#include "sanso/common/utf8.h"

namespace sanso::dlp {

std::string maskKeepingPrefix(std::string_view digits, size_t keep) {
  if (keep > digits.size()) keep = 0;
  std::string out(digits.substr(0, keep));
  out.append(digits.size() - keep, '*');
  return out;
}

std::string maskCardNumber(std::string_view digits) {
  size_t shown = digits.size() >= 8 ? 4 : 0;
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    size_t from_right = digits.size() - i;
    if (i > 0 && from_right % 4 == 0) out.push_back('-');
    out.push_back(from_right <= shown ? digits[i] : '*');
  }
  return out;
}

std::string maskMatchedText(std::string_view utf8) {
  constexpr size_t kMaxStars = 32;
  std::string out;
  size_t count = 0;
  for (size_t pos = 0; pos < utf8.size(); pos += decodeUtf8(utf8, pos).length) {
    if (count++ == kMaxStars) return out + "…";
    out.push_back('*');
  }
  return out;
}

}  // namespace sanso::dlp
