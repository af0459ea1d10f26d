// 個人番号 detection: check digit, full-width and separated forms, boundaries, masking.
#include <gtest/gtest.h>

#include "dlp_test_util.h"

namespace sanso::dlp {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace)

constexpr std::string_view kId = "my-number";

ScannerConfig myNumberOnly() {
  ScannerConfig config;
  config.builtins = {BuiltinDetector::kMyNumber};
  return config;
}

TEST(DlpMyNumber, IssueExamples) {
  Scanner scanner = makeScanner(myNumberOnly());
  std::vector<Finding> found = findingsOf(scanner, "個人番号：983205673214です", kId);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].name, "個人番号");
  EXPECT_EQ(found[0].offset, std::string_view("個人番号：").size());
  EXPECT_EQ(found[0].length, 12u);
  EXPECT_EQ(found[0].line, 1u);
  EXPECT_EQ(found[0].masked, "9832********");
  EXPECT_EQ(countOf(scanner, "個人番号：983205673210です", kId), 0u);
}

TEST(DlpMyNumber, GeneratedNumbersAreFoundAndChangedDigitsAreJudgedByTheCheckDigit) {
  Scanner scanner = makeScanner(myNumberOnly());
  std::mt19937 rng(12);
  for (int i = 0; i < 2000; ++i) {
    std::string number = randomMyNumber(rng);
    std::string text = "氏名 山田太郎 番号 " + number + " 以上";
    ASSERT_EQ(countOf(scanner, text, kId), 1u) << number;

    // Another check digit never validates.
    std::string wrong_check = number;
    wrong_check[11] = static_cast<char>('0' + (wrong_check[11] - '0' + 1 + i % 9) % 10);
    ASSERT_EQ(countOf(scanner, "番号 " + wrong_check, kId), 0u) << wrong_check;

    // A changed base digit is found exactly when the check digit still holds (r = 0 and r = 1
    // share check digit 0, so a few do).
    std::string changed = number;
    size_t at = static_cast<size_t>(i) % 11;
    changed[at] = static_cast<char>('0' + (changed[at] - '0' + 1 + i % 9) % 10);
    ASSERT_EQ(countOf(scanner, "番号 " + changed, kId), independentMyNumberValid(changed) ? 1u : 0u)
        << changed;
  }
}

TEST(DlpMyNumber, FullWidthAndSeparatedForms) {
  Scanner scanner = makeScanner(myNumberOnly());
  const std::string n = "983205673214";
  for (const std::string& text : std::vector<std::string>{
           fullWidth(n), grouped(n, {4, 4, 4}, " "), grouped(n, {4, 4, 4}, "-"),
           grouped(n, {4, 4, 4}, "\u3000"),  // full-width space
           grouped(n, {4, 4, 4}, "\uFF0D"),  // full-width hyphen-minus
           grouped(n, {4, 4, 4}, "\u2212"),  // minus sign
           grouped(n, {4, 4, 4}, "\u2010"),  // hyphen
           grouped(n, {4, 4, 4}, "\u2011"),  // non-breaking hyphen
           grouped(n, {4, 4, 4}, "\u2012"),  // figure dash
           grouped(n, {4, 4, 4}, "\u2013"),  // en dash
           grouped(n, {4, 4, 4}, "\u2014"),  // em dash
           grouped(n, {4, 4, 4}, "\u2015"),  // horizontal bar
           grouped(n, {4, 4, 4}, "\u30FC"),  // katakana prolonged sound mark
           fullWidth(grouped(n, {4, 4, 4}, "\uFF0D")),
           "９８３２ 0567 ３２１４",  // mixed widths
       }) {
    std::vector<Finding> found = findingsOf(scanner, "番号:" + text + "。", kId);
    ASSERT_EQ(found.size(), 1u) << text;
    EXPECT_EQ(found[0].offset, std::string_view("番号:").size()) << text;
    EXPECT_EQ(found[0].length, text.size()) << text;
    EXPECT_EQ(found[0].masked, "9832********") << text;
  }
}

TEST(DlpMyNumber, OtherGroupingsAreNotMyNumbers) {
  Scanner scanner = makeScanner(myNumberOnly());
  const std::string n = "983205673214";
  for (const std::string& text : std::vector<std::string>{
           grouped(n, {3, 4, 5}, "-"),
           grouped(n, {4, 8}, " "),
           grouped(n, {6, 6}, "-"),
           grouped(n, {4, 4, 4}, "--"),  // two separators break the number
           grouped(n, {4, 4, 4}, "-\u3000"),
           grouped(n, {4, 4, 4}, "/"),  // not a separator
           grouped(n, {4, 4, 4}, "\n"),
       }) {
    EXPECT_EQ(countOf(scanner, text, kId), 0u) << text;
  }
}

TEST(DlpMyNumber, NotInsideLongerDigitRuns) {
  Scanner scanner = makeScanner(myNumberOnly());
  const std::string n = "983205673214";
  for (const std::string& text : std::vector<std::string>{
           "1234" + n,  // a 12-digit window of a 16-digit run
           n + "5",
           fullWidth("7" + n),
           "1234-" + grouped(n, {4, 4, 4}, "-"),  // part of a longer hyphenated number
           grouped(n, {4, 4, 4}, "-") + "-5",
           "1111 " + grouped(n, {4, 4, 4}, " "),  // four space-separated groups
           grouped(n, {4, 4, 4}, " ") + " 2024",
           "3." + n,  // decimals
           n + ".25",
           "1,983,205,673,214",  // thousands grouping
           "+" + n,              // international phone number
           "\uFF0B" + n,
       }) {
    EXPECT_EQ(countOf(scanner, text, kId), 0u) << text;
  }
}

TEST(DlpMyNumber, CleanBoundaries) {
  Scanner scanner = makeScanner(myNumberOnly());
  const std::string n = "983205673214";
  const std::vector<std::pair<std::string, size_t>> cases = {
      {"ID" + n + "X", 1},  // letters are a boundary
      {n + "," + n, 2},     // CSV fields
      {"123," + n, 1},      // a comma joins only thousands grouping
      {n + "\t" + n, 2},
      {n + " " + n, 2},  // each group alone
      {"2024-01-15 " + n, 1},
      {n + ".", 1},  // sentence end
      {"(" + grouped(n, {4, 4, 4}, "-") + ")", 1},
      {grouped(n, {4, 4, 4}, " ") + "\n" + n, 2},
  };
  for (const auto& [text, expected] : cases) {
    EXPECT_EQ(countOf(scanner, text, kId), expected) << text;
  }
}

TEST(DlpMyNumber, MaskNeverHoldsTheNumber) {
  Scanner scanner = makeScanner(myNumberOnly());
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::string number = randomMyNumber(rng);
    for (const Finding& f : findingsOf(scanner, grouped(number, {4, 4, 4}, "-"), kId)) {
      EXPECT_EQ(f.masked.find(number.substr(4)), std::string::npos);
      EXPECT_EQ(digitCount(f.masked), 4u);
      EXPECT_EQ(f.masked.size(), 12u);
    }
  }
}

}  // namespace
}  // namespace sanso::dlp
