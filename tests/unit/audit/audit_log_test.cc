#include "sanso/audit/audit_log.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <regex>
#include <set>
#include <thread>

#include "audit_test_util.h"
#include "support/test_util.h"

namespace sanso::audit {
namespace {

TEST(AuditLog, AppendsAChain) {
  sanso::test::TempDir dir;
  auto log = AuditLog::open(dir.path());
  ASSERT_TRUE(log.isOk()) << log.status().toString();
  for (int i = 1; i <= 5; ++i) {
    auto seq = (*log)->append(test::event(i));
    ASSERT_TRUE(seq.isOk()) << seq.status().toString();
    EXPECT_EQ(*seq, static_cast<uint64_t>(i));
  }
  auto report = (*log)->verify();
  ASSERT_TRUE(report.isOk());
  EXPECT_TRUE(report->intact());
  EXPECT_EQ(report->records, 5u);
  EXPECT_EQ(report->verified, 5u);

  auto session = (*log)->database().read();
  auto rows = session->prepare("SELECT time, details, prev_hash, hash FROM audit_records");
  ASSERT_TRUE(*rows->step());
  EXPECT_TRUE(std::regex_match(rows->columnText(0),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << rows->columnText(0);
  EXPECT_EQ(rows->columnText(1), R"({"i":1,"name":"報告書.docx"})");
  EXPECT_EQ(rows->columnText(2), std::string(kGenesisHash));
  std::string first_hash = rows->columnText(3);
  ASSERT_TRUE(*rows->step());
  EXPECT_EQ(rows->columnText(2), first_hash);

  struct stat st {};
  ASSERT_EQ(::stat(dir.file(kSigningKeyFile).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(AuditLog, HashCoversEveryField) {
  Record base{7,    "2026-04-01T00:00:00.000Z", "a", "lgwan", "x.y", "o",
              "{}", std::string(kGenesisHash),  {}};
  std::string hash = recordHash(base);
  EXPECT_EQ(hash.size(), 64u);
  // Moving bytes between fields changes the hash: fields are length-prefixed.
  Record shifted = base;
  shifted.actor = "al";
  shifted.zone = "gwan";
  EXPECT_NE(recordHash(shifted), hash);
  for (auto field : {&Record::time, &Record::actor, &Record::zone, &Record::action,
                     &Record::object_id, &Record::details, &Record::prev_hash}) {
    Record changed = base;
    changed.*field += "!";
    EXPECT_NE(recordHash(changed), hash);
  }
  Record other_seq = base;
  other_seq.seq = 8;
  EXPECT_NE(recordHash(other_seq), hash);
  EXPECT_EQ(formatTime(std::chrono::system_clock::time_point(std::chrono::milliseconds(1234))),
            "1970-01-01T00:00:01.234Z");
}

TEST(AuditLog, RefusesMalformedEvents) {
  sanso::test::TempDir dir;
  auto log = AuditLog::open(dir.path());
  ASSERT_TRUE(log.isOk());
  auto bad = [&](Event e) { return (*log)->append(e).status().code(); };
  Event good = test::event(1);
  Event e = good;
  e.actor = "";
  EXPECT_EQ(bad(e), StatusCode::kInvalidArgument);
  for (const char* action : {"Login", "login..success", ".login", "login.", "login success", ""}) {
    e = good;
    e.action = action;
    EXPECT_EQ(bad(e), StatusCode::kInvalidArgument) << action;
  }
  e = good;
  e.details = nlohmann::json::array();
  EXPECT_EQ(bad(e), StatusCode::kInvalidArgument);
  e = good;
  e.object_id = "line\nbreak";
  EXPECT_EQ(bad(e), StatusCode::kInvalidArgument);
  e = good;
  e.actor = "\xff\xfe";
  EXPECT_EQ(bad(e), StatusCode::kInvalidArgument);
  e = good;
  e.details = {{"bad", "\xc3"}};
  EXPECT_EQ(bad(e), StatusCode::kInvalidArgument);
  EXPECT_EQ(*(*log)->append(good), 1u);  // nothing refused took a seq
}

TEST(AuditLog, SignsCheckpointsEveryNAndOnClose) {
  sanso::test::TempDir dir;
  test::fillLog(dir.path(), 12, 5);
  VerifyReport report = test::verifyDir(dir.path());
  EXPECT_TRUE(report.intact());
  EXPECT_EQ(report.checkpoints, 3u);  // 5, 10 and 12 (on close)
  ASSERT_TRUE(report.last_checkpoint.has_value());
  EXPECT_EQ(report.last_checkpoint->seq, 12u);

  auto log = AuditLog::open(dir.path());  // reopening continues the chain
  ASSERT_TRUE(log.isOk());
  EXPECT_EQ(*(*log)->append(test::event(13)), 13u);
  ASSERT_TRUE((*log)->checkpoint().isOk());
  ASSERT_TRUE((*log)->checkpoint().isOk());  // already signed: no second row
  auto again = (*log)->verify();
  EXPECT_TRUE(again->intact());
  EXPECT_EQ(again->checkpoints, 4u);
  EXPECT_EQ(test::verifyDir(dir.path()).last_checkpoint->seq, 13u);
}

TEST(AuditLog, AppendOnlyTriggersRefuseChanges) {
  sanso::test::TempDir dir;
  test::fillLog(dir.path(), 2, 1000);
  auto db = openAuditDatabase(dir.path());
  ASSERT_TRUE(db.isOk());
  auto tx = (*db)->begin();
  EXPECT_FALSE(tx->exec("UPDATE audit_records SET actor = 'x'").isOk());
  EXPECT_FALSE(tx->exec("DELETE FROM audit_records").isOk());
  EXPECT_FALSE(tx->exec("DELETE FROM audit_checkpoints").isOk());
}

// 64 threads append at once; group commit keeps one gapless chain.
TEST(AuditLog, GroupCommitsConcurrentAppends) {
  sanso::test::TempDir dir;
  AuditLog::Options options;
  options.checkpoint_every = 1000;
  auto log = AuditLog::open(dir.path(), options);
  ASSERT_TRUE(log.isOk());
  constexpr int kThreads = 64;
  constexpr int kPerThread = 100;
  std::vector<std::vector<uint64_t>> seqs(kThreads);
  std::atomic<int> failures{0};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto seq = (*log)->append(test::event(t * kPerThread + i));
        if (seq.isOk()) {
          seqs[t].push_back(*seq);
        } else {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(failures.load(), 0);
  std::set<uint64_t> all;
  for (const auto& mine : seqs) {
    EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end()));  // one thread's order is kept
    all.insert(mine.begin(), mine.end());
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(*all.begin(), 1u);
  EXPECT_EQ(*all.rbegin(), static_cast<uint64_t>(kThreads * kPerThread));
  auto report = (*log)->verify();
  ASSERT_TRUE(report.isOk());
  EXPECT_TRUE(report->intact());
  EXPECT_EQ(report->checkpoints, 6u);
  std::printf("[ figures  ] %d durable audit appends from %d threads in %.2f s: %.0f/s\n",
              kThreads * kPerThread, kThreads, seconds, kThreads * kPerThread / seconds);
}


TEST(AuditLog, RelayedEventsAreAppendedExactlyOnce) {
  sanso::test::TempDir dir;
  auto log = AuditLog::open(dir.path());
  ASSERT_TRUE(log.isOk()) << log.status().toString();
  EXPECT_EQ(*(*log)->relayedThrough("outbox"), 0);
  std::vector<AuditLog::RelayedEvent> first = {{3, test::event(1)}, {4, test::event(2)}};
  ASSERT_TRUE((*log)->appendRelayed("outbox", first).isOk());
  EXPECT_EQ(*(*log)->relayedThrough("outbox"), 4);
  // A replay after a crash sends 3 and 4 again with the new 5: only 5 is appended.
  std::vector<AuditLog::RelayedEvent> again = {
      {3, test::event(1)}, {4, test::event(2)}, {5, test::event(3)}};
  ASSERT_TRUE((*log)->appendRelayed("outbox", again).isOk());
  ASSERT_TRUE((*log)->appendRelayed("outbox", again).isOk());
  EXPECT_EQ(*(*log)->relayedThrough("outbox"), 5);
  EXPECT_EQ(*(*log)->relayedThrough("other"), 0);
  auto report = (*log)->verify();
  ASSERT_TRUE(report.isOk());
  EXPECT_TRUE(report->intact());
  EXPECT_EQ(report->records, 3u);
}

TEST(AuditLog, InvalidRelayedEventFailsTheWholeBatch) {
  sanso::test::TempDir dir;
  auto log = AuditLog::open(dir.path());
  ASSERT_TRUE(log.isOk());
  Event bad = test::event(2);
  bad.actor.clear();
  std::vector<AuditLog::RelayedEvent> batch = {{1, test::event(1)}, {2, bad}};
  EXPECT_FALSE((*log)->appendRelayed("outbox", batch).isOk());
  EXPECT_EQ(*(*log)->relayedThrough("outbox"), 0);
  auto report = (*log)->verify();
  ASSERT_TRUE(report.isOk());
  EXPECT_EQ(report->records, 0u);
}

}  // namespace
}  // namespace sanso::audit
