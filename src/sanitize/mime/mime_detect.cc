#include "mime/mime_detect.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <string>
#include <string_view>

namespace sanso::sanitize::mime {
namespace {

constexpr size_t kHeadBytes = 64u << 10;
constexpr size_t kMaxFieldName = 76;

constexpr std::array<std::string_view, 8> kKnown = {
    "from", "to", "subject", "date", "message-id", "mime-version", "received", "return-path"};

bool fieldNameChar(unsigned char c) { return c >= 33 && c <= 126 && c != ':'; }

}  // namespace

bool looksLikeMessage(ByteView data) {
  const std::string_view head = asChars(data.first(std::min(data.size(), kHeadBytes)));
  unsigned known = 0;  // bit per kKnown entry
  size_t fields = 0;
  size_t pos = 0;
  while (pos < head.size()) {
    size_t end = head.find('\n', pos);
    if (end == std::string_view::npos) {
      if (head.size() == kHeadBytes) return false;  // a header line runs past the sample
      end = head.size();
    }
    std::string_view line = head.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      if (fields == 0) return false;
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > kMaxFieldName) return false;
    std::string name;
    for (char c : line.substr(0, colon)) {
      if (!fieldNameChar(static_cast<unsigned char>(c))) return false;
      name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    ++fields;
    for (size_t i = 0; i < kKnown.size(); ++i) {
      if (name == kKnown[i]) known |= 1u << i;
    }
  }
  return std::popcount(known) >= 2;
}

}  // namespace sanso::sanitize::mime
