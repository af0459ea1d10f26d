#include "gateway/job_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/test_util.h"

namespace sanso::gateway::detail {
namespace {

namespace fs = std::filesystem;

ino_t inodeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_ino;
}

TEST(JobDir, IsCreatedEmptyAndRemovedWithItsContents) {
  test::TempDir root;
  std::string path;
  {
    auto dir = JobDir::create(root.path(), "worker");
    ASSERT_TRUE(dir.isOk()) << dir.status().toString();
    path = dir->path();
    EXPECT_TRUE(fs::is_directory(path));
    EXPECT_TRUE(fs::is_empty(path));
    test::writeFileOrDie(path + "/cdr.out", "output");
    fs::create_directory(path + "/held");
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(JobDir, ClearEmptiesTheKeptFilesAndRemovesEverythingElse) {
  test::TempDir root;
  auto dir = JobDir::create(root.path(), "worker");
  ASSERT_TRUE(dir.isOk()) << dir.status().toString();
  const std::string p = dir->path();
  test::writeFileOrDie(p + "/cdr.out", "the sanitized output");
  test::writeFileOrDie(p + "/other.out", "a file not named as kept");
  fs::create_directory(p + "/held");
  test::writeFileOrDie(p + "/held/attachment", "x");
  // A kept name that is not a regular file is removed, never followed.
  test::writeFileOrDie(root.file("outside"), "outside the directory");
  fs::create_symlink(root.file("outside"), p + "/text.out");
  fs::create_directory(p + "/image-pdf.out");
  const ino_t kept_inode = inodeOf(p + "/cdr.out");

  ASSERT_TRUE(dir->clear({"cdr.out", "text.out", "image-pdf.out"}).isOk());

  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(p)) left.push_back(e.path().filename().string());
  ASSERT_EQ(left, std::vector<std::string>{"cdr.out"});
  EXPECT_EQ(fs::file_size(p + "/cdr.out"), 0u);
  EXPECT_EQ(inodeOf(p + "/cdr.out"), kept_inode);
  EXPECT_EQ(test::readFileOrDie(root.file("outside")), "outside the directory");

  ASSERT_TRUE(dir->clear().isOk());  // nothing kept
  EXPECT_TRUE(fs::is_empty(p));
}

}  // namespace
}  // namespace sanso::gateway::detail
