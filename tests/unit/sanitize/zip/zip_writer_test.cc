#include "zip/zip_writer.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <map>

#include "sanso/common/file_io.h"
#include "sanso/common/limits.h"
#include "zip/zip_reader.h"
#include "support/test_util.h"

namespace sanso::sanitize::zip {
namespace {

struct ReadBack {
  std::map<std::string, std::string> data;
  std::map<std::string, uint16_t> method;
  std::map<std::string, time_t> mtime;
  std::map<std::string, uint32_t> unix_mode;  // from the external attributes
};

// Reads the archive with libzip (independent of the writer under test), in its strictest mode.
ReadBack readWithLibzip(const std::string& path) {
  ReadBack out;
  int error = 0;
  ::zip* archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error);
  EXPECT_NE(archive, nullptr) << "libzip error " << error;
  if (archive == nullptr) return out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st);
    std::string bytes(st.size, '\0');
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    EXPECT_EQ(zip_fread(file, bytes.data(), st.size), static_cast<zip_int64_t>(st.size));
    zip_fclose(file);
    out.data[st.name] = bytes;
    out.method[st.name] = st.comp_method;
    out.mtime[st.name] = st.mtime;
    zip_uint8_t system = 0;
    zip_uint32_t attributes = 0;
    zip_file_get_external_attributes(archive, static_cast<zip_uint64_t>(i), 0, &system,
                                     &attributes);
    if (system == ZIP_OPSYS_UNIX) out.unix_mode[st.name] = attributes >> 16;
  }
  zip_close(archive);
  return out;
}

TEST(ZipWriter, WritesDeflatedStoredAndSpooledEntriesInOrder) {
  test::TempDir dir;
  std::string big(3u << 20, '\0');  // more than one write chunk
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>("役所文書"[i % 12]);
  auto spool = SpoolFile::createBeside(dir.file("out.zip"));
  ASSERT_TRUE(spool.isOk()) << spool.status().toString();
  ASSERT_TRUE(spool->append(asBytes(std::string("unused prefix"))).isOk());
  auto range = spool->append(asBytes(big));
  ASSERT_TRUE(range.isOk());

  auto writer = Writer::create(dir.file("out.zip"));
  ASSERT_TRUE(writer.isOk()) << writer.status().toString();
  ASSERT_TRUE(writer->add("[Content_Types].xml", "<Types/>").isOk());
  ASSERT_TRUE(writer->add("word/media/画像.png", "\x89PNG raw", false).isOk());
  ASSERT_TRUE(writer->addFromFile("big.bin", spool->fd(), range->offset, range->size, true).isOk());
  ASSERT_TRUE(writer->add("empty", "").isOk());
  ASSERT_TRUE(writer->close().isOk());

  ReadBack back = readWithLibzip(dir.file("out.zip"));
  ASSERT_EQ(back.data.size(), 4u);
  EXPECT_EQ(back.data["[Content_Types].xml"], "<Types/>");
  EXPECT_EQ(back.data["word/media/画像.png"], "\x89PNG raw");
  EXPECT_EQ(back.data["big.bin"], big);
  EXPECT_EQ(back.data["empty"], "");
  EXPECT_EQ(back.method["word/media/画像.png"], ZIP_CM_STORE);
  EXPECT_EQ(back.method["big.bin"], ZIP_CM_DEFLATE);
  // Extracted on Unix, every entry is a readable regular file.
  for (const auto& [name, mode] : back.unix_mode) EXPECT_EQ(mode, 0100644u) << name;
  EXPECT_EQ(back.unix_mode.size(), 4u);
  // The first entry is [Content_Types].xml, as tools that sniff OOXML expect.
  std::string bytes = test::readFileOrDie(dir.file("out.zip"));
  EXPECT_EQ(bytes.substr(30, 19), "[Content_Types].xml");
}

TEST(ZipWriter, CopiesAStoredDeflateStreamAsItIs) {
  test::TempDir dir;
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "<w:p><w:r><w:t>段落 " + std::to_string(i) + "</w:t></w:r></w:p>";
  // The source archive is libzip's (zlib's deflate), not the writer's own compression.
  std::string source_path = dir.file("in.zip");
  int error = 0;
  ::zip* archive = zip_open(source_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(archive, nullptr);
  zip_file_add(archive, "word/document.xml", zip_source_buffer(archive, text.data(), text.size(), 0),
               ZIP_FL_ENC_UTF_8);
  ASSERT_EQ(zip_close(archive), 0);
  std::string source = test::readFileOrDie(source_path);
  Limits limits;
  Budget budget(limits);
  auto reader = Reader::open(asBytes(source), budget);
  ASSERT_TRUE(reader.isOk()) << reader.status().toString();
  const Entry* entry = reader->find("word/document.xml");
  ASSERT_NE(entry, nullptr);
  ASSERT_EQ(*reader->read(*entry, budget), text);
  auto packed = reader->packed(*entry);
  ASSERT_TRUE(packed.has_value());

  auto writer = Writer::create(dir.file("out.zip"));
  ASSERT_TRUE(writer.isOk());
  ASSERT_TRUE(writer->addPacked("word/document.xml", *packed).isOk());
  ASSERT_TRUE(writer->close().isOk());
  ReadBack back = readWithLibzip(dir.file("out.zip"));
  EXPECT_EQ(back.data["word/document.xml"], text);
  EXPECT_EQ(back.method["word/document.xml"], ZIP_CM_DEFLATE);
  std::string out = test::readFileOrDie(dir.file("out.zip"));
  EXPECT_NE(out.find(std::string(asChars(packed->stream))), std::string::npos);
}

TEST(ZipWriter, AddFromFileFailsWhenTheSpoolIsShort) {
  test::TempDir dir;
  auto spool = SpoolFile::createBeside(dir.file("out.zip"));
  ASSERT_TRUE(spool.isOk());
  auto range = spool->append(asBytes(std::string("short")));
  ASSERT_TRUE(range.isOk());
  auto writer = Writer::create(dir.file("out.zip"));
  ASSERT_TRUE(writer.isOk());
  Status status = writer->addFromFile("x", spool->fd(), range->offset, range->size + 10, false);
  EXPECT_FALSE(status.isOk());
}

TEST(ZipWriter, CreateFailsInAMissingDirectory) {
  auto writer = Writer::create("/nonexistent-dir/out.zip");
  EXPECT_FALSE(writer.isOk());
}

}  // namespace
}  // namespace sanso::sanitize::zip
