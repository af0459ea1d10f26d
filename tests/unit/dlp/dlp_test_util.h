// Helpers for the DLP tests: independent check-digit arithmetic (written from the issue's
// definitions, not shared with src/dlp) and shortcuts over Scanner.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "sanso/dlp/scanner.h"

namespace sanso::dlp::testing {

// 個人番号 check digit of 11 ASCII digits; weights left to right are Q_n for n = 11..1.
inline char myNumberCheckDigit(std::string_view base11) {
  static constexpr std::array<int, 11> kWeights = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (size_t i = 0; i < 11; ++i) sum += (base11[i] - '0') * kWeights[i];
  int r = sum % 11;
  return static_cast<char>('0' + (r <= 1 ? 0 : 11 - r));
}

// 法人番号 check digit of the 12 ASCII base digits; weights left to right alternate 2, 1.
inline char corporateCheckDigit(std::string_view base12) {
  int sum = 0;
  for (size_t i = 0; i < 12; ++i) sum += (base12[i] - '0') * (i % 2 == 0 ? 2 : 1);
  return static_cast<char>('0' + 9 - sum % 9);
}

inline bool independentMyNumberValid(std::string_view d) {
  return d.size() == 12 && myNumberCheckDigit(d.substr(0, 11)) == d[11];
}

inline bool independentCorporateValid(std::string_view d) {
  return d.size() == 13 && corporateCheckDigit(d.substr(1)) == d[0];
}

inline std::string randomDigits(std::mt19937& rng, size_t n) {
  std::uniform_int_distribution<int> digit(0, 9);
  std::string out;
  for (size_t i = 0; i < n; ++i) out.push_back(static_cast<char>('0' + digit(rng)));
  return out;
}

inline std::string randomMyNumber(std::mt19937& rng) {
  std::string base = randomDigits(rng, 11);
  return base + myNumberCheckDigit(base);
}

inline std::string randomCorporateNumber(std::mt19937& rng) {
  std::string base = randomDigits(rng, 12);
  return std::string(1, corporateCheckDigit(base)) + base;
}

// ASCII digits to full-width digits (U+FF10..U+FF19); other bytes unchanged.
inline std::string fullWidth(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    if (c >= '0' && c <= '9') {
      out += "\xEF\xBC";
      out.push_back(static_cast<char>(0x90 + (c - '0')));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Joins groups of `digits` of the given sizes with `separator`.
inline std::string grouped(std::string_view digits, std::vector<size_t> sizes,
                           std::string_view separator) {
  std::string out;
  size_t pos = 0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (i > 0) out += separator;
    out += digits.substr(pos, sizes[i]);
    pos += sizes[i];
  }
  return out;
}

inline Scanner makeScanner(ScannerConfig config = {}) {
  Result<Scanner> scanner = Scanner::create(config);
  EXPECT_TRUE(scanner.isOk()) << scanner.status().toString();
  return std::move(scanner).value();
}

// The findings of `detector` in `text`.
inline std::vector<Finding> findingsOf(const Scanner& scanner, std::string_view text,
                                       std::string_view detector) {
  Result<ScanResult> result = scanner.scan(text);
  EXPECT_TRUE(result.isOk()) << result.status().toString();
  std::vector<Finding> out;
  if (!result.isOk()) return out;
  for (const Finding& f : result->findings) {
    if (f.detector == detector) out.push_back(f);
  }
  return out;
}

inline size_t countOf(const Scanner& scanner, std::string_view text, std::string_view detector) {
  return findingsOf(scanner, text, detector).size();
}

// The number of ASCII digits in `s`.
inline size_t digitCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += c >= '0' && c <= '9';
  return n;
}

}  // namespace sanso::dlp::testing
