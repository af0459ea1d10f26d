// 個人番号 (My Number): 12 digits written contiguous or 4-4-4, the last a check digit.
#include <algorithm>
#include <array>

#include "mask.h"
#include "number_detector.h"
#include "sanso/dlp/check_digits.h"

namespace sanso::dlp {
namespace {

bool matchesMyNumber(const DigitCandidate& candidate) {
  static constexpr std::array<uint32_t, 3> k444 = {4, 4, 4};
  if (candidate.digits.size() != 12) return false;
  bool grouped = candidate.groups.size() == 1 || std::ranges::equal(candidate.groups, k444);
  return grouped && isValidMyNumber(candidate.digits);
}

std::string maskMyNumber(std::string_view digits) { return maskKeepingPrefix(digits, 4); }

}  // namespace

bool isValidMyNumber(std::string_view digits) {
  if (digits.size() != 12 || !isAsciiDigits(digits)) return false;
  // P_n is the n-th of the first 11 digits counted from the right; Q_n = n + 1 for n <= 6,
  // n - 5 for 7 <= n <= 11.
  int sum = 0;
  for (int n = 1; n <= 11; ++n) {
    int p = digits[11 - n] - '0';
    int q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  int r = sum % 11;
  int check = r <= 1 ? 0 : 11 - r;
  return digits[11] - '0' == check;
}

const NumberDetector kMyNumberDetector = {
    BuiltinDetector::kMyNumber, "my-number", "個人番号", 12, 12, matchesMyNumber, maskMyNumber};

}  // namespace sanso::dlp
