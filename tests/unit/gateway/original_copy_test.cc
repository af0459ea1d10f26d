#include "gateway/original_copy.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "sanso/common/file_io.h"
#include "support/test_data.h"
#include "support/test_util.h"

namespace sanso::gateway::detail {
namespace {

class OriginalCopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto blobs = store::BlobStore::open(dir_.file("blobs"));
    ASSERT_TRUE(blobs.isOk());
    blobs_.emplace(std::move(blobs).value());
    auto box = store::SecretBox::open(dir_.file("originals.key"));
    ASSERT_TRUE(box.isOk());
    box_.emplace(std::move(box).value());
    std::filesystem::create_directory(work());
  }

  std::string seal(const std::string& data) {
    test::writeFileOrDie(dir_.file("plain"), data);
    auto info = box_->encryptFile(dir_.file("plain"), *blobs_, UINT64_MAX);
    EXPECT_TRUE(info.isOk()) << info.status().toString();
    return info.isOk() ? info->sha256 : std::string();
  }

  std::string work() { return dir_.file("work"); }

  size_t filesInWork() {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(work())) ++n;
    return n;
  }

  test::TempDir dir_;
  std::optional<store::BlobStore> blobs_;
  std::optional<store::SecretBox> box_;
};

TEST_F(OriginalCopyTest, ASmallOriginalStaysInMemory) {
  const std::string data = test::patternBytes(300000);
  std::string hash = seal(data);
  {
    auto copy = OriginalCopy::decrypt(*box_, *blobs_, hash, data.size(), work());
    ASSERT_TRUE(copy.isOk()) << copy.status().toString();
    EXPECT_TRUE(copy->path().starts_with("/proc/self/fd/")) << copy->path();
    EXPECT_EQ(filesInWork(), 0u);
    auto read = readFile(copy->path(), UINT64_MAX);
    ASSERT_TRUE(read.isOk());
    EXPECT_EQ(*read, data);
    // Stored twice: both blobs are the plaintext, whatever was read before.
    for (int i = 0; i < 2; ++i) {
      auto stored = copy->stage(*blobs_, UINT64_MAX);  // a store of files: durable at once
      ASSERT_TRUE(stored.isOk()) << stored.status().toString();
      EXPECT_FALSE(stored->isRow());
      EXPECT_EQ(stored->info().size, data.size());
      const std::string& sha256 = stored->info().sha256;
      EXPECT_EQ(
          test::readFileOrDie(blobs_->root() + "/" + sha256.substr(0, 2) + "/" + sha256.substr(2)),
          data);
    }
  }
}

TEST_F(OriginalCopyTest, ALargeOriginalGoesToTheJobDirectoryAndIsMovedIntoTheStore) {
  const std::string data = test::patternBytes(OriginalCopy::kMaxInMemoryBytes + 1);
  std::string hash = seal(data);
  auto copy = OriginalCopy::decrypt(*box_, *blobs_, hash, data.size(), work());
  ASSERT_TRUE(copy.isOk()) << copy.status().toString();
  EXPECT_EQ(copy->path(), work() + "/original");
  EXPECT_EQ(test::readFileOrDie(copy->path()), data);
  auto stored = copy->stage(*blobs_, UINT64_MAX);
  ASSERT_TRUE(stored.isOk()) << stored.status().toString();
  EXPECT_EQ(stored->info().size, data.size());
  EXPECT_EQ(filesInWork(), 0u);
}

TEST_F(OriginalCopyTest, ATamperedBlobGivesNoCopy) {
  const std::string data = test::patternBytes(5000);
  std::string hash = seal(data);
  std::string path = blobs_->root() + "/" + hash.substr(0, 2) + "/" + hash.substr(2);
  std::string sealed = test::readFileOrDie(path);
  sealed[sealed.size() / 2] ^= 1;
  std::filesystem::permissions(path, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  test::writeFileOrDie(path, sealed);
  for (uint64_t size : {uint64_t{5000}, OriginalCopy::kMaxInMemoryBytes + 1}) {
    auto copy = OriginalCopy::decrypt(*box_, *blobs_, hash, size, work());
    EXPECT_FALSE(copy.isOk());
    EXPECT_EQ(filesInWork(), 0u);
  }
}

TEST_F(OriginalCopyTest, AdoptsAFileByItsDescriptor) {
  const std::string data = test::patternBytes(7000);
  test::writeFileOrDie(dir_.file("upload"), data);
  store::UniqueFd fd(::open(dir_.file("upload").c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(fd.valid());
  std::filesystem::remove(dir_.file("upload"));  // the HTTP layer removes its file at once
  auto copy = OriginalCopy::adopt(std::move(fd));
  ASSERT_TRUE(copy.isOk()) << copy.status().toString();
  EXPECT_TRUE(copy->path().starts_with("/proc/self/fd/")) << copy->path();
  EXPECT_EQ(test::readFileOrDie(copy->path()), data);
  auto stored = copy->stage(*blobs_, UINT64_MAX);
  ASSERT_TRUE(stored.isOk()) << stored.status().toString();
  EXPECT_EQ(stored->info().size, data.size());
  EXPECT_EQ(filesInWork(), 0u);
}

TEST_F(OriginalCopyTest, AdoptingNoDescriptorFails) {
  EXPECT_FALSE(OriginalCopy::adopt(store::UniqueFd()).isOk());
}

}  // namespace
}  // namespace sanso::gateway::detail
