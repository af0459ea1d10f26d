// stripControls(), neutralizeCsvFormulas() and sanitizeText().
#include "text/text_sanitizer.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include "support/test_util.h"

namespace sanso::sanitize::text {
namespace {

std::string toCp932(const std::string& utf8) {
  iconv_t cd = iconv_open("CP932", "UTF-8");
  std::string out(utf8.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* out_ptr = out.data();
  const size_t rc = iconv(cd, &in, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  EXPECT_NE(rc, static_cast<size_t>(-1));
  out.resize(out.size() - out_left);
  return out;
}

// ---- stripControls ------------------------------------------------------------------------

TEST(StripControls, RemovesC0C1DelAndBom) {
  uint64_t removed = 0;
  EXPECT_EQ(stripControls(std::string("a\0b\x07"
                                      "c\x1b[31md\x7f"
                                      "e",
                                      13),
                          removed),
            "ab"
            "c[31mde");
  EXPECT_EQ(removed, 4u);
  EXPECT_EQ(stripControls("x\u0085y\u009Fz\uFEFF!", removed), "xyz!");
  EXPECT_EQ(removed, 3u);
}

TEST(StripControls, RemovesBidiOverridesAndIsolates) {
  // Trojan Source: "access" shown, "admin" evaluated.
  uint64_t removed = 0;
  EXPECT_EQ(stripControls("if (user == \u202Eadmin\u2066\u2069\u202C) ok", removed),
            "if (user == admin) ok");
  EXPECT_EQ(removed, 4u);
  EXPECT_EQ(stripControls("\u202A\u202B\u202D\u2067\u2068", removed), "");
  EXPECT_EQ(removed, 5u);
}

TEST(StripControls, KeepsTabsNewlinesAndJapaneseAndNormalisesLineEnds) {
  uint64_t removed = 0;
  EXPECT_EQ(stripControls("宗像市\t情報\r\nセキュリティ\rです\n", removed),
            "宗像市\t情報\nセキュリティ\nです\n");
  EXPECT_EQ(removed, 0u);
  // Marks that are not overrides stay (LRM, ZWJ in emoji sequences).
  EXPECT_EQ(stripControls("a\u200Eb\u200Dc", removed), "a\u200Eb\u200Dc");
  EXPECT_EQ(removed, 0u);
}

TEST(StripControls, ReplacesInvalidBytes) {
  uint64_t removed = 0;
  EXPECT_EQ(stripControls("a\xFF"
                          "b\xED\xA0\x80"
                          "c",
                          removed),
            "a\uFFFD"
            "b\uFFFD\uFFFD\uFFFD"
            "c");
  EXPECT_EQ(removed, 4u);
}

// ---- neutralizeCsvFormulas ----------------------------------------------------------------

struct FormulaCase {
  std::string input;
  char delimiter;
  std::string expected;
  uint64_t changed;
};

TEST(NeutralizeCsvFormulas, Cases) {
  const std::vector<FormulaCase> cases = {
      {"=cmd|'/c calc'!A0\n", ',', "'=cmd|'/c calc'!A0\n", 1},
      {"a,+1+2,b\n", ',', "a,'+1+2,b\n", 1},
      {"-2+3+cmd|' /C calc'!A0\n", ',', "'-2+3+cmd|' /C calc'!A0\n", 1},
      {"@SUM(1+1)*cmd|' /C calc'!A0", ',', "'@SUM(1+1)*cmd|' /C calc'!A0", 1},
      {"\"=1+1\",x\n", ',', "\"'=1+1\",x\n", 1},
      {"\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n", ',',
       "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n", 1},
      {"\t=1,2\n", ',', "'\t=1,2\n", 1},
      {"a\t=1\tb\n", '\t', "a\t'=1\tb\n", 1},
      {"a\t=1\tb\n", ',', "a\t=1\tb\n", 0},  // one cell starting with 'a'
      {"\"\t=1\"\tb\n", '\t', "\"'\t=1\"\tb\n", 1},
      {"＝1+1,＋2,－3,＠SUM(A1)\n", ',', "'＝1+1,'＋2,'－3,'＠SUM(A1)\n", 4},
      {" =1+1,  \"=2\"\n", ',', "' =1+1,'  \"=2\"\n", 2},
      {"\u3000=1\n", ',', "'\u3000=1\n", 1},
      {"=1\r\n=2\r\n", ',', "'=1\r\n'=2\r\n", 2},
      {"a,=1,", ',', "a,'=1,", 1},
      // Plain numbers and lone placeholders are data, not formulas.
      {"x,-12.5,+3,\"-1,200\",-0.5 ,+81\n", ',', "x,-12.5,+3,\"-1,200\",-0.5 ,+81\n", 0},
      {"-,－,=,+\n", ',', "-,－,=,+\n", 0},
      {"+81-90-1234-5678,-1e5,--1\n", ',', "'+81-90-1234-5678,'-1e5,'--1\n", 3},
      // Only the start of a cell counts, even after an embedded newline.
      {"\"a\n=1\",b=2\n", ',', "\"a\n=1\",b=2\n", 0},
      {"\"multi\nline\",=2\n", ',', "\"multi\nline\",'=2\n", 1},
      {"\"\"\"=quoted\"\"\",x\n", ',', "\"\"\"=quoted\"\"\",x\n", 0},
      {"\"unterminated, =1\n=2", ',', "\"unterminated, =1\n=2", 0},
      {"", ',', "", 0},
  };
  for (const auto& c : cases) {
    uint64_t changed = 99;
    EXPECT_EQ(neutralizeCsvFormulas(c.input, c.delimiter, changed), c.expected) << c.input;
    EXPECT_EQ(changed, c.changed) << c.input;
  }
}

// ---- sanitizeText -------------------------------------------------------------------------

struct Outcome {
  Result<FileType> result = Status::internal("not run");
  std::vector<Action> actions;
  std::string output;
};

Outcome sanitize(const std::string& input, FileType type, Limits limits = {}) {
  test::TempDir dir;
  Options options;
  options.method = Method::kText;
  Budget budget(limits);
  ActionLog log;
  Job job{asBytes(input), type, options, budget, log, dir.file("out")};
  Outcome outcome;
  outcome.result = sanitizeText(job);
  outcome.actions = log.actions();
  if (outcome.result.isOk()) outcome.output = test::readFileOrDie(job.output_path);
  return outcome;
}

std::string detail(const Outcome& o, const std::string& action, const std::string& what) {
  for (const auto& a : o.actions) {
    if (a.action == action && a.what == what) return a.detail;
  }
  return "<none>";
}

TEST(SanitizeText, ShiftJisCsvBecomesCleanUtf8) {
  Outcome o = sanitize(toCp932("氏名,金額,備考\r\n"
                               "佐藤,-1200,\"=HYPERLINK(\"\"http://evil\"\")\"\r\n"
                               "鈴木\x07,+81-90,\u3000注記\r\n"),
                       FileType::kCsv);
  ASSERT_TRUE(o.result.isOk()) << o.result.status().toString();
  EXPECT_EQ(*o.result, FileType::kCsv);
  EXPECT_EQ(
      o.output,
      "\xEF\xBB\xBF氏名,金額,備考\n佐藤,-1200,\"'=HYPERLINK(\"\"http://evil\"\")\"\n鈴木,'+81-90,\u3000注記\n");
  EXPECT_EQ(detail(o, "re-encoded", "charset"), "SHIFT_JIS->UTF-8");
  EXPECT_EQ(detail(o, "removed", "control-characters"), "1 control, BOM or invalid characters");
  EXPECT_EQ(detail(o, "neutralized", "csv-formula"), "2 cells, first at row 2 column 3");
  EXPECT_EQ(detail(o, "re-encoded", "line-endings"), "3 CR LF / CR -> LF");
}

TEST(SanitizeText, Utf8CsvWithBomAndBidi) {
  Outcome o = sanitize(
      "\xEF\xBB\xBF"
      "a,b\n=1,\u202Etxt.exe\n",
      FileType::kCsv);
  ASSERT_TRUE(o.result.isOk());
  // The input BOM is dropped like any control; CSV output starts with exactly one BOM.
  EXPECT_EQ(o.output, "\xEF\xBB\xBF" "a,b\n'=1,txt.exe\n");
  EXPECT_EQ(detail(o, "re-encoded", "charset"), "<none>");
  EXPECT_EQ(detail(o, "removed", "bidi-control"), "1 bidirectional override/isolate characters");
}

TEST(SanitizeText, TsvUsesTabs) {
  Outcome o = sanitize("a\tb\n@x\t=1\n", FileType::kCsv);
  ASSERT_TRUE(o.result.isOk());
  EXPECT_EQ(o.output, "\xEF\xBB\xBF" "a\tb\n'@x\t'=1\n");
}

TEST(SanitizeText, PlainTextKeepsFormulaLookingLines) {
  Outcome o = sanitize("- 箇条書き\n=見出し=\n", FileType::kText);
  ASSERT_TRUE(o.result.isOk());
  EXPECT_EQ(*o.result, FileType::kText);
  EXPECT_EQ(o.output, "- 箇条書き\n=見出し=\n");
  EXPECT_TRUE(o.actions.empty());
}

TEST(SanitizeText, Utf16IsConvertedAndLogged) {
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("hi\n")) utf16 += std::string{c, '\0'};
  Outcome o = sanitize(utf16, FileType::kText);
  ASSERT_TRUE(o.result.isOk());
  EXPECT_EQ(o.output, "hi\n");
  EXPECT_EQ(detail(o, "re-encoded", "charset"), "UTF-16LE->UTF-8");
}

TEST(SanitizeText, UndecodableIsBlocked) {
  Outcome o = sanitize("abc\x80\xff", FileType::kText);
  ASSERT_FALSE(o.result.isOk());
  EXPECT_EQ(o.result.status().reason(), "malformed-text");
}

TEST(SanitizeText, ExpandedSizeIsCharged) {
  Limits limits;
  limits.max_expanded_bytes = 10;
  Outcome o = sanitize(std::string(100, 'x'), FileType::kText, limits);
  ASSERT_FALSE(o.result.isOk());
  EXPECT_EQ(o.result.status().reason(), "limit-expanded-size");
}

}  // namespace
}  // namespace sanso::sanitize::text
