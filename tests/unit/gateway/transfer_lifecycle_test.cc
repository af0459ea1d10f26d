// Crash recovery, retention and file names.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "gateway_fixture.h"

namespace sanso::gateway {
namespace {

using TransferLifecycleTest = GatewayFixture;

TEST_F(TransferLifecycleTest, InterruptedSanitizingResumesAfterReopen) {
  int64_t id = send("internet", "lgwan", "お知らせ\n", "a.txt");
  // What kill -9 during sanitization leaves behind: the row claimed, a stray job directory.
  ASSERT_TRUE(db_->write([&](store::Session& s) {
                   return s.exec("UPDATE transfers SET state = 'sanitizing' WHERE id = " +
                                 std::to_string(id));
                 })
                  .isOk());
  test::writeFileOrDie(dir_.file("work/stray"), "half-written");
  openGateway(2);
  EXPECT_FALSE(test::fileExists(dir_.file("work/stray")));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (asSender(id, "internet").state != TransferState::kAvailable &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(asSender(id, "internet").state, TransferState::kAvailable);
  auto timeline = gateway_->timeline({alice_.id, "internet"}, id);
  ASSERT_TRUE(timeline.isOk());
  bool resumed = false;
  for (const auto& e : *timeline) resumed |= e.message.find("再起動") != std::string::npos;
  EXPECT_TRUE(resumed);
}

TEST_F(TransferLifecycleTest, RetentionExpiresThenPurges) {
  int64_t id = send("internet", "lgwan", "お知らせ\n", "a.txt");
  ASSERT_TRUE(gateway_->runPending().isOk());
  ASSERT_EQ(blobs_->list()->size(), 2u);  // encrypted original + sanitized output
  ASSERT_TRUE(gateway_->runRetention().isOk());
  EXPECT_EQ(asSender(id, "internet").state, TransferState::kAvailable);

  now_ += 8 * 86400;  // past transfers_days (7)
  EXPECT_TRUE(gateway_->inbox({bob_.id, "lgwan"})->empty());
  ASSERT_TRUE(gateway_->runRetention().isOk());
  EXPECT_EQ(asSender(id, "internet").state, TransferState::kExpired);
  EXPECT_EQ(blobs_->list()->size(), 1u);  // the original stays for originals_days (30)
  EXPECT_TRUE(gateway_->releaseOriginal({sec_.id, "lgwan"}, id, "調査").isOk());

  now_ += 30 * 86400;
  ASSERT_TRUE(gateway_->runRetention().isOk());
  EXPECT_EQ(asSender(id, "internet").state, TransferState::kPurged);
  EXPECT_TRUE(blobs_->list()->empty());
  EXPECT_EQ(gateway_->releaseOriginal({sec_.id, "lgwan"}, id, "調査").status().reason(),
            "original-purged");
  EXPECT_EQ(auditCount("transfer.expire"), 1);
  EXPECT_EQ(auditCount("transfer.purge"), 1);
}

TEST_F(TransferLifecycleTest, DeclaredNamesAreMadeSafe) {
  std::string long_stem(300, 'a');
  struct Case {
    std::string declared, expected;
  } cases[] = {
      {"C:\\Users\\x\\..\\報告.pdf", "報告.pdf"},
      {"a\x01\nb\xe2\x80\xaex.txt", "abx.txt"},
      {"..", "file"},
      {long_stem + ".xlsx", std::string(195, 'a') + ".xlsx"},
      {"bad\xff\xfe.csv", "bad.csv"},
  };
  for (const Case& c : cases) {
    Actor alice{alice_.id, "internet"};
    auto created = gateway_->create(alice, {"lgwan", {bob_.id}, {}, "", 0});
    ASSERT_TRUE(created.isOk());
    std::string path = dir_.file("in.txt");
    test::writeFileOrDie(path, "x\n");
    auto uploaded = gateway_->upload(alice, created->id, path, c.declared);
    ASSERT_TRUE(uploaded.isOk()) << uploaded.status().toString();
    EXPECT_EQ(uploaded->file_name, c.expected);
    EXPECT_EQ(gateway_->upload(alice, created->id, path, "again.txt").status().code(),
              StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace sanso::gateway
