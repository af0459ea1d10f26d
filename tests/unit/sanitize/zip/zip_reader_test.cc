#include "zip/zip_reader.h"

#include <gtest/gtest.h>
#include <zip.h>

#include "support/test_util.h"

namespace sanso::sanitize::zip {
namespace {

// Builds a zip with libzip (independent of the reader under test).
std::string makeZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  test::TempDir dir;
  std::string path = dir.file("t.zip");
  int error = 0;
  ::zip* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  for (const auto& [name, data] : entries) {
    zip_source_t* src = zip_source_buffer(archive, data.data(), data.size(), 0);
    zip_file_add(archive, name.c_str(), src, ZIP_FL_ENC_UTF_8);
  }
  zip_close(archive);
  return test::readFileOrDie(path);
}

Result<Reader> openBytes(const std::string& bytes, Budget& budget) {
  return Reader::open(asBytes(bytes), budget);
}

TEST(ZipReader, ReadsEntries) {
  std::string bytes = makeZip({{"a.txt", "hello"}, {"dir/b.xml", std::string(5000, 'x')}});
  Limits limits;
  Budget budget(limits);
  auto reader = openBytes(bytes, budget);
  ASSERT_TRUE(reader.isOk()) << reader.status().toString();
  ASSERT_EQ(reader->entries().size(), 2u);
  auto data = reader->read(*reader->find("DIR/B.XML"), budget);
  ASSERT_TRUE(data.isOk());
  EXPECT_EQ(*data, std::string(5000, 'x'));
}

TEST(ZipReader, RefusesTrailingAndLeadingData) {
  std::string bytes = makeZip({{"a.txt", "hello"}});
  Limits limits;
  Budget budget(limits);
  auto trailing = openBytes(bytes + "junk", budget);
  EXPECT_FALSE(trailing.isOk());
  auto leading = openBytes("MZ" + bytes, budget);
  ASSERT_FALSE(leading.isOk());
}

TEST(ZipReader, RefusesLocalHeaderMismatch) {
  std::string bytes = makeZip({{"a.txt", "hello"}});
  // Rename the local header's file name only.
  size_t pos = bytes.find("a.txt");
  ASSERT_NE(pos, std::string::npos);
  bytes[pos] = 'b';
  Limits limits;
  Budget budget(limits);
  auto reader = openBytes(bytes, budget);
  ASSERT_FALSE(reader.isOk());
  EXPECT_EQ(reader.status().reason(), "zip-header-mismatch");
}

TEST(ZipReader, RefusesOverlappingEntries) {
  std::string bytes = makeZip({{"a.txt", "hello"}, {"b.txt", "world"}});
  // Point the second central entry's local offset at the first local header.
  size_t cd = bytes.rfind(std::string("PK\x01\x02", 4));
  ASSERT_NE(cd, std::string::npos);
  for (int i = 0; i < 4; ++i) bytes[cd + 42 + i] = 0;
  Limits limits;
  Budget budget(limits);
  auto reader = openBytes(bytes, budget);
  ASSERT_FALSE(reader.isOk());
  EXPECT_TRUE(reader.status().reason() == "zip-header-mismatch" ||
              reader.status().reason() == "zip-overlapping-entries")
      << reader.status().toString();
}

TEST(ZipReader, RefusesUnsafeAndDuplicateNames) {
  Limits limits;
  Budget budget(limits);
  EXPECT_EQ(openBytes(makeZip({{"../evil", "x"}}), budget).status().reason(), "zip-unsafe-name");
  EXPECT_EQ(openBytes(makeZip({{"A.xml", "x"}, {"a.XML", "y"}}), budget).status().reason(),
            "zip-duplicate-entry");
}

TEST(ZipReader, EnforcesEntryAndExpansionLimits) {
  Limits limits;
  limits.max_archive_entries = 2;
  Budget budget(limits);
  auto many = openBytes(makeZip({{"a", "1"}, {"b", "2"}, {"c", "3"}}), budget);
  EXPECT_EQ(many.status().reason(), "limit-archive-entries");

  Limits ratio_limits;
  Budget ratio_budget(ratio_limits);
  auto bomb = openBytes(makeZip({{"zeros", std::string(20 << 20, '\0')}}), ratio_budget);
  EXPECT_EQ(bomb.status().reason(), "limit-compression-ratio");
}

TEST(ZipReader, DetectsCorruptData) {
  std::string payload(100000, 'a');
  for (size_t i = 0; i < payload.size(); i += 7) payload[i] = static_cast<char>('a' + i % 26);
  std::string bytes = makeZip({{"a.txt", payload}});
  bytes[60] ^= 0x55;  // inside the deflate stream
  Limits limits;
  Budget budget(limits);
  auto reader = openBytes(bytes, budget);
  ASSERT_TRUE(reader.isOk());
  auto data = reader->read(reader->entries().front(), budget);
  EXPECT_FALSE(data.isOk());
}

}  // namespace
}  // namespace sanso::sanitize::zip
