#include "gateway/original_handoff.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "support/test_util.h"

namespace sanso::gateway::detail {
namespace {

using std::chrono::hours;
using std::chrono::nanoseconds;

OriginalHandoff::Bounds bounds(uint64_t max_bytes, uint64_t max_file_bytes, size_t max_files,
                               OriginalHandoff::Clock::duration max_age) {
  return {max_bytes, max_file_bytes, max_files, max_age};
}

// A read-only descriptor of a fresh file holding `data`.
store::UniqueFd fileWith(test::TempDir& dir, const std::string& name, const std::string& data) {
  test::writeFileOrDie(dir.file(name), data);
  return store::UniqueFd(::open(dir.file(name).c_str(), O_RDONLY | O_CLOEXEC));
}

TEST(OriginalHandoffTest, HandsTheFileToTheJobOfItsTransferOnce) {
  test::TempDir dir;
  OriginalHandoff handoff(bounds(1000, 100, 10, hours(1)));
  handoff.offer(7, fileWith(dir, "a", "plain"), 5, "hash-a");
  EXPECT_EQ(handoff.heldBytes(), 5u);
  EXPECT_FALSE(handoff.take(8, 5, "hash-a").has_value());  // another transfer
  auto taken = handoff.take(7, 5, "hash-a");
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(test::readToEnd(taken->get()), "plain");
  EXPECT_FALSE(handoff.take(7, 5, "hash-a").has_value());
  EXPECT_EQ(handoff.heldBytes(), 0u);
}

TEST(OriginalHandoffTest, AFileThatIsNotTheRecordedOneIsDropped) {
  test::TempDir dir;
  OriginalHandoff handoff(bounds(1000, 100, 10, hours(1)));
  handoff.offer(1, fileWith(dir, "a", "plain"), 5, "hash-a");
  handoff.offer(2, fileWith(dir, "b", "plain"), 5, "hash-b");
  EXPECT_FALSE(handoff.take(1, 5, "hash-other").has_value());
  EXPECT_FALSE(handoff.take(2, 6, "hash-b").has_value());
  EXPECT_EQ(handoff.heldBytes(), 0u);  // gone either way
  EXPECT_FALSE(handoff.take(1, 5, "hash-a").has_value());
}

TEST(OriginalHandoffTest, HoldsNoMoreThanItsBounds) {
  test::TempDir dir;
  OriginalHandoff handoff(bounds(10, 6, 10, hours(1)));
  handoff.offer(1, fileWith(dir, "big", "1234567"), 7, "h1");  // above the per-file bound
  EXPECT_EQ(handoff.heldBytes(), 0u);
  handoff.offer(2, fileWith(dir, "a", "123456"), 6, "h2");
  handoff.offer(3, fileWith(dir, "b", "12345"), 5, "h3");  // 11 > 10: declined
  handoff.offer(4, fileWith(dir, "c", "1234"), 4, "h4");
  EXPECT_EQ(handoff.heldBytes(), 10u);
  EXPECT_FALSE(handoff.take(3, 5, "h3").has_value());
  EXPECT_TRUE(handoff.take(2, 6, "h2").has_value());
  EXPECT_TRUE(handoff.take(4, 4, "h4").has_value());
  handoff.offer(5, store::UniqueFd(), 1, "h5");  // no descriptor
  EXPECT_EQ(handoff.heldBytes(), 0u);
}

TEST(OriginalHandoffTest, TheFirstOfferForATransferStays) {
  test::TempDir dir;
  OriginalHandoff handoff(bounds(100, 100, 10, hours(1)));
  handoff.offer(1, fileWith(dir, "a", "first"), 5, "h-first");
  handoff.offer(1, fileWith(dir, "b", "other"), 5, "h-other");
  EXPECT_EQ(handoff.heldBytes(), 5u);
  auto taken = handoff.take(1, 5, "h-first");
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(test::readToEnd(taken->get()), "first");
}

TEST(OriginalHandoffTest, HoldsNoMoreFilesThanItsBound) {
  test::TempDir dir;
  OriginalHandoff handoff(bounds(1000, 100, 2, hours(1)));
  handoff.offer(1, fileWith(dir, "a", ""), 0, "h1");  // empty files hold a descriptor too
  handoff.offer(2, fileWith(dir, "b", "x"), 1, "h2");
  handoff.offer(3, fileWith(dir, "c", "y"), 1, "h3");
  EXPECT_EQ(handoff.heldFiles(), 2u);
  EXPECT_FALSE(handoff.take(3, 1, "h3").has_value());
  EXPECT_TRUE(handoff.take(1, 0, "h1").has_value());
  handoff.offer(3, fileWith(dir, "c", "y"), 1, "h3");
  EXPECT_TRUE(handoff.take(3, 1, "h3").has_value());
}

TEST(OriginalHandoffTest, OldEntriesAreDroppedByTheNextOffer) {
  test::TempDir dir;
  OriginalHandoff handoff(bounds(100, 100, 10, nanoseconds(0)));  // all held is old at once
  handoff.offer(1, fileWith(dir, "a", "12345678"), 8, "h1");
  EXPECT_EQ(handoff.heldBytes(), 8u);
  handoff.offer(2, fileWith(dir, "b", "12345"), 5, "h2");
  EXPECT_EQ(handoff.heldBytes(), 5u);
  EXPECT_EQ(handoff.heldFiles(), 1u);
  EXPECT_FALSE(handoff.take(1, 8, "h1").has_value());
  EXPECT_TRUE(handoff.take(2, 5, "h2").has_value());
}

TEST(OriginalHandoffTest, ForgetDropsOnlyTheOfferItNames) {
  test::TempDir dir;
  OriginalHandoff handoff(bounds(100, 100, 10, hours(1)));
  handoff.offer(1, fileWith(dir, "a", "abc"), 3, "h1");
  handoff.forget(2, "h1");
  handoff.forget(1, "h-of-a-losing-upload");
  EXPECT_EQ(handoff.heldBytes(), 3u);
  handoff.forget(1, "h1");
  EXPECT_EQ(handoff.heldBytes(), 0u);
  EXPECT_EQ(handoff.heldFiles(), 0u);
  EXPECT_FALSE(handoff.take(1, 3, "h1").has_value());
}

}  // namespace
}  // namespace sanso::gateway::detail
