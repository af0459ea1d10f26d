#include "report/module/sheet_names.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string_view>

#include "sanso/common/ascii.h"

namespace sanso::isms::report {
namespace {

constexpr size_t kMaxUnits = 31;

size_t sequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

// The printable characters of `title`, cut to `max_units` UTF-16 units.
std::string cleaned(std::string_view title, size_t max_units) {
  std::string out;
  size_t units = 0;
  for (size_t i = 0; i < title.size();) {
    size_t length =
        std::min(sequenceLength(static_cast<unsigned char>(title[i])), title.size() - i);
    size_t width = length == 4 ? 2 : 1;  // outside the BMP: a surrogate pair in Excel
    if (units + width > max_units) break;
    std::string_view character = title.substr(i, length);
    unsigned char c = static_cast<unsigned char>(character[0]);
    bool forbidden = length == 1 && (c < 0x20 || c == 0x7F ||
                                     std::string_view("[]:*?/\\").find(static_cast<char>(c)) !=
                                         std::string_view::npos);
    out += forbidden ? std::string_view("_") : character;
    units += width;
    i += length;
  }
  return out;
}

std::string trimApostrophes(std::string name) {
  while (!name.empty() && name.front() == '\'') name.erase(0, 1);
  while (!name.empty() && name.back() == '\'') name.pop_back();
  return name;
}

}  // namespace

std::vector<std::string> sheetNames(const std::vector<std::string>& titles) {
  std::vector<std::string> names;
  std::set<std::string> taken;  // ASCII-lower-cased
  for (size_t t = 0; t < titles.size(); ++t) {
    std::string base = trimApostrophes(cleaned(titles[t], kMaxUnits));
    if (base.empty()) base = "Sheet" + std::to_string(t + 1);
    if (lowerAscii(base) == "history") base += "_";
    std::string name = base;
    // At most titles.size() suffixes are tried before one is free.
    for (size_t n = 2; taken.count(lowerAscii(name)) != 0; ++n) {
      std::string suffix = " (" + std::to_string(n) + ")";
      name = trimApostrophes(cleaned(base, kMaxUnits - suffix.size())) + suffix;
    }
    taken.insert(lowerAscii(name));
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace sanso::isms::report
