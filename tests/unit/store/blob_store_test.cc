#include "sanso/store/blob_store.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "support/test_util.h"

namespace sanso::store {
namespace {

size_t countTemporaries(const std::string& root) {
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root + "/.tmp")) {
    (void)entry;
    ++count;
  }
  return count;
}

TEST(StoreBlob, StoresByContentHash) {
  test::TempDir dir;
  auto blobs = BlobStore::open(dir.file("blobs"));
  ASSERT_TRUE(blobs.isOk()) << blobs.status().toString();
  test::writeFileOrDie(dir.file("in"), "hello blob");
  auto info = blobs->putFile(dir.file("in"), 1024);
  ASSERT_TRUE(info.isOk()) << info.status().toString();
  EXPECT_EQ(info->sha256, sha256Hex(asBytes("hello blob")));
  EXPECT_EQ(info->size, 10u);
  std::string path = dir.file("blobs/" + info->sha256.substr(0, 2) + "/" + info->sha256.substr(2));
  EXPECT_EQ(test::readFileOrDie(path), "hello blob");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto again = blobs->putFile(dir.file("in"), 1024);  // same content: same blob
  ASSERT_TRUE(again.isOk());
  EXPECT_EQ(again->sha256, info->sha256);
  auto fd = blobs->openRead(info->sha256);
  ASSERT_TRUE(fd.isOk());
  EXPECT_EQ(test::readToEnd(fd->get()), "hello blob");
  EXPECT_TRUE(*blobs->contains(info->sha256));
  EXPECT_EQ(countTemporaries(blobs->root()), 0u);
}

TEST(StoreBlob, StreamsFromFdUnderALimit) {
  test::TempDir dir;
  auto blobs = BlobStore::open(dir.file("blobs"));
  std::string big(300 * 1024, 'x');
  test::writeFileOrDie(dir.file("big"), big);
  int fd = ::open(dir.file("big").c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  auto refused = blobs->putFd(fd, big.size() - 1);
  ::close(fd);
  EXPECT_TRUE(refused.status().isBlocked());
  EXPECT_EQ(refused.status().reason(), "limit-input-size");
  EXPECT_EQ(countTemporaries(blobs->root()), 0u);
  EXPECT_TRUE(blobs->list()->empty());

  fd = ::open(dir.file("big").c_str(), O_RDONLY);
  auto stored = blobs->putFd(fd, big.size());
  ::close(fd);
  ASSERT_TRUE(stored.isOk());
  EXPECT_EQ(stored->size, big.size());
  EXPECT_EQ(stored->sha256, sha256Hex(asBytes(big)));
}

TEST(StoreBlob, AdoptsAWorkingFileByMovingIt) {
  test::TempDir dir;
  auto blobs = BlobStore::open(dir.file("blobs"));
  ASSERT_TRUE(blobs.isOk());
  std::string content(300 * 1024, 'y');  // more than one read buffer
  test::writeFileOrDie(dir.file("out"), content);
  ::chmod(dir.file("out").c_str(), 0644);
  struct stat before {};
  ASSERT_EQ(::stat(dir.file("out").c_str(), &before), 0);

  auto info = blobs->adoptFile(dir.file("out"), content.size());
  ASSERT_TRUE(info.isOk()) << info.status().toString();
  EXPECT_EQ(info->sha256, sha256Hex(asBytes(content)));
  EXPECT_EQ(info->size, content.size());
  EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
  std::string path = dir.file("blobs/" + info->sha256.substr(0, 2) + "/" + info->sha256.substr(2));
  struct stat after {};
  ASSERT_EQ(::stat(path.c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino);  // moved, not copied
  EXPECT_EQ(after.st_mode & 0777, 0600u);
  auto fd = blobs->openRead(info->sha256);
  ASSERT_TRUE(fd.isOk());
  EXPECT_EQ(test::readToEnd(fd->get()), content);
  EXPECT_EQ(countTemporaries(blobs->root()), 0u);
}

TEST(StoreBlob, AdoptCopiesAFileWithAnotherNameAndRefusesOneTooLarge) {
  test::TempDir dir;
  auto blobs = BlobStore::open(dir.file("blobs"));
  ASSERT_TRUE(blobs.isOk());
  test::writeFileOrDie(dir.file("out"), "shared content");
  ASSERT_EQ(::link(dir.file("out").c_str(), dir.file("other-name").c_str()), 0);
  auto info = blobs->adoptFile(dir.file("out"), 1024);
  ASSERT_TRUE(info.isOk()) << info.status().toString();
  EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
  // Writing through the other name cannot change the blob.
  test::writeFileOrDie(dir.file("other-name"), "changed later");
  auto fd = blobs->openRead(info->sha256);
  ASSERT_TRUE(fd.isOk());
  EXPECT_EQ(test::readToEnd(fd->get()), "shared content");

  test::writeFileOrDie(dir.file("big"), std::string(2048, 'z'));
  auto refused = blobs->adoptFile(dir.file("big"), 2047);
  EXPECT_EQ(refused.status().reason(), "limit-input-size");
  EXPECT_TRUE(std::filesystem::exists(dir.file("big")));
  EXPECT_EQ(blobs->list()->size(), 1u);
  EXPECT_EQ(countTemporaries(blobs->root()), 0u);
}

TEST(StoreBlob, RejectsNamesThatAreNotHashes) {
  test::TempDir dir;
  auto blobs = BlobStore::open(dir.file("blobs"));
  const std::string valid(64, 'a');
  EXPECT_TRUE(isValidBlobHash(valid));
  for (std::string bad : {std::string("../../etc/passwd"), std::string(63, 'a'),
                          std::string(65, 'a'), std::string(64, 'A'), std::string(64, 'g'),
                          std::string("aa/") + std::string(61, 'a'), std::string()}) {
    EXPECT_FALSE(isValidBlobHash(bad)) << bad;
    EXPECT_EQ(blobs->openRead(bad).status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(blobs->remove(bad).code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(blobs->contains(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(blobs->openRead(valid).status().code(), StatusCode::kIoError);
  EXPECT_FALSE(*blobs->contains(valid));
}

TEST(StoreBlob, ListsAndRemoves) {
  test::TempDir dir;
  auto blobs = BlobStore::open(dir.file("blobs"));
  std::vector<std::string> hashes;
  for (const char* content : {"one", "two", "three"}) {
    auto writer = blobs->create(100);
    ASSERT_TRUE(writer.isOk());
    ASSERT_TRUE(writer->write(asBytes(content)).isOk());
    auto info = writer->commit();
    ASSERT_TRUE(info.isOk());
    hashes.push_back(info->sha256);
  }
  std::sort(hashes.begin(), hashes.end());
  test::writeFileOrDie(dir.file("blobs/stray-file"), "ignored by list");
  EXPECT_EQ(*blobs->list(), hashes);
  ASSERT_TRUE(blobs->remove(hashes[1]).isOk());
  ASSERT_TRUE(blobs->remove(hashes[1]).isOk());  // already gone: still fine
  EXPECT_EQ(blobs->list()->size(), 2u);
  EXPECT_FALSE(*blobs->contains(hashes[1]));
  auto modified = blobs->modifiedAt(hashes[0]);
  ASSERT_TRUE(modified.isOk());
  EXPECT_GT(*modified, 1'700'000'000);
  EXPECT_FALSE(blobs->modifiedAt(hashes[1]).isOk());
}

TEST(StoreBlob, AbandonedWritesLeaveNothing) {
  test::TempDir dir;
  auto blobs = BlobStore::open(dir.file("blobs"));
  {
    auto writer = blobs->create(100);
    ASSERT_TRUE(writer->write(asBytes("never committed")).isOk());
    EXPECT_EQ(countTemporaries(blobs->root()), 1u);
  }
  EXPECT_EQ(countTemporaries(blobs->root()), 0u);
  // What a killed writer leaves behind is cleaned up later.
  test::writeFileOrDie(dir.file("blobs/.tmp/blob-crashed"), "partial");
  EXPECT_EQ(*blobs->removeTemporaries(std::chrono::hours(1)), 0u);
  EXPECT_EQ(countTemporaries(blobs->root()), 1u);
  EXPECT_EQ(*blobs->removeTemporaries(std::chrono::seconds(0)), 1u);
  EXPECT_EQ(countTemporaries(blobs->root()), 0u);
  EXPECT_TRUE(blobs->list()->empty());
}

}  // namespace
}  // namespace sanso::store
