// TransferWatch (long polling of a transfer's state) and the gateway's calls of it.
#include "sanso/gateway/transfer_watch.h"

#include <gtest/gtest.h>

#include <memory>

#include "gateway_fixture.h"
#include "support/ooxml_fixture.h"

namespace sanso::gateway {
namespace {

TEST(TransferWatch, WakesTheWatchersOfTheChangedTransferOnly) {
  TransferWatch watch;
  int seven = 0;
  int eight = 0;
  auto a = watch.watch(7, [&] { ++seven; });
  auto b = watch.watch(8, [&] { ++eight; });
  ASSERT_TRUE(a.active());
  ASSERT_TRUE(b.active());
  watch.changed(7);
  EXPECT_EQ(seven, 1);
  EXPECT_EQ(eight, 0);
  watch.changedAll();
  EXPECT_EQ(seven, 2);
  EXPECT_EQ(eight, 1);
  watch.changed(9);
  EXPECT_EQ(seven + eight, 3);
}

TEST(TransferWatch, AnEndedSubscriptionIsNotWokenAndFreesItsPlace) {
  TransferWatch watch;
  int woken = 0;
  {
    auto subscription = watch.watch(1, [&] { ++woken; });
    EXPECT_EQ(watch.size(), 1u);
    TransferWatch::Subscription moved = std::move(subscription);
    EXPECT_FALSE(subscription.active());  // NOLINT(bugprone-use-after-move): the point
    EXPECT_EQ(watch.size(), 1u);
  }
  EXPECT_EQ(watch.size(), 0u);
  watch.changed(1);
  EXPECT_EQ(woken, 0);
}

TEST(TransferWatch, IsBoundedAndOutlivedSafelyBySubscriptions) {
  auto watch = std::make_unique<TransferWatch>();
  std::vector<TransferWatch::Subscription> held;
  for (size_t i = 0; i < TransferWatch::kMaxWatchers; ++i) {
    held.push_back(watch->watch(static_cast<int64_t>(i), [] {}));
    ASSERT_TRUE(held.back().active());
  }
  EXPECT_FALSE(watch->watch(1, [] {}).active());
  held.pop_back();
  EXPECT_TRUE(watch->watch(1, [] {}).active());
  watch.reset();
  held.clear();  // unregisters from a watch that is gone: nothing happens
}

using GatewayWatchTest = GatewayFixture;

TEST_F(GatewayWatchTest, WakesWaitersWhenTheWorkerAndTheDownloadChangeTheTransfer) {
  test::DocxSpec spec;
  spec.body_xml = "<w:p><w:r><w:t>お知らせ</w:t></w:r></w:p>";
  int64_t id = send("internet", "lgwan", test::buildDocx(spec), "a.docx", 2);
  ASSERT_NE(id, 0);
  int woken = 0;
  auto subscription = gateway_->watch().watch(id, [&] { ++woken; });
  auto done = gateway_->runPending();
  ASSERT_TRUE(done.isOk()) << done.status().toString();
  ASSERT_EQ(asSender(id, "internet").state, TransferState::kAvailable);
  EXPECT_GE(woken, 2);  // claimed (sanitizing), then available
  const int before = woken;
  ASSERT_TRUE(gateway_->download({bob_.id, "lgwan"}, id).isOk());
  EXPECT_GT(woken, before);
  const int after_download = woken;
  ASSERT_TRUE(gateway_->runRetention().isOk());
  EXPECT_GT(woken, after_download);
}

}  // namespace
}  // namespace sanso::gateway
