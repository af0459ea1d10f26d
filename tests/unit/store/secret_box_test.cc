#include "sanso/store/secret_box.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/test_data.h"
#include "support/test_util.h"

namespace sanso::store {
namespace {

std::string blobPath(const BlobStore& blobs, const std::string& hash) {
  return blobs.root() + "/" + hash.substr(0, 2) + "/" + hash.substr(2);
}

class StoreSecretBox : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = BlobStore::open(dir_.file("blobs"));
    ASSERT_TRUE(opened.isOk());
    blobs_.emplace(std::move(opened).value());
    auto box = SecretBox::open(dir_.file("keys/originals.key"));
    ASSERT_TRUE(box.isOk()) << box.status().toString();
    box_.emplace(std::move(box).value());
  }

  BlobInfo encrypt(const std::string& data) {
    test::writeFileOrDie(dir_.file("plain"), data);
    auto info = box_->encryptFile(dir_.file("plain"), *blobs_, 1 << 24);
    EXPECT_TRUE(info.isOk()) << info.status().toString();
    return info.isOk() ? *info : BlobInfo{};
  }

  test::TempDir dir_;
  std::optional<BlobStore> blobs_;
  std::optional<SecretBox> box_;
};

TEST_F(StoreSecretBox, RoundTripsAllChunkBoundaries) {
  for (size_t size : {size_t{0}, size_t{1}, size_t{65535}, size_t{65536}, size_t{65537},
                      size_t{131072}, size_t{200000}}) {
    std::string data = test::patternBytes(size);
    BlobInfo info = encrypt(data);
    std::string sealed = test::readFileOrDie(blobPath(*blobs_, info.sha256));
    if (size >= 64) {
      EXPECT_EQ(sealed.find(data.substr(0, 64)), std::string::npos);
    }
    size_t chunks = std::max<size_t>(1, (size + 65535) / 65536);
    EXPECT_EQ(sealed.size(), 8 + 24 + size + 17 * chunks);
    ASSERT_TRUE(box_->decryptToFile(*blobs_, info.sha256, dir_.file("out")).isOk()) << size;
    EXPECT_EQ(test::readFileOrDie(dir_.file("out")), data) << size;
  }
}

TEST_F(StoreSecretBox, TamperedBlobIsRefusedAndWritesNothing) {
  BlobInfo info = encrypt(test::patternBytes(150000));
  std::string path = blobPath(*blobs_, info.sha256);
  std::string sealed = test::readFileOrDie(path);

  std::string flipped = sealed;
  flipped[70000] = static_cast<char>(flipped[70000] ^ 1);
  test::writeFileOrDie(path, flipped);
  Status status = box_->decryptToFile(*blobs_, info.sha256, dir_.file("out"));
  EXPECT_EQ(status.reason(), "decrypt-failed");
  EXPECT_FALSE(test::fileExists(dir_.file("out")));

  // Dropping the final chunk: every remaining chunk authenticates, the stream is still cut.
  test::writeFileOrDie(path, sealed.substr(0, 8 + 24 + 2 * (65536 + 17)));
  status = box_->decryptToFile(*blobs_, info.sha256, dir_.file("out"));
  EXPECT_EQ(status.reason(), "decrypt-failed");
  EXPECT_NE(status.message().find("truncated"), std::string::npos) << status.message();
  EXPECT_FALSE(test::fileExists(dir_.file("out")));

  test::writeFileOrDie(path, sealed + "extra");
  EXPECT_EQ(box_->decryptToFile(*blobs_, info.sha256, dir_.file("out")).reason(), "decrypt-failed");
  EXPECT_FALSE(test::fileExists(dir_.file("out")));
}

TEST_F(StoreSecretBox, OtherKeyCannotDecrypt) {
  BlobInfo info = encrypt("secret original");
  auto other = SecretBox::open(dir_.file("keys/other.key"));
  ASSERT_TRUE(other.isOk());
  EXPECT_EQ(other->decryptToFile(*blobs_, info.sha256, dir_.file("out")).reason(),
            "decrypt-failed");
  EXPECT_FALSE(test::fileExists(dir_.file("out")));
}

TEST_F(StoreSecretBox, EnforcesThePlaintextLimit) {
  test::writeFileOrDie(dir_.file("plain"), test::patternBytes(100000));
  auto refused = box_->encryptFile(dir_.file("plain"), *blobs_, 99999);
  EXPECT_EQ(refused.status().reason(), "limit-input-size");
  EXPECT_TRUE(blobs_->list()->empty());
}

TEST(StoreKeyFile, CreatesPrivateKeyOnce) {
  test::TempDir dir;
  std::string path = dir.file("keys/k.key");
  auto first = loadOrCreateKeyFile(path);
  ASSERT_TRUE(first.isOk()) << first.status().toString();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  ASSERT_EQ(::stat(dir.file("keys").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  auto second = loadOrCreateKeyFile(path);
  ASSERT_TRUE(second.isOk());
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(first->data()), 32),
            std::string(reinterpret_cast<const char*>(second->data()), 32));
}

TEST(StoreKeyFile, RefusesUnsafeKeyFiles) {
  test::TempDir dir;
  std::string path = dir.file("k.key");
  ASSERT_TRUE(loadOrCreateKeyFile(path).isOk());
  ::chmod(path.c_str(), 0640);
  EXPECT_EQ(loadKeyFile(path).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(loadOrCreateKeyFile(path).status().code(), StatusCode::kInvalidArgument);
  ::chmod(path.c_str(), 0600);
  EXPECT_TRUE(loadKeyFile(path).isOk());

  test::writeFileOrDie(dir.file("short.key"), std::string(31, 'k'));
  ::chmod(dir.file("short.key").c_str(), 0600);
  EXPECT_EQ(loadKeyFile(dir.file("short.key")).status().code(), StatusCode::kInvalidArgument);

  ASSERT_EQ(::symlink(path.c_str(), dir.file("link.key").c_str()), 0);
  EXPECT_FALSE(loadKeyFile(dir.file("link.key")).isOk());
  EXPECT_FALSE(loadKeyFile(dir.file("missing.key")).isOk());
}

}  // namespace
}  // namespace sanso::store
