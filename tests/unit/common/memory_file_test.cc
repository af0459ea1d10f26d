#include "sanso/common/memory_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sanso/common/file_io.h"

namespace sanso {
namespace {

TEST(MemoryFile, IsARegularFileThatOpensByName) {
  auto file = MemoryFile::create("test");
  ASSERT_TRUE(file.isOk()) << file.status().toString();
  ASSERT_GE(file->fd(), 0);
  EXPECT_TRUE(file->path().starts_with("/proc/self/fd/"));
  const std::string data = "役所の文書\n";
  ASSERT_EQ(::write(file->fd(), data.data(), data.size()), static_cast<ssize_t>(data.size()));
  // Opened by name: its own offset, the whole content, a regular file (mmap works).
  auto read = readFile(file->path(), 1 << 20);
  ASSERT_TRUE(read.isOk()) << read.status().toString();
  EXPECT_EQ(*read, data);
  struct stat st {};
  ASSERT_EQ(::fstat(file->fd(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(static_cast<size_t>(st.st_size), data.size());
  // Moved: one owner of the descriptor.
  MemoryFile moved = std::move(*file);
  EXPECT_EQ(file->fd(), -1);
  EXPECT_EQ(*readFile(moved.path(), 1 << 20), data);
}

}  // namespace
}  // namespace sanso
