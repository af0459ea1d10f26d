#include "number_detector.h"

#include <algorithm>

namespace sanso::dlp {

bool isAsciiDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

const NumberDetector& numberDetector(BuiltinDetector kind) {
  switch (kind) {
    case BuiltinDetector::kMyNumber:
      return kMyNumberDetector;
    case BuiltinDetector::kCorporateNumber:
      return kCorporateNumberDetector;
    case BuiltinDetector::kCardNumber:
      return kCardNumberDetector;
  }
  return kMyNumberDetector;  // unreachable: the switch covers every enumerator
}

}  // namespace sanso::dlp
