#include "sanso/audit/outbox.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "audit_test_util.h"
#include "sanso/audit/export.h"
#include "support/test_util.h"

namespace sanso::audit {
namespace {

using namespace std::chrono_literals;

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::Database::open(dir_.file("module.db"));
    ASSERT_TRUE(db.isOk()) << db.status().toString();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->write([](store::Session& s) {
                     return s.exec(
                         "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "actor TEXT NOT NULL, zone TEXT NOT NULL, action TEXT NOT NULL, "
                         "object_id TEXT NOT NULL, details TEXT NOT NULL)");
                   }).isOk());
    auto log = AuditLog::open(dir_.path());
    ASSERT_TRUE(log.isOk()) << log.status().toString();
    log_ = std::move(*log);
  }

  std::unique_ptr<Outbox> openOutbox() {
    auto outbox = std::make_unique<Outbox>(*db_, *log_, "module", "outbox");
    EXPECT_TRUE(outbox->open().isOk());
    return outbox;
  }

  // Commits event `i` into the outbox, as a step's transaction does; returns its id.
  int64_t commit(Outbox& outbox, int i) {
    int64_t id = 0;
    EXPECT_TRUE(db_->write([&](store::Session& s) -> Status {
                     SANSO_ASSIGN_OR_RETURN(id, outbox.add(s, test::event(i)));
                     return Status::ok();
                   }).isOk());
    return id;
  }

  size_t chained() {
    auto records = recentRecords(log_->database(), 0, 1000);
    EXPECT_TRUE(records.isOk()) << records.status().toString();
    return records.isOk() ? records->size() : 0;
  }

  sanso::test::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<AuditLog> log_;
};

TEST_F(OutboxTest, WithoutTheRelayThreadRelaySoonAppendsBeforeItReturns) {
  auto outbox = openOutbox();
  int64_t id = commit(*outbox, 1);
  EXPECT_EQ(chained(), 0u);
  ASSERT_TRUE(outbox->relaySoon(id).isOk());
  EXPECT_EQ(chained(), 1u);
}

TEST_F(OutboxTest, TheRelayThreadAppendsWhatWasAskedForInOneGo) {
  auto outbox = openOutbox();
  outbox->startRelaying(20ms);
  int64_t last = 0;
  for (int i = 1; i <= 5; ++i) last = commit(*outbox, i);
  ASSERT_TRUE(outbox->relaySoon(last).isOk());
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (chained() < 5 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(chained(), 5u);
  EXPECT_TRUE(log_->verify()->intact());
}

TEST_F(OutboxTest, CatchUpAppendsAtOnceAndTheDestructorAppendsTheRest) {
  auto outbox = openOutbox();
  outbox->startRelaying(1h);  // the thread would wait an hour: only catch-ups append
  ASSERT_TRUE(outbox->relaySoon(commit(*outbox, 1)).isOk());
  ASSERT_TRUE(outbox->relaySoon(commit(*outbox, 2)).isOk());
  ASSERT_TRUE(log_->catchUp().isOk());
  EXPECT_EQ(chained(), 2u);
  ASSERT_TRUE(outbox->relaySoon(commit(*outbox, 3)).isOk());
  EXPECT_EQ(chained(), 2u);
  outbox.reset();
  EXPECT_EQ(chained(), 3u);
  EXPECT_TRUE(log_->catchUp().isOk());  // the outbox is gone: nothing registered any more
  // Each event once: a new outbox on the same tables finds nothing left to append.
  auto reopened = openOutbox();
  EXPECT_EQ(chained(), 3u);
}

TEST_F(OutboxTest, ADirectAppendFollowsTheEventsCommittedBeforeIt) {
  auto outbox = openOutbox();
  outbox->startRelaying(1h);
  ASSERT_TRUE(outbox->relaySoon(commit(*outbox, 1)).isOk());
  ASSERT_TRUE(log_->append(test::event(2)).isOk());
  auto records = recentRecords(log_->database(), 0, 10);  // newest first
  ASSERT_TRUE(records.isOk());
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].object_id, "T-2");
  EXPECT_EQ((*records)[1].object_id, "T-1");
}

TEST_F(OutboxTest, VerifyCatchesUpFirst) {
  auto outbox = openOutbox();
  outbox->startRelaying(1h);
  ASSERT_TRUE(outbox->relaySoon(commit(*outbox, 1)).isOk());
  auto report = log_->verify();
  ASSERT_TRUE(report.isOk());
  EXPECT_EQ(report->records, 1u);
}

// While the chain refuses appends the relay thread counts its failures (the server's health
// check reports them); the events wait in the outbox and go through once it works again.
TEST_F(OutboxTest, RelayFailuresAreCountedUntilAnAppendSucceeds) {
  auto outbox = openOutbox();
  outbox->startRelaying(1ms);
  auto rename = [&](const char* from, const char* to) {
    ASSERT_TRUE(log_->database()
                    .write([&](store::Session& s) {
                      return s.exec(std::string("ALTER TABLE ") + from + " RENAME TO " + to);
                    })
                    .isOk());
  };
  auto waitFor = [](auto&& done) {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);
    }
    return done();
  };
  EXPECT_EQ(outbox->failingAppends(), 0u);
  rename("audit_relay", "audit_relay_away");  // the chain can no longer record its progress
  ASSERT_TRUE(outbox->relaySoon(commit(*outbox, 1)).isOk());
  ASSERT_TRUE(waitFor([&] { return outbox->failingAppends() > 0; }));
  rename("audit_relay_away", "audit_relay");
  ASSERT_TRUE(waitFor([&] { return outbox->failingAppends() == 0; }));
  EXPECT_EQ(chained(), 1u);
}

}  // namespace
}  // namespace sanso::audit
