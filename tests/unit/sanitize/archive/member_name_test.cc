#include "archive/member_name.h"

#include <gtest/gtest.h>

namespace sanso::sanitize::archive {
namespace {

TEST(ArchiveMemberName, DecodesUtf8AndShiftJis) {
  EXPECT_EQ(decodeName("報告書.txt"), "報告書.txt");
  // 報告書.txt in Shift_JIS, as Japanese Windows writes it without the UTF-8 flag.
  EXPECT_EQ(decodeName("\x95\xf1\x8d\x90\x8f\x91.txt"), "報告書.txt");
  // Neither UTF-8 nor Shift_JIS: 0xFF and 0xA0 are not CP932 bytes.
  EXPECT_FALSE(decodeName("\xff\xfe\xa0").has_value());
}

TEST(ArchiveMemberName, AcceptsPlainRelativeNames) {
  for (const char* ok : {"a.txt", "dir/sub/報告書.docx", "スペース 入り.pdf", "x.tar.gz"}) {
    EXPECT_TRUE(checkName(ok).isOk()) << ok;
  }
}

TEST(ArchiveMemberName, RefusesEveryExtractionTrick) {
  for (const char* bad :
       {"../evil.txt", "a/../../evil.txt", "/etc/passwd", "C:/Windows/x.txt", "C:x.txt",
        "\\\\server\\share\\x.txt", "a\\..\\b.txt", "dir//x.txt", "./x.txt", "x.txt.",
        "x.txt ", "dir./x.txt", "CON", "nul.txt", "com1.log", "a/LPT9.txt", "x\ty.txt",
        "x\x7fy.txt", "file.txt:stream", "a<b.txt", "what?.txt", "star*.txt", "",
        "invoice\u202Efdp.exe", "a\u2066b.txt", "zero\u200Bwidth.txt"}) {
    Status st = checkName(bad);
    EXPECT_FALSE(st.isOk()) << bad;
    if (!st.isOk()) {
      EXPECT_EQ(st.reason(), "archive-unsafe-name");
    }
  }
  EXPECT_FALSE(checkName(std::string(300, 'a')).isOk());
}

TEST(ArchiveMemberName, FindsExecutablesByTheirLastExtension) {
  for (const char* bad : {"a.exe", "A.EXE", "dir/setup.msi", "invoice.pdf.exe", "x.js", "x.vbs",
                          "x.hta", "x.lnk", "x.iso", "x.img", "x.vhd", "x.one", "x.chm",
                          "x.ps1", "x.bat", "x.cmd", "x.scr", "x.jse", "x.wsf"}) {
    EXPECT_TRUE(isExecutableName(bad)) << bad;
  }
  for (const char* ok : {"a.pdf", "exe.txt", "report.exe.pdf", "noext", "dir.exe/readme.txt"}) {
    EXPECT_FALSE(isExecutableName(ok)) << ok;
  }
}

TEST(ArchiveMemberName, CollidesLikeWindows) {
  EXPECT_EQ(collisionKey("Dir/README.TXT"), collisionKey("dir/readme.txt"));
  EXPECT_EQ(collisionKey("ＡＢＣ.txt"), collisionKey("ａｂｃ.txt"));
  EXPECT_NE(collisionKey("報告書.txt"), collisionKey("報告.txt"));
}

}  // namespace
}  // namespace sanso::sanitize::archive
