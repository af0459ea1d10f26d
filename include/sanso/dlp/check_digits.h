// Check digits of the numbers the DLP scanner detects. Each function takes ASCII digits only
// (no separators) and returns false for any other length or character.
#pragma once

#include <string_view>

namespace sanso::dlp {

// 個人番号: 12 digits whose last digit is the check digit of the first 11 (番号法施行令 第8条).
bool isValidMyNumber(std::string_view digits);

// 法人番号: 13 digits whose first digit is the check digit of the other 12 (法人番号省令 第2条).
bool isValidCorporateNumber(std::string_view digits);

// Luhn (mod 10) over 2 or more digits, as card numbers use.
bool passesLuhn(std::string_view digits);

}  // namespace sanso::dlp
