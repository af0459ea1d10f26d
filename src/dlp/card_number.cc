// Card numbers: 13-19 digits passing Luhn, with an issuer prefix (IIN) and a length that the
// issuer uses, written contiguous or in the groupings card issuers print.
#include <algorithm>
#include <array>

#include "mask.h"
#include "number_detector.h"
#include "sanso/dlp/check_digits.h"

namespace sanso::dlp {
namespace {

constexpr uint32_t lengths(uint32_t min, uint32_t max) {
  uint32_t bits = 0;
  for (uint32_t n = min; n <= max; ++n) bits |= 1u << n;
  return bits;
}

// An issuer's prefix range: the first `width` digits read as a number in [low, high], and its
// card lengths (bit n set: n digits).
struct IinRange {
  uint32_t width;
  uint32_t low;
  uint32_t high;
  uint32_t lengths;
};

// clang-format off
constexpr std::array<IinRange, 14> kIinRanges = {{
    {1, 4, 4, lengths(13, 13) | lengths(16, 16) | lengths(19, 19)},  // Visa
    {2, 51, 55, lengths(16, 16)},                                    // Mastercard
    {4, 2221, 2720, lengths(16, 16)},                                // Mastercard
    {2, 34, 34, lengths(15, 15)},                                    // American Express
    {2, 37, 37, lengths(15, 15)},                                    // American Express
    {4, 3528, 3589, lengths(16, 19)},                                // JCB
    {3, 300, 305, lengths(14, 19)},                                  // Diners Club
    {4, 3095, 3095, lengths(14, 19)},                                // Diners Club
    {2, 36, 36, lengths(14, 19)},                                    // Diners Club
    {2, 38, 39, lengths(16, 19)},                                    // Diners Club
    {4, 6011, 6011, lengths(16, 19)},                                // Discover
    {3, 644, 649, lengths(16, 19)},                                  // Discover
    {2, 65, 65, lengths(16, 19)},                                    // Discover
    {2, 62, 62, lengths(16, 19)},                                    // UnionPay
}};
// clang-format on

// `digits` is 13-19 ASCII digits.
bool issuerAccepts(std::string_view digits) {
  return std::any_of(kIinRanges.begin(), kIinRanges.end(), [&](const IinRange& range) {
    uint32_t prefix = 0;
    for (size_t i = 0; i < range.width; ++i) prefix = prefix * 10 + (digits[i] - '0');
    return prefix >= range.low && prefix <= range.high &&
           (range.lengths >> digits.size() & 1u) != 0;
  });
}

// Contiguous; 4-6-5 or 4-6-4 (American Express, Diners Club); or groups of four with a last
// group of one to four digits (4-4-4-1, 4-4-4-4, 4-4-4-4-3).
bool acceptedGrouping(std::span<const uint32_t> groups) {
  if (groups.size() == 1) return true;
  if (groups.size() == 3 && groups[0] == 4 && groups[1] == 6) {
    return groups[2] == 5 || groups[2] == 4;
  }
  if (groups.size() < 4) return false;
  bool fours = std::all_of(groups.begin(), groups.end() - 1, [](uint32_t g) { return g == 4; });
  return fours && groups.back() >= 1 && groups.back() <= 4;
}

bool matchesCardNumber(const DigitCandidate& candidate) {
  size_t n = candidate.digits.size();
  return n >= 13 && n <= 19 && acceptedGrouping(candidate.groups) &&
         issuerAccepts(candidate.digits) && passesLuhn(candidate.digits);
}

}  // namespace

bool passesLuhn(std::string_view digits) {
  if (digits.size() < 2 || !isAsciiDigits(digits)) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

const NumberDetector kCardNumberDetector = {BuiltinDetector::kCardNumber,
                                            "card-number",
                                            "クレジットカード番号",
                                            13,
                                            19,
                                            matchesCardNumber,
                                            maskCardNumber};

}  // namespace sanso::dlp
