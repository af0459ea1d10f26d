// BlobStore opened with a database: small blobs become rows, large ones stay files, and
// callers see one store either way.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "sanso/store/blob_store.h"
#include "support/test_util.h"

namespace sanso::store {
namespace {

constexpr uint64_t kRowBytes = 1024;

// Files under the store's root (the .tmp folder included), whatever the folder.
size_t filesUnder(const std::string& root) {
  size_t count = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) ++count;
  }
  return count;
}

class BlobRowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open(dir_.file("sanso.db"));
    ASSERT_TRUE(db.isOk()) << db.status().toString();
    db_ = std::move(*db);
    auto blobs = BlobStore::open(dir_.file("blobs"), *db_, kRowBytes);
    ASSERT_TRUE(blobs.isOk()) << blobs.status().toString();
    blobs_.emplace(std::move(*blobs));
  }

  Result<BlobInfo> put(const std::string& content) {
    SANSO_ASSIGN_OR_RETURN(BlobWriter writer, blobs_->create(1 << 20));
    // In pieces, as a stream arrives.
    for (size_t at = 0; at < content.size(); at += 300) {
      SANSO_RETURN_IF_ERROR(writer.write(asBytes(std::string_view(content).substr(at, 300))));
    }
    return writer.commit();
  }

  std::string read(const std::string& hash) {
    auto fd = blobs_->openRead(hash);
    EXPECT_TRUE(fd.isOk()) << fd.status().toString();
    return fd.isOk() ? test::readToEnd(fd->get()) : "";
  }

  test::TempDir dir_;
  std::unique_ptr<Database> db_;
  std::optional<BlobStore> blobs_;
};

TEST_F(BlobRowsTest, ASmallBlobIsARowAndNoFile) {
  const std::string content(kRowBytes, 's');
  auto info = put(content);
  ASSERT_TRUE(info.isOk()) << info.status().toString();
  EXPECT_EQ(info->sha256, sha256Hex(asBytes(content)));
  EXPECT_EQ(info->size, content.size());
  EXPECT_EQ(filesUnder(blobs_->root()), 0u);
  EXPECT_EQ(read(info->sha256), content);
  EXPECT_TRUE(*blobs_->contains(info->sha256));
  EXPECT_EQ(*blobs_->list(), std::vector<std::string>{info->sha256});
  auto written = blobs_->modifiedAt(info->sha256);
  ASSERT_TRUE(written.isOk());
  EXPECT_GT(*written, 1'700'000'000);

  // Another store on the same database (another process) finds it.
  auto other = BlobStore::open(dir_.file("blobs"), *db_, kRowBytes);
  ASSERT_TRUE(other.isOk());
  EXPECT_TRUE(*other->contains(info->sha256));

  ASSERT_TRUE(blobs_->remove(info->sha256).isOk());
  ASSERT_TRUE(blobs_->remove(info->sha256).isOk());  // already gone: still fine
  EXPECT_FALSE(*blobs_->contains(info->sha256));
  EXPECT_EQ(blobs_->openRead(info->sha256).status().code(), StatusCode::kIoError);
  EXPECT_FALSE(blobs_->modifiedAt(info->sha256).isOk());
  EXPECT_TRUE(blobs_->list()->empty());
}

TEST_F(BlobRowsTest, ABlobOutgrowingARowBecomesAFile) {
  const std::string content(kRowBytes + 1, 'f');
  auto info = put(content);
  ASSERT_TRUE(info.isOk()) << info.status().toString();
  EXPECT_EQ(info->sha256, sha256Hex(asBytes(content)));
  std::string path = blobs_->root() + "/" + info->sha256.substr(0, 2) + "/" + info->sha256.substr(2);
  EXPECT_EQ(test::readFileOrDie(path), content);
  EXPECT_EQ(filesUnder(blobs_->root()), 1u);  // no temporary left
  EXPECT_EQ(read(info->sha256), content);
  EXPECT_EQ(*blobs_->list(), std::vector<std::string>{info->sha256});
  ASSERT_TRUE(blobs_->remove(info->sha256).isOk());
  EXPECT_EQ(filesUnder(blobs_->root()), 0u);
}

TEST_F(BlobRowsTest, AdoptingASmallFileStoresItsBytesAndRemovesIt) {
  test::writeFileOrDie(dir_.file("out"), "sanitized output");
  auto info = blobs_->adoptFile(dir_.file("out"), 1024);
  ASSERT_TRUE(info.isOk()) << info.status().toString();
  EXPECT_FALSE(std::filesystem::exists(dir_.file("out")));
  EXPECT_EQ(filesUnder(blobs_->root()), 0u);
  EXPECT_EQ(read(info->sha256), "sanitized output");

  test::writeFileOrDie(dir_.file("big"), std::string(2048, 'z'));
  EXPECT_EQ(blobs_->adoptFile(dir_.file("big"), 2047).status().reason(), "limit-input-size");
  EXPECT_TRUE(std::filesystem::exists(dir_.file("big")));
  EXPECT_EQ(blobs_->list()->size(), 1u);
}

TEST_F(BlobRowsTest, TheLimitHoldsForBlobsInMemory) {
  auto writer = blobs_->create(10);
  ASSERT_TRUE(writer.isOk());
  ASSERT_TRUE(writer->write(asBytes("0123456789")).isOk());
  EXPECT_EQ(writer->write(asBytes("!")).reason(), "limit-input-size");
  auto abandoned = blobs_->create(100);
  ASSERT_TRUE(abandoned->write(asBytes("never committed")).isOk());
}

TEST_F(BlobRowsTest, TheSameContentInBothTiersIsListedOnceAndRemovedFromBoth) {
  // A file written before the store had a database, and the same bytes as a row now.
  auto files_only = BlobStore::open(dir_.file("blobs"));
  ASSERT_TRUE(files_only.isOk());
  test::writeFileOrDie(dir_.file("in"), "both tiers");
  auto as_file = files_only->putFile(dir_.file("in"), 1024);
  ASSERT_TRUE(as_file.isOk());
  auto as_row = put("both tiers");
  ASSERT_TRUE(as_row.isOk());
  EXPECT_EQ(as_row->sha256, as_file->sha256);
  EXPECT_EQ(*blobs_->list(), std::vector<std::string>{as_row->sha256});
  ASSERT_TRUE(blobs_->remove(as_row->sha256).isOk());
  EXPECT_FALSE(*blobs_->contains(as_row->sha256));
  EXPECT_FALSE(*files_only->contains(as_row->sha256));
}

TEST_F(BlobRowsTest, AStagedBlobIsSavedWithTheCallersWriteOrNotAtAll) {
  test::writeFileOrDie(dir_.file("out"), "staged output");
  auto staged = blobs_->stageFile(dir_.file("out"), 1024);
  ASSERT_TRUE(staged.isOk()) << staged.status().toString();
  EXPECT_TRUE(staged->isRow());
  EXPECT_TRUE(std::filesystem::exists(dir_.file("out")));  // the caller's to remove
  const std::string hash = staged->info().sha256;
  EXPECT_FALSE(*blobs_->contains(hash));  // not before the write

  // A write that fails undoes its blob with the rest.
  Status failed = db_->write([&](Session& s) -> Status {
    SANSO_RETURN_IF_ERROR(staged->saveIn(s));
    return Status::invalidArgument("the row it belonged to could not be written");
  });
  EXPECT_FALSE(failed.isOk());
  EXPECT_FALSE(*blobs_->contains(hash));

  ASSERT_TRUE(db_->write([&](Session& s) { return staged->saveIn(s); }).isOk());
  EXPECT_EQ(read(hash), "staged output");

  // Too large for a row: a durable file at once, saveIn has nothing to do.
  const std::string big(kRowBytes + 1, 'b');
  test::writeFileOrDie(dir_.file("big"), big);
  auto file = blobs_->stageFile(dir_.file("big"), 1 << 20);
  ASSERT_TRUE(file.isOk()) << file.status().toString();
  EXPECT_FALSE(file->isRow());
  EXPECT_FALSE(std::filesystem::exists(dir_.file("big")));  // moved into the store
  EXPECT_EQ(read(file->info().sha256), big);
}

}  // namespace
}  // namespace sanso::store
