// Card numbers: Luhn, issuer prefix and length, printed groupings, masking.
#include <gtest/gtest.h>

#include "dlp_test_util.h"

namespace sanso::dlp {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace)

constexpr std::string_view kId = "card-number";

ScannerConfig cardsOnly() {
  ScannerConfig config;
  config.builtins = {BuiltinDetector::kCardNumber};
  return config;
}

TEST(DlpCardNumber, KnownTestNumbers) {
  Scanner scanner = makeScanner(cardsOnly());
  for (const char* number :
       {"4111111111111111", "5555555555554444", "5105105105105100", "2223003122003222",
        "378282246310005", "3530111333300000", "3566002020360505", "6011111111111117",
        "30569309025904", "6200000000000005", "4222222222222"}) {
    std::vector<Finding> found = findingsOf(scanner, std::string("カード番号 ") + number, kId);
    ASSERT_EQ(found.size(), 1u) << number;
    EXPECT_EQ(found[0].name, "クレジットカード番号");
  }
}

TEST(DlpCardNumber, SeparatedAndFullWidthForms) {
  Scanner scanner = makeScanner(cardsOnly());
  const std::string visa = "4111111111111111";
  const std::string amex = "378282246310005";
  const std::string diners = "30569309025904";
  for (const std::string& text : std::vector<std::string>{
           grouped(visa, {4, 4, 4, 4}, " "),
           grouped(visa, {4, 4, 4, 4}, "-"),
           fullWidth(grouped(visa, {4, 4, 4, 4}, "\uFF0D")),
           grouped(visa, {4, 4, 4, 4}, "\u3000"),
           grouped(amex, {4, 6, 5}, " "),
           grouped(amex, {4, 6, 5}, "-"),
           grouped(diners, {4, 6, 4}, " "),
           grouped("4222222222222", {4, 4, 4, 1}, " "),
       }) {
    std::vector<Finding> found = findingsOf(scanner, "決済: " + text + " 有効期限", kId);
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].length, text.size()) << text;
  }
}

TEST(DlpCardNumber, RejectsBadLuhnIssuerLengthGroupingAndLongerRuns) {
  Scanner scanner = makeScanner(cardsOnly());
  for (const std::string& text : std::vector<std::string>{
           std::string("4111111111111112"),           // Luhn fails
           std::string("1111111111111117"),           // Luhn holds, no issuer starts with 1
           std::string("411111111111116"),            // Visa has no 15-digit numbers
           std::string("37828224631003"),             // Luhn holds, Amex is 15 digits
           grouped("4111111111111111", {8, 8}, " "),  // not a printed grouping
           grouped("4111111111111111", {4, 4, 4, 4}, "--"),
           "9" + std::string("4111111111111111"),  // inside a longer run
           "4111111111111111" + std::string(".5"),
           "1234 " + grouped("4111111111111111", {4, 4, 4, 4}, " "),
       }) {
    EXPECT_EQ(countOf(scanner, text, kId), 0u) << text;
  }
}

TEST(DlpCardNumber, MaskShowsOnlyTheLastFour) {
  Scanner scanner = makeScanner(cardsOnly());
  std::vector<Finding> found = findingsOf(scanner, "4111-1111-1111-1234 4111 1111 1111 1111", kId);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].masked, "****-****-****-1111");
  EXPECT_EQ(findingsOf(scanner, "378282246310005", kId).at(0).masked, "***-****-****-0005");
  for (const char* number : {"4111111111111111", "5555555555554444", "378282246310005"}) {
    for (const Finding& f : findingsOf(scanner, number, kId)) {
      EXPECT_EQ(f.masked.find(number), std::string::npos);
      EXPECT_EQ(digitCount(f.masked), 4u) << f.masked;
    }
  }
}

}  // namespace
}  // namespace sanso::dlp
