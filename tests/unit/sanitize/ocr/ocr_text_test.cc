#include "ocr/ocr_text.h"

#include <gtest/gtest.h>

#include "support/sanitize_runner.h"
#include "support/test_util.h"

namespace sanso::sanitize::ocr {
namespace {

TEST(OcrText, JoinsSpacesBetweenJapaneseCharactersOnly) {
  EXPECT_EQ(joinCjkSpaces("宗 像 市 の 情 報"), "宗像市の情報");
  EXPECT_EQ(joinCjkSpaces("Security policy 2026"), "Security policy 2026");
  EXPECT_EQ(joinCjkSpaces("第 3 条"), "第 3 条");
  EXPECT_EQ(joinCjkSpaces("情報 Security"), "情報 Security");
  EXPECT_EQ(joinCjkSpaces("１ ２"), "１２");
}

// Renders Japanese text with LibreOffice and poppler (independent of sanso), then reads it back.
TEST(OcrText, ReadsJapaneseTextFromAnImage) {
  if (!test::haveProgram("soffice") || !test::haveProgram("pdftoppm")) {
    GTEST_SKIP() << "needs LibreOffice and poppler-utils to render the fixture";
  }
  test::TempDir dir;
  test::writeFileOrDie(dir.file("page.txt"),
                       "宗像市情報セキュリティ基本方針\n情報資産の機密性を確保する。\n");
  int code = -1;
  test::runCommand("cd " + test::shellQuote(dir.path()) +
                       " && timeout 120 soffice --headless --norestore -env:UserInstallation=file://" +
                       dir.path() + "/profile --convert-to pdf page.txt >/dev/null 2>&1 && "
                       "pdftoppm -r 150 -png -f 1 -l 1 page.pdf page",
                   &code);
  ASSERT_EQ(code, 0);
  std::string png = test::readFileOrDie(dir.file("page-1.png"));
  Options options;
  options.method = Method::kText;
  auto result = test::sanitizeBytes(png, "scan.png", options);
  ASSERT_TRUE(result.output.has_value()) << result.report.reason << " " << result.report.message;
  EXPECT_EQ(result.report.output->type, "text");
  EXPECT_NE(result.output->find("宗像市情報セキュリティ基本方針"), std::string::npos) << *result.output;
  EXPECT_NE(result.output->find("機密性"), std::string::npos) << *result.output;
}

}  // namespace
}  // namespace sanso::sanitize::ocr
