#include "report/module/sheet_names.h"

#include <gtest/gtest.h>

namespace sanso::isms::report {
namespace {

TEST(IsmsReportSheetNames, FollowsExcelRules) {
  std::vector<std::string> names =
      sheetNames({"情報資産台帳", "a[b]c:d*e?f/g\\h", "'quoted'", "", "History",
                  std::string(40, 'x'), "情報資産台帳", "情報資産台帳", "INFO", "info"});
  ASSERT_EQ(names.size(), 10u);
  EXPECT_EQ(names[0], "情報資産台帳");
  EXPECT_EQ(names[1], "a_b_c_d_e_f_g_h");
  EXPECT_EQ(names[2], "quoted");
  EXPECT_EQ(names[3], "Sheet4");
  EXPECT_EQ(names[4], "History_");
  EXPECT_EQ(names[5], std::string(31, 'x'));
  EXPECT_EQ(names[6], "情報資産台帳 (2)");
  EXPECT_EQ(names[7], "情報資産台帳 (3)");
  EXPECT_EQ(names[8], "INFO");
  EXPECT_EQ(names[9], "info (2)");  // Excel compares names without case
}

TEST(IsmsReportSheetNames, CutsAtCharacterBoundaries) {
  std::string kanji;
  for (int i = 0; i < 40; ++i) kanji += "資";
  std::vector<std::string> names = sheetNames({kanji, kanji});
  std::string cut;
  for (int i = 0; i < 31; ++i) cut += "資";
  EXPECT_EQ(names[0], cut);
  std::string shorter;
  for (int i = 0; i < 27; ++i) shorter += "資";
  EXPECT_EQ(names[1], shorter + " (2)");
  // Outside the BMP a character takes two of the 31 units.
  std::string emoji;
  for (int i = 0; i < 20; ++i) emoji += "\xF0\x9F\x98\x80";
  EXPECT_EQ(sheetNames({emoji})[0].size(), 15u * 4);
}

}  // namespace
}  // namespace sanso::isms::report
