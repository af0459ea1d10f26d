// Register tables: CSV as Excel writes and reads it (quoting, formula guard, Shift_JIS), XLSX
// worksheets as municipalities keep them (shared strings with phonetic readings, inline
// strings, date serials), and imports that write all rows or none.
#include "sanso/isms/tables.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "isms_fixture.h"
#include "support/ooxml_fixture.h"

namespace sanso::isms {
namespace {

using nlohmann::json;

class IsmsTables : public IsmsFixture {
 protected:
  std::vector<std::vector<std::string>> read(const std::string& bytes) {
    test::writeFileOrDie(dir_.file("in.bin"), bytes);
    auto rows = readTableFile(dir_.file("in.bin"), 100);
    EXPECT_TRUE(rows.isOk()) << rows.status().toString();
    return rows.isOk() ? *rows : std::vector<std::vector<std::string>>();
  }
};

TEST_F(IsmsTables, CsvKeepsTextAndNeverBecomesAFormula) {
  ReportTable table;
  table.title = "t";
  table.columns = {{"資産名", 10}, {"備考", 10}};
  table.rows = {{"会議録, \"公開前\"", "=HYPERLINK(\"http://x\")"}, {"二行\r\nの値", "-1"}};
  ASSERT_TRUE(writeCsv(table, dir_.file("out.csv")).isOk());
  std::string text = test::readFileOrDie(dir_.file("out.csv"));
  EXPECT_EQ(text.rfind("\xEF\xBB\xBF\"資産名\",\"備考\"\r\n", 0), 0u);
  EXPECT_NE(text.find("\"'=HYPERLINK(\"\"http://x\"\")\""), std::string::npos);
  EXPECT_NE(text.find("\"'-1\""), std::string::npos);
  // Reading it back gives the cells (the guard is not part of the value).
  auto rows = read(text);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], "会議録, \"公開前\"");
  EXPECT_EQ(rows[1][1], "=HYPERLINK(\"http://x\")");
  EXPECT_EQ(rows[2][0], "二行\r\nの値");
  EXPECT_EQ(rows[2][1], "-1");
}

TEST_F(IsmsTables, CsvFromExcelInShiftJis) {
  // "資産名,保管場所\r\n庁内LAN,本庁舎\r\n" in Shift_JIS, as Japanese Excel saves CSV.
  std::string sjis =
      "\x8E\x91\x8E\x59\x96\xBC,\x95\xDB\x8A\xC7\x8F\xEA\x8F\x8A\r\n"
      "\x92\xA1\x93\xE0LAN,\x96\x7B\x92\xA1\x8E\xC9\r\n";
  auto rows = read(sjis);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "資産名");
  EXPECT_EQ(rows[0][1], "保管場所");
  EXPECT_EQ(rows[1][0], "庁内LAN");
  EXPECT_EQ(rows[1][1], "本庁舎");
}

TEST_F(IsmsTables, BrokenCsvIsRefused) {
  test::writeFileOrDie(dir_.file("bad.csv"), "a,\"b\r\nc,d\r\n");
  EXPECT_FALSE(readTableFile(dir_.file("bad.csv"), 100).isOk());
  test::writeFileOrDie(dir_.file("long.csv"), "a\r\nb\r\nc\r\n");
  EXPECT_FALSE(readTableFile(dir_.file("long.csv"), 2).isOk());
  test::writeFileOrDie(dir_.file("junk.csv"), "\"a\"b,c\r\n");
  EXPECT_FALSE(readTableFile(dir_.file("junk.csv"), 100).isOk());
}

TEST_F(IsmsTables, XlsxFirstSheetWithPhoneticReadingsAndDates) {
  std::string strings =
      "<?xml version=\"1.0\"?><sst "
      "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<si><t>資産名</t></si><si><r><t>住民</t></r><r><t>台帳</t></r>"
      "<rPh sb=\"0\" eb=\"2\"><t>ジュウミン</t></rPh></si><si><t>次回見直し</t></si></sst>";
  std::string sheet =
      "<?xml version=\"1.0\"?><worksheet "
      "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" "
      "t=\"s\"><v>2</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"C2\"><v>46113</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>文書管理</t></is></c></row>"
      "</sheetData></worksheet>";
  auto rows = read(
      test::buildZip({{"xl/sharedStrings.xml", strings}, {"xl/worksheets/sheet1.xml", sheet}}));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][0], "資産名");
  EXPECT_EQ(rows[0][2], "次回見直し");
  EXPECT_EQ(rows[1][0], "住民台帳");  // the reading ジュウミン is not part of the text
  EXPECT_EQ(rows[1][2], "46113");
  EXPECT_EQ(rows[2][0], "文書管理");
  // A shared string index past the table is refused, not read out of bounds.
  std::string bad = sheet;
  bad.replace(bad.find("<v>2</v>"), 8, "<v>9</v>");
  test::writeFileOrDie(dir_.file("bad.xlsx"), test::buildZip({{"xl/sharedStrings.xml", strings},
                                                              {"xl/worksheets/sheet1.xml", bad}}));
  EXPECT_FALSE(readTableFile(dir_.file("bad.xlsx"), 100).isOk());
}

TEST_F(IsmsTables, ImportWritesAllRowsOrNoneAndRoundTrips) {
  Actor somu = actorOf(somu_);
  std::vector<std::vector<std::string>> rows = {
      {"資産名", "資産の種類", "機密性", "完全性", "可用性", "次回見直し", "所管部署"},
      {"住民基本台帳", "情報", "機密性3", "2", "2", "46113", ""},
      {"会議録", "information", "1", "1", "1", "2026/4/1", "総務課"},
      {"不正な行", "情報", "機密性9", "1", "1", "", ""}};
  auto refused = importRows(*isms_, somu, "asset", rows);
  ASSERT_FALSE(refused.isOk());
  EXPECT_NE(refused.status().message().find("4 行目"), std::string::npos);
  EXPECT_NE(refused.status().message().find("機密性"), std::string::npos);
  EXPECT_TRUE(isms_->list(somu, "asset", {})->empty());

  rows.pop_back();
  auto created = importRows(*isms_, somu, "asset", rows);
  ASSERT_TRUE(created.isOk()) << created.status().toString();
  EXPECT_EQ(*created, 2);
  auto assets = isms_->list(somu, "asset", {});
  ASSERT_EQ(assets->size(), 2u);
  EXPECT_EQ((*assets)[1].fields["next_review"], "2026-04-01");  // the Excel serial day
  EXPECT_EQ((*assets)[0].fields["next_review"], "2026-04-01");
  EXPECT_EQ((*assets)[1].fields["confidentiality"], "3");

  // Another department's name in 所管部署 is refused for a department user.
  rows[1][6] = "企画課";
  EXPECT_EQ(importRows(*isms_, somu, "asset", rows).status().code(), StatusCode::kDenied);

  // The export reads back: an ID row updates that record.
  auto table = registerTable(*isms_, somu, "asset");
  ASSERT_TRUE(table.isOk());
  std::vector<std::vector<std::string>> exported;
  std::vector<std::string> titles;
  for (const ReportColumn& c : table->columns) titles.push_back(c.title);
  exported.push_back(titles);
  exported.push_back(table->rows[0]);
  size_t name_column = std::find(titles.begin(), titles.end(), "資産名") - titles.begin();
  ASSERT_LT(name_column, titles.size());
  exported[1][name_column] = "住民基本台帳（改）";
  ASSERT_TRUE(importRows(*isms_, somu, "asset", exported).isOk());
  auto updated = isms_->get(somu, std::stoll(table->rows[0][0]));
  ASSERT_TRUE(updated.isOk());
  EXPECT_EQ(updated->fields["name"], "住民基本台帳（改）");
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(isms_->list(somu, "asset", {})->size(), 2u);
}

}  // namespace
}  // namespace sanso::isms
