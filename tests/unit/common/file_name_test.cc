#include "sanso/common/file_name.h"

#include <gtest/gtest.h>

namespace sanso {
namespace {

TEST(SafeFileName, KeepsTheLastComponentWithoutControlsOrBidi) {
  EXPECT_EQ(safeFileName("../../etc/passwd"), "passwd");
  EXPECT_EQ(safeFileName("C:\\Users\\x\\報告書.docx"), "報告書.docx");
  EXPECT_EQ(safeFileName("invoice\xE2\x80\xAE"
                         "fdp.exe"),
            "invoicefdp.exe");  // RLO removed
  EXPECT_EQ(safeFileName("a\x01\x7f"
                         "b\xff.txt"),
            "ab.txt");  // controls, bad byte
  EXPECT_EQ(safeFileName(" . "), "file");
  EXPECT_EQ(safeFileName("\xEF\xBB\xBF"
                         "名前.pdf"),
            "名前.pdf");
  std::string long_name(300, 'x');
  std::string cut = safeFileName(long_name + ".pdf");
  EXPECT_EQ(cut.size(), kMaxFileNameBytes);
  EXPECT_EQ(cut.substr(cut.size() - 4), ".pdf");
  // Cut on a character boundary.
  std::string japanese;
  for (int i = 0; i < 100; ++i) japanese += "資";
  EXPECT_EQ(safeFileName(japanese).size() % 3, 0u);
}

TEST(SafeFileName, WithExtensionReplacesTheLastOne) {
  EXPECT_EQ(withExtension("a.docm", "docx"), "a.docx");
  EXPECT_EQ(withExtension(".profile", "txt"), ".profile.txt");
  EXPECT_EQ(withExtension("a", ""), "a");
}

}  // namespace
}  // namespace sanso
