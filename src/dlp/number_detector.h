// The built-in number detectors: each judges a DigitCandidate by its grouping and check digit.
#pragma once

#include <string>
#include <string_view>

#include "digit_normalizer.h"
#include "sanso/dlp/scanner.h"

namespace sanso::dlp {

struct NumberDetector {
  BuiltinDetector kind;
  std::string_view id;
  std::string_view name;
  size_t min_digits;
  size_t max_digits;
  // True when the candidate has an accepted grouping and a valid check digit.
  bool (*matches)(const DigitCandidate& candidate);
  // The masked rendering of matching digits.
  std::string (*mask)(std::string_view digits);
};

extern const NumberDetector kMyNumberDetector;
extern const NumberDetector kCorporateNumberDetector;
extern const NumberDetector kCardNumberDetector;

// True when `s` is non-empty and only ASCII digits.
bool isAsciiDigits(std::string_view s);

// The detector of `kind`.
const NumberDetector& numberDetector(BuiltinDetector kind);

}  // namespace sanso::dlp
