// sanitizeText() writing its output in pieces: the same bytes as cleaning the whole text in
// memory, and every output failure as a Status.
#include <gtest/gtest.h>

#include "support/test_util.h"
#include "text/text_sanitizer.h"

namespace sanso::sanitize::text {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

Result<FileType> sanitizeTo(const std::string& input, FileType type, const std::string& path,
                            ActionLog& log) {
  Options options;
  options.method = Method::kText;
  Limits limits;
  Budget budget(limits);
  Job job{asBytes(input), type, options, budget, log, path};
  return sanitizeText(job);
}

// What the handler produced when it built the whole output in memory.
std::string wholeTextResult(const std::string& input, FileType type) {
  uint64_t removed = 0;
  const std::string clean = stripControls(input, removed);
  if (type != FileType::kCsv) return clean;
  uint64_t changed = 0;
  return std::string(kBom) + neutralizeCsvFormulas(clean, ',', changed);
}

// A CSV of `rows` records with formulas, quotes, CR LF, controls and bidi characters.
std::string mixedCsv(size_t rows) {
  std::string csv =
      "\xEF\xBB\xBF"
      "id,name,formula,amount\r\n";
  for (size_t i = 0; i < rows; ++i) {
    const std::string n = std::to_string(i);
    csv += n + ",\"宗像 " + n + "\",=SUM(A" + n + "),-" + n + ".5\r\n";
    if (i % 7 == 0) csv += n + ",\"a \"\"quoted\"\"\x07 name\",\"@cmd\",+81-" + n + "\n";
    if (i % 11 == 0) csv += n + ",\u202Etxt.exe,\" =1\n+2\",\t-x\r";
  }
  return csv;
}

TEST(SanitizeTextStreaming, SmallCsvMatchesExpectedBytes) {
  test::TempDir dir;
  ActionLog log;
  const std::string input =
      "\xEF\xBB\xBF"
      "a,\"b\x01\",c\r\n=1,\"+A1\",\u202E-x\r\n-3,@y,\"z\"\"\"";
  auto result = sanitizeTo(input, FileType::kCsv, dir.file("out"), log);
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  EXPECT_EQ(test::readFileOrDie(dir.file("out")),
            "\xEF\xBB\xBF"
            "a,\"b\",c\n'=1,\"'+A1\",'-x\n-3,'@y,\"z\"\"\"");
  EXPECT_EQ(test::readFileOrDie(dir.file("out")), wholeTextResult(input, FileType::kCsv));
}

TEST(SanitizeTextStreaming, LargeCsvMatchesWholeTextResult) {
  test::TempDir dir;
  ActionLog log;
  const std::string input = mixedCsv(25000);  // several output buffers, past the probe size
  ASSERT_GT(input.size(), 1u << 20);
  auto result = sanitizeTo(input, FileType::kCsv, dir.file("out"), log);
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  EXPECT_EQ(*result, FileType::kCsv);
  EXPECT_EQ(test::readFileOrDie(dir.file("out")), wholeTextResult(input, FileType::kCsv));
  uint64_t removed = 0, changed = 0;
  (void)neutralizeCsvFormulas(stripControls(input, removed), ',', changed);
  ASSERT_EQ(log.actions().size(), 4u);  // control characters, bidi, line endings, formulas
  EXPECT_EQ(log.actions().back().what, "csv-formula");
  EXPECT_EQ(log.actions().back().detail,
            std::to_string(changed) + " cells, first at row 2 column 3");
}

TEST(SanitizeTextStreaming, LargeTextMatchesWholeTextResult) {
  test::TempDir dir;
  ActionLog log;
  const std::string input = mixedCsv(20000);
  auto result = sanitizeTo(input, FileType::kText, dir.file("out"), log);
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  EXPECT_EQ(test::readFileOrDie(dir.file("out")), wholeTextResult(input, FileType::kText));
}

TEST(SanitizeTextStreaming, EmptyCsvIsJustTheBom) {
  test::TempDir dir;
  ActionLog log;
  auto result = sanitizeTo("", FileType::kCsv, dir.file("out"), log);
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  EXPECT_EQ(test::readFileOrDie(dir.file("out")), kBom);
}

TEST(SanitizeTextStreaming, OutputThatCannotBeCreatedIsAnIoError) {
  test::TempDir dir;
  ActionLog log;
  auto result = sanitizeTo("a,b\n=1,2\n", FileType::kCsv, dir.file("missing/out"), log);
  ASSERT_FALSE(result.isOk());
  EXPECT_EQ(result.status().code(), StatusCode::kIoError);
}

TEST(SanitizeTextStreaming, FailedWritesAreIoErrors) {
  if (!test::fileExists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  for (FileType type : {FileType::kCsv, FileType::kText}) {
    for (size_t rows : {size_t{2}, size_t{20000}}) {  // fails at close, fails while writing
      ActionLog log;
      auto result = sanitizeTo(mixedCsv(rows), type, "/dev/full", log);
      ASSERT_FALSE(result.isOk());
      EXPECT_EQ(result.status().code(), StatusCode::kIoError) << result.status().toString();
    }
  }
}

}  // namespace
}  // namespace sanso::sanitize::text
