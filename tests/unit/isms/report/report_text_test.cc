#include "report/report_text.h"

#include <gtest/gtest.h>

#include "report/report_limits.h"

namespace sanso::isms::report {
namespace {

Report oneTable(std::vector<std::vector<std::string>> rows) {
  Report report{"適用宣言書", "宗像市", "2026-11-30 15:00 JST", {}};
  report.tables.push_back({"管理策", {{"番号", 8}, {"名称", 30}}, std::move(rows)});
  return report;
}

TEST(IsmsReportText, ValidatesUtf8) {
  EXPECT_TRUE(isValidUtf8("情報資産 abc"));
  EXPECT_TRUE(isValidUtf8("\xF0\x9F\x98\x80"));   // U+1F600
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(isValidUtf8("\xE0\x80\xAF"));      // overlong '/'
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(isValidUtf8("\xE6\x83"));          // cut short
  EXPECT_FALSE(isValidUtf8(std::string("a\xFF", 2)));
}

TEST(IsmsReportText, ReplacesWhatCannotBePrinted) {
  EXPECT_EQ(printableText("a\r\nb\rc\td"), "a\nb\nc\td");
  EXPECT_EQ(printableText(std::string("x\0y\x1B\x7F", 5)), "x\uFFFDy\uFFFD\uFFFD");
  EXPECT_EQ(printableText("\uFFFE\uFFFF\uFFFD資産"), "\uFFFD\uFFFD\uFFFD資産");
}

TEST(IsmsReportText, ChecksShapeAndClampsWidths) {
  Report report = oneTable({{"A.5.1", "方針"}});
  report.tables[0].columns[0].width = 0;
  report.tables[0].columns[1].width = 1000;
  Result<Report> checked = checkedReport(report);
  ASSERT_TRUE(checked.isOk()) << checked.status().toString();
  EXPECT_EQ(checked->tables[0].columns[0].width, ReportColumn{}.width);
  EXPECT_EQ(checked->tables[0].columns[1].width, kMaxColumnWidth);

  Result<Report> narrow = checkedReport(oneTable({{"A.5.1"}}));
  EXPECT_EQ(narrow.status().reason(), "report-invalid");
  Result<Report> bad = checkedReport(oneTable({{"A.5.1", "\xE6\x83"}}));
  EXPECT_EQ(bad.status().reason(), "report-invalid");
  Report no_columns = oneTable({});
  no_columns.tables[0].columns.clear();
  EXPECT_EQ(checkedReport(no_columns).status().reason(), "report-invalid");
}

TEST(IsmsReportText, RefusesReportsPastTheLimits) {
  Result<Report> long_cell = checkedReport(oneTable({{"1", std::string(kMaxCellBytes + 1, 'x')}}));
  EXPECT_EQ(long_cell.status().reason(), "report-too-large");
  EXPECT_TRUE(checkedReport(oneTable({{"1", std::string(kMaxCellBytes, 'x')}})).isOk());

  Report many = oneTable(std::vector<std::vector<std::string>>(kMaxReportRows / 2, {"1", "a"}));
  many.tables.push_back(many.tables[0]);
  EXPECT_TRUE(checkedReport(many).isOk());
  many.tables[1].rows.push_back({"1", "a"});
  EXPECT_EQ(checkedReport(many).status().reason(), "report-too-large");

  Report long_title = oneTable({});
  long_title.title = std::string(kMaxLabelBytes + 1, 'x');
  EXPECT_EQ(checkedReport(long_title).status().reason(), "report-too-large");
}

}  // namespace
}  // namespace sanso::isms::report
