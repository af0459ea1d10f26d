// The pack's keyword and regex patterns: offsets, case, masking, compile errors.
#include <gtest/gtest.h>

#include "dlp_test_util.h"

namespace sanso::dlp {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace)

ScannerConfig withPatterns(std::vector<UserPattern> patterns) {
  ScannerConfig config;
  config.builtins = {};
  config.patterns = std::move(patterns);
  return config;
}

TEST(DlpPatterns, JapaneseKeywordsWithOffsetsAndLines) {
  Scanner scanner = makeScanner(withPatterns({
      {"kw-kojin", "個人情報", PatternKind::kKeyword, "個人情報", false},
      {"kw-mynumber", "マイナンバー", PatternKind::kKeyword, "マイナンバー", false},
  }));
  const std::string text = "この資料には個人情報が含まれます。\n本人のマイナンバーと個人情報。";
  Result<ScanResult> result = scanner.scan(text);
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  ASSERT_EQ(result->findings.size(), 3u);
  ASSERT_EQ(result->total_findings, 3u);

  const Finding& first = result->findings[0];
  EXPECT_EQ(first.detector, "kw-kojin");
  EXPECT_EQ(first.name, "個人情報");
  EXPECT_EQ(first.offset, text.find("個人情報"));
  EXPECT_EQ(first.length, std::string_view("個人情報").size());
  EXPECT_EQ(first.line, 1u);

  const Finding& second = result->findings[1];
  EXPECT_EQ(second.detector, "kw-mynumber");
  EXPECT_EQ(second.offset, text.find("マイナンバー"));
  EXPECT_EQ(second.line, 2u);
  EXPECT_EQ(second.masked, "マイナンバー");

  EXPECT_EQ(result->findings[2].offset, text.rfind("個人情報"));
  EXPECT_EQ(result->findings[2].line, 2u);
}

TEST(DlpPatterns, KeywordsAreLiteralAndOptionallyCaseInsensitive) {
  Scanner scanner = makeScanner(withPatterns({
      {"kw-dot", "社外秘(丸秘)", PatternKind::kKeyword, "社外秘(.*)", false},
      {"kw-ci", "Confidential", PatternKind::kKeyword, "confidential", true},
      {"kw-cs", "SECRET", PatternKind::kKeyword, "SECRET", false},
  }));
  EXPECT_EQ(countOf(scanner, "社外秘(.*)です", "kw-dot"), 1u);
  EXPECT_EQ(countOf(scanner, "社外秘です", "kw-dot"), 0u);
  EXPECT_EQ(countOf(scanner, "CONFIDENTIAL and Confidential", "kw-ci"), 2u);
  EXPECT_EQ(countOf(scanner, "secret", "kw-cs"), 0u);
  EXPECT_EQ(countOf(scanner, "SECRET", "kw-cs"), 1u);
}

TEST(DlpPatterns, RegexMatchesAreMaskedWithLeftmostOffsets) {
  Scanner scanner = makeScanner(withPatterns({
      {"re-juminhyo", "住民票コード", PatternKind::kRegex, "住民票コード[:：]\\s*\\d{11}", false},
      {"re-mail", "メールアドレス", PatternKind::kRegex, "[a-z0-9.]+@[a-z0-9.]+\\.jp", false},
  }));
  const std::string text = "連絡先 taro.yamada@city.example.lg.jp、住民票コード：12345678901";
  Result<ScanResult> result = scanner.scan(text);
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  ASSERT_EQ(result->findings.size(), 2u);
  const Finding& mail = result->findings[0];
  EXPECT_EQ(mail.detector, "re-mail");
  EXPECT_EQ(mail.offset, text.find("taro"));
  EXPECT_EQ(mail.length, std::string_view("taro.yamada@city.example.lg.jp").size());
  EXPECT_EQ(mail.masked, std::string(30, '*'));
  const Finding& code = result->findings[1];
  EXPECT_EQ(code.detector, "re-juminhyo");
  EXPECT_EQ(code.offset, text.find("住民票"));
  EXPECT_EQ(code.length, text.size() - text.find("住民票"));
  EXPECT_EQ(code.masked.find("12345678901"), std::string::npos);
}

TEST(DlpPatterns, OverlappingMatchesOfOnePatternMerge) {
  Scanner scanner = makeScanner(withPatterns({
      {"re-digits", "数字列", PatternKind::kRegex, "[0-9]{3,}", false},
  }));
  std::vector<Finding> found = findingsOf(scanner, "ab 123456 cd 789", "re-digits");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].offset, 3u);
  EXPECT_EQ(found[0].length, 6u);
  EXPECT_EQ(found[1].offset, 13u);
  EXPECT_EQ(found[1].length, 3u);
}

TEST(DlpPatterns, InvalidRegexNamesThePattern) {
  Result<Scanner> scanner = Scanner::create(withPatterns({
      {"ok", "正常", PatternKind::kRegex, "abc", false},
      {"broken-regex", "壊れた", PatternKind::kRegex, "(unclosed", false},
  }));
  ASSERT_FALSE(scanner.isOk());
  EXPECT_EQ(scanner.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(scanner.status().message().find("broken-regex"), std::string::npos)
      << scanner.status().toString();
  EXPECT_NE(scanner.status().message().find("parenthes"), std::string::npos)
      << scanner.status().toString();
}

TEST(DlpPatterns, UnicodeClassesFallBackToAsciiWhereHyperscanCannotTrackStarts) {
  Scanner scanner = makeScanner(withPatterns({
      {"re-unicode", "住民票コード", PatternKind::kRegex, "住民票コード[:：]\\s*\\d{11}", false},
      {"re-ascii", "11桁", PatternKind::kRegex, "\\d{11}", false},
      {"re-explicit", "11桁(全角)", PatternKind::kRegex, "[0-9０-９]{11}", false},
  }));
  EXPECT_EQ(scanner.asciiClassPatternIds(), std::vector<std::string>{"re-ascii"});
  EXPECT_EQ(countOf(scanner, "住民票コード：" + fullWidth("12345678901"), "re-unicode"), 1u);
  EXPECT_EQ(countOf(scanner, "x 12345678901 y", "re-ascii"), 1u);
  EXPECT_EQ(countOf(scanner, fullWidth("12345678901"), "re-ascii"), 0u);
  EXPECT_EQ(countOf(scanner, fullWidth("12345678901"), "re-explicit"), 1u);
}

TEST(DlpPatterns, RejectsBadConfigurations) {
  const std::vector<std::vector<UserPattern>> bad = {
      {{"", "名前なし", PatternKind::kKeyword, "x", false}},
      {{"dup", "a", PatternKind::kKeyword, "x", false},
       {"dup", "b", PatternKind::kKeyword, "y", false}},
      {{"my-number", "builtin", PatternKind::kKeyword, "x", false}},
      {{"empty", "空", PatternKind::kKeyword, "", false}},
      {{"empty-match", "空一致", PatternKind::kRegex, "a*", false}},
      {{"bad-utf8", "不正", PatternKind::kKeyword, "\xff\xfe", false}},
  };
  for (const auto& patterns : bad) {
    Result<Scanner> scanner = Scanner::create(withPatterns(patterns));
    ASSERT_FALSE(scanner.isOk()) << patterns.back().id;
    EXPECT_EQ(scanner.status().code(), StatusCode::kInvalidArgument);
    if (!patterns.back().id.empty()) {
      EXPECT_NE(scanner.status().message().find(patterns.back().id), std::string::npos)
          << scanner.status().toString();
    }
  }
}

TEST(DlpPatterns, InvalidUtf8InputKeepsOffsets) {
  Scanner scanner = makeScanner(withPatterns({
      {"kw", "個人情報", PatternKind::kKeyword, "個人情報", false},
  }));
  const std::string text = "\xff\xfe\xe5 個人情報 \xc0\xaf";
  std::vector<Finding> found = findingsOf(scanner, text, "kw");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].offset, 4u);
}

}  // namespace
}  // namespace sanso::dlp
