// Check-digit functions against the issue's examples and an independent implementation.
#include "sanso/dlp/check_digits.h"

#include <gtest/gtest.h>

#include "dlp_test_util.h"

namespace sanso::dlp {
namespace {

using testing::corporateCheckDigit;
using testing::independentCorporateValid;
using testing::independentMyNumberValid;
using testing::randomDigits;

TEST(DlpCheckDigits, IssueExamples) {
  EXPECT_TRUE(isValidMyNumber("983205673214"));
  EXPECT_FALSE(isValidMyNumber("983205673210"));
  EXPECT_EQ(testing::myNumberCheckDigit("98320567321"), '4');
}

TEST(DlpCheckDigits, PublishedCorporateNumbers) {
  EXPECT_TRUE(isValidCorporateNumber("7000012050002"));  // 国税庁
  EXPECT_TRUE(isValidCorporateNumber("1180301018771"));
  EXPECT_FALSE(isValidCorporateNumber("2180301018771"));
  EXPECT_EQ(corporateCheckDigit("000012050002"), '7');
}

TEST(DlpCheckDigits, RejectsWrongLengthAndNonDigits) {
  EXPECT_FALSE(isValidMyNumber("98320567321"));
  EXPECT_FALSE(isValidMyNumber("9832056732144"));
  EXPECT_FALSE(isValidMyNumber("98320567321x"));
  EXPECT_FALSE(isValidMyNumber(""));
  EXPECT_FALSE(isValidCorporateNumber("700001205000"));
  EXPECT_FALSE(isValidCorporateNumber("70000120500x2"));
  EXPECT_FALSE(passesLuhn("0"));
  EXPECT_FALSE(passesLuhn("41111111111x1111"));
}

TEST(DlpCheckDigits, AgreeWithIndependentImplementation) {
  std::mt19937 rng(20260401);
  for (int i = 0; i < 20000; ++i) {
    std::string twelve = randomDigits(rng, 12);
    std::string thirteen = randomDigits(rng, 13);
    ASSERT_EQ(isValidMyNumber(twelve), independentMyNumberValid(twelve)) << twelve;
    ASSERT_EQ(isValidCorporateNumber(thirteen), independentCorporateValid(thirteen)) << thirteen;
  }
}

TEST(DlpCheckDigits, LuhnKnownTestNumbers) {
  for (const char* number : {"4111111111111111", "5555555555554444", "378282246310005",
                             "3530111333300000", "6011111111111117", "30569309025904"}) {
    EXPECT_TRUE(passesLuhn(number)) << number;
  }
  EXPECT_FALSE(passesLuhn("4111111111111112"));
}

}  // namespace
}  // namespace sanso::dlp
