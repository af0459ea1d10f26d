// FileSink: buffered writes that reach the file whole, and every failure as a Status.
#include "text/file_sink.h"

#include <gtest/gtest.h>

#include "support/test_util.h"

namespace sanso::sanitize::text {
namespace {

TEST(TextFileSink, WritesSmallAndLargePiecesInOrder) {
  test::TempDir dir;
  const std::string path = dir.file("out");
  test::writeFileOrDie(path, "old content that must be truncated");
  auto sink = FileSink::open(path);
  ASSERT_TRUE(sink.isOk()) << sink.status().toString();
  std::string expected;
  // Pieces below, at and above the buffer size, so that every write path runs.
  for (size_t size : {size_t{1}, size_t{0}, size_t{70000}, size_t{3}, size_t{65536}, size_t{65535},
                      size_t{200000}, size_t{7}}) {
    const std::string piece(size, static_cast<char>('a' + expected.size() % 26));
    ASSERT_TRUE(sink->write(piece).isOk());
    expected += piece;
  }
  ASSERT_TRUE(sink->close().isOk());
  EXPECT_EQ(test::readFileOrDie(path), expected);
}

TEST(TextFileSink, EmptyOutputCreatesAnEmptyFile) {
  test::TempDir dir;
  auto sink = FileSink::open(dir.file("out"));
  ASSERT_TRUE(sink.isOk());
  ASSERT_TRUE(sink->close().isOk());
  EXPECT_EQ(test::readFileOrDie(dir.file("out")), "");
}

TEST(TextFileSink, OpenFailureIsAnIoError) {
  test::TempDir dir;
  auto sink = FileSink::open(dir.file("missing/out"));
  ASSERT_FALSE(sink.isOk());
  EXPECT_EQ(sink.status().code(), StatusCode::kIoError);
}

TEST(TextFileSink, WriteFailureIsReportedByCloseWhenBuffered) {
  if (!test::fileExists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  auto sink = FileSink::open("/dev/full");
  ASSERT_TRUE(sink.isOk());
  ASSERT_TRUE(sink->write("small").isOk());  // still in the buffer
  Status closed = sink->close();
  EXPECT_EQ(closed.code(), StatusCode::kIoError) << closed.toString();
}

TEST(TextFileSink, WriteFailureIsReportedByWriteWhenTheBufferFills) {
  if (!test::fileExists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  auto sink = FileSink::open("/dev/full");
  ASSERT_TRUE(sink.isOk());
  Status written = sink->write(std::string(100000, 'x'));
  EXPECT_EQ(written.code(), StatusCode::kIoError) << written.toString();
}

TEST(TextFileSink, UseAfterCloseIsAnError) {
  test::TempDir dir;
  auto sink = FileSink::open(dir.file("out"));
  ASSERT_TRUE(sink.isOk());
  ASSERT_TRUE(sink->close().isOk());
  EXPECT_FALSE(sink->write("x").isOk());
  EXPECT_FALSE(sink->close().isOk());
}

}  // namespace
}  // namespace sanso::sanitize::text
