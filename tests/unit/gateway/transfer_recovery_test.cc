// Start-up recovery: what kill -9 leaves behind (claimed rows, partial uploads, blob
// temporaries, unreferenced or missing blobs) is put right when the gateway opens, and audited.
#include <gtest/gtest.h>

#include <filesystem>

#include "gateway_fixture.h"
#include "sanso/store/file_lock.h"

namespace sanso::gateway {
namespace {

namespace fs = std::filesystem;

class TransferRecoveryTest : public GatewayFixture {
 protected:
  // What a worker killed mid-job leaves: the row claimed once more.
  void claimAndCrash(int64_t id) {
    ASSERT_TRUE(db_->write([&](store::Session& s) {
                     return s.exec(
                         "UPDATE transfers SET state = 'sanitizing', attempts = attempts + 1 "
                         "WHERE id = " +
                         std::to_string(id));
                   })
                    .isOk());
  }

  std::string lastTimelineMessage(int64_t id, const std::string& zone) {
    auto timeline = gateway_->timeline({alice_.id, zone}, id);
    EXPECT_TRUE(timeline.isOk() && !timeline->empty());
    return timeline.isOk() && !timeline->empty() ? timeline->back().message : "";
  }

  // A committed blob that no row refers to (what a crash before the row's commit leaves).
  std::string plantOrphan(const std::string& content) {
    std::string path = dir_.file("orphan.bin");
    test::writeFileOrDie(path, content);
    auto blob = blobs_->putFile(path, 2 << 20);
    EXPECT_TRUE(blob.isOk());
    return blob.isOk() ? blob->sha256 : "";
  }

  // runPending()'s count, -1 on error.
  int pending() {
    auto done = gateway_->runPending();
    EXPECT_TRUE(done.isOk()) << done.status().toString();
    return done.isOk() ? *done : -1;
  }

  size_t temporaries() {
    size_t n = 0;
    for (const auto& entry : fs::directory_iterator(dir_.file("blobs/.tmp"))) {
      (void)entry;
      ++n;
    }
    return n;
  }
};

TEST_F(TransferRecoveryTest, InterruptedJobIsResumedThenBlockedWhenItKeepsCrashing) {
  int64_t id = send("internet", "lgwan", "お知らせ\n", "a.txt");
  for (int crash = 1; crash < 3; ++crash) {
    claimAndCrash(id);
    openGateway(0);
    EXPECT_EQ(asSender(id, "internet").state, TransferState::kUploaded) << crash;
    EXPECT_NE(lastTimelineMessage(id, "internet").find("再起動"), std::string::npos);
  }
  claimAndCrash(id);  // the third claim that never finished
  openGateway(0);
  Transfer t = asSender(id, "internet");
  EXPECT_EQ(t.state, TransferState::kBlocked);
  EXPECT_NE(t.reason.find("サーバーが停止"), std::string::npos) << t.reason;
  EXPECT_EQ(auditCount("transfer.recover"), 3);
  EXPECT_EQ(pending(), 0);
  EXPECT_TRUE(gateway_->inbox({bob_.id, "lgwan"})->empty());
}

TEST_F(TransferRecoveryTest, ResumedJobFinishesAndCountsOneAttempt) {
  int64_t id = send("internet", "lgwan", "お知らせ\n", "a.txt");
  claimAndCrash(id);
  openGateway(0);
  ASSERT_EQ(pending(), 1);
  EXPECT_EQ(asSender(id, "internet").state, TransferState::kAvailable);
  auto download = gateway_->download({bob_.id, "lgwan"}, id);
  ASSERT_TRUE(download.isOk()) << download.status().toString();
  EXPECT_EQ(readAll(*download), "お知らせ\n");
}

TEST_F(TransferRecoveryTest, PartialUploadIsRemovedAndToldToTheSender) {
  Actor alice{alice_.id, "internet"};
  auto created = gateway_->create(alice, {"lgwan", {bob_.id}, {}, "", 0});
  ASSERT_TRUE(created.isOk());
  std::string partial = dir_.file("uploads/up-" + std::to_string(created->id) + "-0a1b-1.bin");
  test::writeFileOrDie(partial, "half of a file");
  test::writeFileOrDie(dir_.file("uploads/up-999999-0a1b-2.bin"), "no such transfer");
  openGateway(0);
  EXPECT_FALSE(test::fileExists(partial));
  EXPECT_TRUE(fs::is_empty(dir_.file("uploads")));
  EXPECT_EQ(asSender(created->id, "internet").state, TransferState::kCreated);
  EXPECT_NE(lastTimelineMessage(created->id, "internet").find("中断"), std::string::npos);
  EXPECT_EQ(auditCount("recovery.temporaries"), 1);
  EXPECT_EQ(auditCount("transfer.recover"), 1);
  // The sender uploads again and the transfer goes through.
  std::string path = dir_.file("again.txt");
  test::writeFileOrDie(path, "全文\n");
  ASSERT_TRUE(gateway_->upload(alice, created->id, path, "a.txt").isOk());
  ASSERT_EQ(pending(), 1);
  EXPECT_EQ(asSender(created->id, "internet").state, TransferState::kAvailable);
}

TEST_F(TransferRecoveryTest, UnreferencedBlobsAndTemporariesGoReferencedOnesStay) {
  int64_t id = send("internet", "lgwan", "お知らせ\n", "a.txt");
  ASSERT_EQ(pending(), 1);
  std::vector<std::string> referenced = *blobs_->list();
  ASSERT_EQ(referenced.size(), 2u);
  std::string orphan = plantOrphan("written, then the server died before the row");
  test::writeFileOrDie(dir_.file("blobs/.tmp/blob-crashed"), "partial");
  openGateway(0);
  EXPECT_EQ(*blobs_->list(), referenced);
  EXPECT_FALSE(*blobs_->contains(orphan));
  EXPECT_EQ(temporaries(), 0u);
  EXPECT_EQ(auditCount("blob.remove_orphans"), 1);
  EXPECT_EQ(auditCount("recovery.temporaries"), 1);
  auto download = gateway_->download({bob_.id, "lgwan"}, id);
  ASSERT_TRUE(download.isOk()) << download.status().toString();
  EXPECT_EQ(readAll(*download), "お知らせ\n");
  // Nothing to do: no further records.
  openGateway(0);
  EXPECT_EQ(auditCount("blob.remove_orphans"), 1);
  EXPECT_EQ(auditCount("recovery.temporaries"), 1);
}

TEST_F(TransferRecoveryTest, RetentionCollectsOrphansOnlyAfterTheGracePeriod) {
  send("internet", "lgwan", "お知らせ\n", "a.txt");
  ASSERT_EQ(pending(), 1);
  // One of each tier: a small blob is a database row, a large one a file.
  std::string row = plantOrphan("left by a failed write");
  std::string file = plantOrphan(std::string(kMaxBlobRowBytes + 1, 'x'));
  ASSERT_TRUE(gateway_->runRetention().isOk());
  // Young: they might be about to be referred to.
  EXPECT_TRUE(*blobs_->contains(row));
  EXPECT_TRUE(*blobs_->contains(file));
  std::string path = blobs_->root() + "/" + file.substr(0, 2) + "/" + file.substr(2);
  fs::last_write_time(path, fs::last_write_time(path) - std::chrono::hours(2));
  Status aged = db_->write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(
        store::Statement st,
        s.prepare("UPDATE blob_rows SET written_at = written_at - 7200 WHERE hash = ?1"));
    SANSO_RETURN_IF_ERROR(st.bindText(1, row));
    return st.run();
  });
  ASSERT_TRUE(aged.isOk()) << aged.toString();
  ASSERT_TRUE(gateway_->runRetention().isOk());
  EXPECT_FALSE(*blobs_->contains(row));
  EXPECT_FALSE(*blobs_->contains(file));
  EXPECT_EQ(blobs_->list()->size(), 2u);
  EXPECT_EQ(auditCount("blob.remove_orphans"), 1);
}

TEST_F(TransferRecoveryTest, MissingBlobStopsTheTransferInsteadOfFailingDownloads) {
  int64_t id = send("internet", "lgwan", "お知らせ\n", "a.txt");
  ASSERT_EQ(pending(), 1);
  ASSERT_EQ(gateway_->inbox({bob_.id, "lgwan"})->size(), 1u);
  auto download = gateway_->download({bob_.id, "lgwan"}, id);
  ASSERT_TRUE(download.isOk());
  ASSERT_TRUE(blobs_->remove(download->sha256).isOk());  // e.g. a restore without its blobs
  openGateway(0);
  Transfer t = asSender(id, "internet");
  EXPECT_EQ(t.state, TransferState::kBlocked);
  EXPECT_NE(t.reason.find("見つからない"), std::string::npos) << t.reason;
  EXPECT_TRUE(gateway_->inbox({bob_.id, "lgwan"})->empty());
  EXPECT_EQ(auditCount("transfer.recover"), 1);
}

TEST_F(TransferRecoveryTest, FailedJobIsRequeuedThenBlocked) {
  int64_t id = send("internet", "lgwan", "お知らせ\n", "a.txt");
  // The environment fails every job: its working directory cannot be made (a file is where
  // the work folder should be).
  fs::remove_all(dir_.file("work"));
  test::writeFileOrDie(dir_.file("work"), "not a directory");
  for (int attempt = 1; attempt < 3; ++attempt) {
    EXPECT_FALSE(gateway_->runPending().isOk());
    EXPECT_EQ(asSender(id, "internet").state, TransferState::kUploaded) << attempt;
  }
  EXPECT_FALSE(gateway_->runPending().isOk());
  Transfer t = asSender(id, "internet");
  EXPECT_EQ(t.state, TransferState::kBlocked);
  EXPECT_NE(t.reason.find("エラー"), std::string::npos) << t.reason;
  EXPECT_EQ(auditCount("transfer.recover"), 3);
  fs::remove(dir_.file("work"));
  fs::create_directories(dir_.file("work"));
}

TEST_F(TransferRecoveryTest, SecondGatewayOnTheSameBlobStoreIsRefused) {
  GatewayDeps deps{.db = *db_,
                   .blobs = *blobs_,
                   .secret_box = *box_,
                   .audit = *audit_,
                   .accounts = *accounts_,
                   .pack = *pack_,
                   .scanner = scanner_.get(),
                   .engine_options = {},
                   .work_dir = dir_.file("work2"),
                   .workers = 0};
  auto second = Gateway::open(std::move(deps));
  ASSERT_FALSE(second.isOk());
  EXPECT_EQ(second.status().reason(), "locked");
}

// kill -9 after a change committed with its audit event but before the event reached the
// chain: the event waits in the outbox and is appended, once, by the next open.
TEST_F(TransferRecoveryTest, AuditEventOfACommittedChangeSurvivesACrashBeforeTheChain) {
  int64_t id = send("internet", "lgwan", "本文\n", "memo.txt");
  int64_t downloads_before = auditCount("transfer.download");
  gateway_.reset();
  ASSERT_TRUE(db_->write([&](store::Session& s) {
                   return s.exec(
                       "INSERT INTO audit_outbox (actor, zone, action, object_id, details) "
                       "VALUES ('7', 'lgwan', 'transfer.download', 'transfer:" +
                       std::to_string(id) + "', '{\"size\":5}')");
                 })
                  .isOk());
  openGateway(0);
  EXPECT_EQ(auditCount("transfer.download"), downloads_before + 1);
  gateway_.reset();
  openGateway(0);  // appended and cleaned up: never twice
  EXPECT_EQ(auditCount("transfer.download"), downloads_before + 1);
  auto session = db_->read();
  ASSERT_TRUE(session.isOk());
  auto left = session->prepare("SELECT count(*) FROM audit_outbox");
  ASSERT_TRUE(left.isOk() && *left->step());
  EXPECT_EQ(left->columnInt64(0), 0);
  auto report = audit_->verify();
  ASSERT_TRUE(report.isOk());
  EXPECT_TRUE(report->intact());
}

}  // namespace
}  // namespace sanso::gateway
