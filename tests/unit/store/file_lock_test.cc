#include "sanso/store/file_lock.h"

#include <gtest/gtest.h>

#include "support/test_util.h"

namespace sanso::store {
namespace {

TEST(StoreFileLock, OneHolderAtATime) {
  test::TempDir dir;
  std::string path = dir.file("data.lock");
  {
    auto first = FileLock::acquire(path);
    ASSERT_TRUE(first.isOk()) << first.status().toString();
    auto second = FileLock::acquire(path);
    ASSERT_FALSE(second.isOk());
    EXPECT_EQ(second.status().reason(), "locked");
  }
  EXPECT_TRUE(FileLock::acquire(path).isOk());  // released with the first holder
}

}  // namespace
}  // namespace sanso::store
