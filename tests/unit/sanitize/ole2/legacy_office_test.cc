// OLE2 reading and legacy Office detection on compound files built in the test (no
// LibreOffice): kinds, templates, every encryption marker, and broken structures.
#include "ole2/legacy_office.h"

#include <gtest/gtest.h>

#include "detect.h"
#include "ole2/ole2_reader.h"
#include "support/cfb_builder.h"
#include "support/sanitize_runner.h"

namespace sanso::sanitize::ole2 {
namespace {

using test::biffGlobals;
using test::buildCfb;
using test::pptCurrentUser;
using test::wordFib;

Result<LegacyOffice> inspect(const std::string& bytes) {
  Budget budget{Limits{}};
  return inspectLegacyOffice(asBytes(bytes), budget);
}

Result<FileType> detect(const std::string& bytes) {
  Budget budget{Limits{}};
  return detectType(asBytes(bytes), budget);
}

void put32(std::string& bytes, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes.at(at + i) = static_cast<char>((value >> (8 * i)) & 0xFF);
}

TEST(Ole2Reader, ReadsBigAndMiniStreams) {
  std::string big(10000, 'B');
  big[9999] = 'E';
  std::string small = "small stream contents";
  std::string file = buildCfb({{"Big", big}, {"Small", small}});
  Budget budget{Limits{}};
  auto reader = Ole2Reader::open(asBytes(file), budget);
  ASSERT_TRUE(reader.isOk()) << reader.status().toString();
  ASSERT_NE(reader->find("big"), nullptr);  // names compare case-insensitively
  auto read_big = reader->readStream(*reader->find("Big"), UINT64_MAX);
  ASSERT_TRUE(read_big.isOk());
  EXPECT_EQ(*read_big, big);
  auto read_small = reader->readStream(*reader->find("Small"), UINT64_MAX);
  ASSERT_TRUE(read_small.isOk());
  EXPECT_EQ(*read_small, small);
  auto prefix = reader->readStream(*reader->find("Big"), 10);
  ASSERT_TRUE(prefix.isOk());
  EXPECT_EQ(prefix->size(), 10u);
}

TEST(LegacyOffice, TellsWordExcelAndPowerPointApart) {
  auto doc = inspect(buildCfb({{"WordDocument", wordFib(0)}, {"1Table", std::string(600, 0)}}));
  ASSERT_TRUE(doc.isOk());
  EXPECT_EQ(doc->type, FileType::kDoc);
  EXPECT_EQ(doc->import_filter, "MS Word 97");
  EXPECT_FALSE(doc->encrypted);

  auto dot = inspect(buildCfb({{"WordDocument", wordFib(0x0001, 100)}}));  // mini stream
  ASSERT_TRUE(dot.isOk());
  EXPECT_EQ(dot->type, FileType::kDot);

  auto xls = inspect(buildCfb({{"Workbook", biffGlobals({{0x0042, "\xA4\x03"}})}}));
  ASSERT_TRUE(xls.isOk());
  EXPECT_EQ(xls->type, FileType::kXls);
  EXPECT_EQ(xls->import_filter, "MS Excel 97");

  auto xlt = inspect(buildCfb({{"Workbook", biffGlobals({{0x0060, ""}})}}));
  ASSERT_TRUE(xlt.isOk());
  EXPECT_EQ(xlt->type, FileType::kXlt);

  auto excel5 = inspect(buildCfb({{"Book", biffGlobals({}, true)}}));
  ASSERT_TRUE(excel5.isOk());
  EXPECT_EQ(excel5->type, FileType::kXls);
  EXPECT_EQ(excel5->import_filter, "MS Excel 95");

  auto ppt = inspect(buildCfb({{"PowerPoint Document", std::string(5000, 0)},
                               {"Current User", pptCurrentUser(0xE391C05F)}}));
  ASSERT_TRUE(ppt.isOk());
  EXPECT_EQ(ppt->type, FileType::kPpt);
  EXPECT_FALSE(ppt->encrypted);

  auto other = inspect(buildCfb({{"__substg1.0_0037001F", "subject"}}));
  ASSERT_TRUE(other.isOk());
  EXPECT_EQ(other->type, FileType::kOle2);
}

TEST(LegacyOffice, EveryEncryptionMarkerBlocksAsEncrypted) {
  const std::string files[] = {
      buildCfb({{"WordDocument", wordFib(0x0100)}}),
      buildCfb({{"Workbook", biffGlobals({{0x00E1, "\x00\x00"}, {0x002F, std::string(54, 'k')}})}}),
      buildCfb({{"PowerPoint Document", std::string(5000, 0)},
                {"Current User", pptCurrentUser(0xF3D1C4DF)}}),
      // Encrypted OOXML: an OLE2 wrapper with EncryptionInfo and EncryptedPackage.
      buildCfb({{"EncryptionInfo", std::string(200, 'i')},
                {"EncryptedPackage", std::string(5000, 'p')}}),
      buildCfb({{"EncryptedPackage", std::string(5000, 'p')}}, {"\x06" "DataSpaces"}),
  };
  for (const auto& file : files) {
    auto type = detect(file);
    ASSERT_FALSE(type.isOk());
    EXPECT_EQ(type.status().reason(), "encrypted");
  }
  auto report = test::sanitizeBytes(files[0], "secret.doc");
  EXPECT_EQ(report.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(report.report.reason, "encrypted");
  EXPECT_FALSE(report.output.has_value());
}

TEST(LegacyOffice, OtherCompoundFilesAreRefused) {
  auto outcome = test::sanitizeBytes(buildCfb({{"__properties_version1.0", "x"}}), "mail.msg");
  EXPECT_EQ(outcome.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(outcome.report.reason, "unsupported-type");
}

TEST(Ole2Reader, BrokenStructuresBlockAsMalformed) {
  const std::string good = buildCfb({{"WordDocument", wordFib(0)}});
  uint32_t dir_sector = static_cast<uint8_t>(good[0x30]);
  // 1. A FAT whose directory chain loops: the directory sector points at itself (the FAT is
  // the last sector of the file).
  std::string loop = good;
  put32(loop, loop.size() - 512 + 4 * dir_sector, dir_sector);
  // 2. The directory's first sector is out of range.
  std::string far_directory = good;
  put32(far_directory, 0x30, 0x7FFFFFF0);
  // 3. A directory entry whose right sibling points back at itself.
  std::string self_sibling = good;
  put32(self_sibling, (dir_sector + 1) * 512 + 128 + 0x48, 1);
  // 4. Truncated before the directory.
  std::string truncated = good.substr(0, 1024);
  // 5. A stream size far beyond the file: read only what the chain holds.
  std::string huge = good;
  put32(huge, (dir_sector + 1) * 512 + 128 + 0x78, 0xFFFFFFF0);
  for (const auto* file : {&loop, &far_directory, &self_sibling, &truncated}) {
    auto info = inspect(*file);
    ASSERT_FALSE(info.isOk());
    EXPECT_EQ(info.status().reason(), "malformed-ole2");
  }
  auto huge_info = inspect(huge);
  ASSERT_TRUE(huge_info.isOk()) << huge_info.status().toString();
  EXPECT_EQ(huge_info->type, FileType::kDoc);
}

TEST(Ole2Reader, NotAnOle2FileAtAll) {
  for (const std::string& junk : {std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8),
                                  std::string(600, '\xFF')}) {
    auto info = inspect(junk);
    EXPECT_FALSE(info.isOk());
  }
}

}  // namespace
}  // namespace sanso::sanitize::ole2
