// Finds the number candidates in UTF-8 text: digits (ASCII or full-width) in groups joined by
// one separator character each, split into candidates by the boundary rules of docs/dlp.md.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

namespace sanso::dlp {

// Consecutive digit groups that the built-in detectors judge as one number.
struct DigitCandidate {
  std::string_view digits;           // normalized to ASCII '0'-'9', separators removed
  std::span<const uint32_t> groups;  // digits per group, left to right; sums to digits.size()
  uint64_t offset = 0;               // byte offset of the first digit in the text
  uint64_t length = 0;               // bytes up to the end of the last digit
};

// Calls `visit` once per candidate of min_digits to max_digits digits (a group may be visited
// both alone and as part of a space-separated candidate; not necessarily in order of offset).
// Linear time in the size of `utf8`; memory bounded by max_digits.
void forEachDigitCandidate(std::string_view utf8, size_t min_digits, size_t max_digits,
                           const std::function<void(const DigitCandidate&)>& visit);

}  // namespace sanso::dlp
