// 法人番号 (corporate number): 13 digits written contiguous or 1-4-4-4, the first a check digit.
#include <algorithm>
#include <array>

#include "mask.h"
#include "number_detector.h"
#include "sanso/dlp/check_digits.h"

namespace sanso::dlp {
namespace {

bool matchesCorporateNumber(const DigitCandidate& candidate) {
  static constexpr std::array<uint32_t, 4> k1444 = {1, 4, 4, 4};
  if (candidate.digits.size() != 13) return false;
  bool grouped = candidate.groups.size() == 1 || std::ranges::equal(candidate.groups, k1444);
  return grouped && isValidCorporateNumber(candidate.digits);
}

std::string maskCorporateNumber(std::string_view digits) { return maskKeepingPrefix(digits, 4); }

}  // namespace

bool isValidCorporateNumber(std::string_view digits) {
  if (digits.size() != 13 || !isAsciiDigits(digits)) return false;
  // P_n is the n-th of the 12 base digits counted from the right; Q_n = 1 for odd n, 2 for even.
  int sum = 0;
  for (int n = 1; n <= 12; ++n) {
    int p = digits[13 - n] - '0';
    sum += p * (n % 2 == 1 ? 1 : 2);
  }
  return digits[0] - '0' == 9 - sum % 9;
}

const NumberDetector kCorporateNumberDetector = {BuiltinDetector::kCorporateNumber,
                                                 "corporate-number",
                                                 "法人番号",
                                                 13,
                                                 13,
                                                 matchesCorporateNumber,
                                                 maskCorporateNumber};

}  // namespace sanso::dlp
