#include "sanso/common/sha256.h"

#include <gtest/gtest.h>

#include <string>

#include "sanso/common/file_io.h"
#include "support/test_util.h"

namespace sanso {
namespace {

TEST(Sha256, KnownDigests) {
  EXPECT_EQ(sha256Hex(asBytes("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex(asBytes("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, IncrementalEqualsOneShot) {
  std::string data;
  for (int i = 0; i < 100000; ++i) data += static_cast<char>(i * 7 + (i >> 8));
  Sha256 hash;
  for (size_t offset = 0; offset < data.size(); offset += 4093) {
    hash.update(asBytes(std::string_view(data).substr(offset, 4093)));
  }
  EXPECT_EQ(hash.finishHex(), sha256Hex(asBytes(data)));
}

TEST(InputFileSha256, MappedFileHashesLikeItsBytesAndStaysReadable) {
  test::TempDir dir;
  std::string data(20u << 20, '\0');  // more than one hashing step
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>((i * 2654435761u) >> 13);
  test::writeFileOrDie(dir.file("in.bin"), data);
  auto file = InputFile::open(dir.file("in.bin"), UINT64_MAX);
  ASSERT_TRUE(file.isOk());
  EXPECT_EQ(file->sha256Hex(), sha256Hex(asBytes(data)));
  // Pages given back after hashing are read again from the file.
  EXPECT_EQ(asChars(file->bytes()), data);
}

}  // namespace
}  // namespace sanso
