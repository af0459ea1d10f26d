// 法人番号 detection: leading check digit, 13 contiguous or 1-4-4-4, boundaries, masking.
#include <gtest/gtest.h>

#include "dlp_test_util.h"

namespace sanso::dlp {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace)

constexpr std::string_view kId = "corporate-number";

ScannerConfig corporateOnly() {
  ScannerConfig config;
  config.builtins = {BuiltinDetector::kCorporateNumber};
  return config;
}

TEST(DlpCorporateNumber, PublishedNumber) {
  Scanner scanner = makeScanner(corporateOnly());
  std::vector<Finding> found = findingsOf(scanner, "国税庁 法人番号 7000012050002", kId);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].name, "法人番号");
  EXPECT_EQ(found[0].masked, "7000*********");
  EXPECT_EQ(countOf(scanner, "法人番号 8000012050002", kId), 0u);
}

TEST(DlpCorporateNumber, GeneratedNumbersAreFoundAndChangedDigitsAreJudgedByTheCheckDigit) {
  Scanner scanner = makeScanner(corporateOnly());
  std::mt19937 rng(34);
  for (int i = 0; i < 2000; ++i) {
    std::string number = randomCorporateNumber(rng);
    ASSERT_EQ(countOf(scanner, "取引先 " + number + " 株式会社", kId), 1u) << number;

    std::string wrong_check = number;
    wrong_check[0] = static_cast<char>('0' + (wrong_check[0] - '0' + 1 + i % 9) % 10);
    ASSERT_EQ(countOf(scanner, wrong_check, kId), 0u) << wrong_check;

    // 0 <-> 9 in a base digit keeps the sum mod 9, so compare with the independent check.
    std::string changed = number;
    size_t at = 1 + static_cast<size_t>(i) % 12;
    changed[at] = static_cast<char>('0' + (changed[at] - '0' + 1 + i % 9) % 10);
    ASSERT_EQ(countOf(scanner, changed, kId), independentCorporateValid(changed) ? 1u : 0u)
        << changed;
  }
}

TEST(DlpCorporateNumber, FullWidthAndSeparatedForms) {
  Scanner scanner = makeScanner(corporateOnly());
  const std::string n = "7000012050002";
  for (const std::string& text : std::vector<std::string>{
           fullWidth(n),
           grouped(n, {1, 4, 4, 4}, "-"),
           grouped(n, {1, 4, 4, 4}, " "),
           fullWidth(grouped(n, {1, 4, 4, 4}, "\uFF0D")),
           grouped(n, {1, 4, 4, 4}, "\u3000"),
       }) {
    std::vector<Finding> found = findingsOf(scanner, "法人番号：" + text, kId);
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].length, text.size()) << text;
  }
}

TEST(DlpCorporateNumber, NotInsideLongerRunsNorOtherGroupings) {
  Scanner scanner = makeScanner(corporateOnly());
  const std::string n = "7000012050002";
  for (const std::string& text : std::vector<std::string>{
           "1" + n,
           n + "0",
           grouped(n, {4, 4, 5}, "-"),
           grouped(n, {1, 4, 4, 4}, "-") + "-1",
           grouped(n, {1, 12}, " "),
       }) {
    EXPECT_EQ(countOf(scanner, text, kId), 0u) << text;
  }
}

}  // namespace
}  // namespace sanso::dlp
