#include "sanso/store/database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "support/test_util.h"

namespace sanso::store {
namespace {

std::unique_ptr<Database> openOrDie(const std::string& path) {
  auto db = Database::open(path);
  EXPECT_TRUE(db.isOk()) << db.status().toString();
  return std::move(db).value();
}

int64_t queryInt(Database& db, const std::string& sql) {
  auto session = db.read();
  EXPECT_TRUE(session.isOk()) << session.status().toString();
  auto stmt = session->prepare(sql);
  EXPECT_TRUE(stmt.isOk()) << stmt.status().toString();
  auto row = stmt->step();
  EXPECT_TRUE(row.isOk() && *row) << sql;
  return stmt->columnInt64(0);
}

const std::vector<Migration> kItems = {
    {1, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE, data BLOB)"},
};

TEST(StoreDatabase, OpensDurably) {
  test::TempDir dir;
  auto db = openOrDie(dir.file("x.db"));
  auto tx = db->begin();
  ASSERT_TRUE(tx.isOk());
  auto mode = tx->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.isOk());
  ASSERT_TRUE(*mode->step());
  EXPECT_EQ(mode->columnText(0), "wal");
  auto sync = tx->prepare("PRAGMA synchronous");
  ASSERT_TRUE(*sync->step());
  EXPECT_EQ(sync->columnInt64(0), 2);  // FULL
  auto fk = tx->prepare("PRAGMA foreign_keys");
  ASSERT_TRUE(*fk->step());
  EXPECT_EQ(fk->columnInt64(0), 1);
}

TEST(StoreDatabase, MigratesOncePerVersion) {
  test::TempDir dir;
  auto db = openOrDie(dir.file("x.db"));
  ASSERT_TRUE(db->migrate("items", kItems).isOk());
  ASSERT_TRUE(db->migrate("items", kItems).isOk());  // nothing to do
  EXPECT_EQ(*db->schemaVersion("items"), 1);
  auto more = kItems;
  more.push_back(
      {2, "ALTER TABLE items ADD COLUMN note TEXT; CREATE INDEX items_note ON items(note)"});
  ASSERT_TRUE(db->migrate("items", more).isOk());
  EXPECT_EQ(*db->schemaVersion("items"), 2);
  EXPECT_EQ(*db->schemaVersion("other"), 0);
  EXPECT_EQ(queryInt(*db, "SELECT COUNT(*) FROM schema_migrations WHERE module = 'items'"), 2);
}

TEST(StoreDatabase, RefusesNewerSchema) {
  test::TempDir dir;
  auto db = openOrDie(dir.file("x.db"));
  auto more = kItems;
  more.push_back({2, "ALTER TABLE items ADD COLUMN note TEXT"});
  ASSERT_TRUE(db->migrate("items", more).isOk());
  Status older = db->migrate("items", kItems);
  EXPECT_EQ(older.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(older.message().find("newer"), std::string::npos);
}

TEST(StoreDatabase, FailedMigrationLeavesPreviousVersion) {
  test::TempDir dir;
  auto db = openOrDie(dir.file("x.db"));
  auto broken = kItems;
  broken.push_back({2, "CREATE TABLE fine (x); CREATE TABLE broken (syntax error here"});
  EXPECT_FALSE(db->migrate("items", broken).isOk());
  EXPECT_EQ(*db->schemaVersion("items"), 1);
  EXPECT_EQ(queryInt(*db, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'fine'"), 0);
  EXPECT_EQ(db->migrate("items", {{2, "CREATE TABLE x (y)"}}).code(), StatusCode::kInternal)
      << "migrations must be numbered from 1";
}

TEST(StoreDatabase, BindsParametersAsValues) {
  test::TempDir dir;
  auto db = openOrDie(dir.file("x.db"));
  ASSERT_TRUE(db->migrate("items", kItems).isOk());
  const std::string hostile = "x'); DROP TABLE items; --";
  const std::vector<uint8_t> bytes = {0, 1, 0, 255};
  {
    auto tx = db->begin();
    ASSERT_TRUE(tx.isOk());
    auto insert = tx->prepare("INSERT INTO items (name, data) VALUES (?, ?)");
    ASSERT_TRUE(insert.isOk());
    ASSERT_TRUE(insert->bindText(1, hostile).isOk());
    ASSERT_TRUE(insert->bindBlob(2, bytes).isOk());
    ASSERT_TRUE(insert->run().isOk());
    ASSERT_TRUE(insert->reset().isOk());
    ASSERT_TRUE(insert->bindText(1, "empty").isOk());
    ASSERT_TRUE(insert->bindNull(2).isOk());
    ASSERT_TRUE(insert->run().isOk());
    EXPECT_EQ(tx->lastInsertRowid(), 2);
    ASSERT_TRUE(tx->commit().isOk());
  }
  auto session = db->read();
  ASSERT_TRUE(session.isOk());
  auto select = session->prepare("SELECT name, data FROM items ORDER BY id");
  ASSERT_TRUE(*select->step());
  EXPECT_EQ(select->columnText(0), hostile);
  EXPECT_EQ(select->columnBlob(1), bytes);
  ASSERT_TRUE(*select->step());
  EXPECT_TRUE(select->columnIsNull(1));
  EXPECT_FALSE(*select->step());
}

TEST(StoreDatabase, ErrorsAreStatuses) {
  test::TempDir dir;
  auto db = openOrDie(dir.file("x.db"));
  ASSERT_TRUE(db->migrate("items", kItems).isOk());
  auto tx = db->begin();
  EXPECT_EQ(tx->prepare("SELEC nonsense").status().code(), StatusCode::kInternal);
  auto insert = tx->prepare("INSERT INTO items (name) VALUES (?)");
  ASSERT_TRUE(insert->bindText(1, "same").isOk());
  ASSERT_TRUE(insert->run().isOk());
  ASSERT_TRUE(insert->reset().isOk());
  Status duplicate = insert->run();
  EXPECT_TRUE(duplicate.isBlocked());
  EXPECT_EQ(duplicate.reason(), "db-constraint");
  EXPECT_NE(duplicate.message().find("UNIQUE"), std::string::npos) << duplicate.message();
  EXPECT_EQ(insert->bindInt64(7, 1).code(), StatusCode::kInternal);
  EXPECT_FALSE(Database::open(dir.path() + "/missing/dir/x.db").isOk());
}

TEST(StoreDatabase, UncommittedTransactionRollsBack) {
  test::TempDir dir;
  auto db = openOrDie(dir.file("x.db"));
  ASSERT_TRUE(db->migrate("items", kItems).isOk());
  {
    auto tx = db->begin();
    ASSERT_TRUE(tx->exec("INSERT INTO items (name) VALUES ('lost')").isOk());
  }
  EXPECT_EQ(queryInt(*db, "SELECT COUNT(*) FROM items"), 0);
}

TEST(StoreDatabase, ReadSessionIsASnapshot) {
  test::TempDir dir;
  auto db = openOrDie(dir.file("x.db"));
  ASSERT_TRUE(db->migrate("items", kItems).isOk());
  auto session = db->read();
  ASSERT_TRUE(session.isOk());
  auto count = [&] {
    auto stmt = session->prepare("SELECT COUNT(*) FROM items");
    EXPECT_TRUE(*stmt->step());
    return stmt->columnInt64(0);
  };
  EXPECT_EQ(count(), 0);
  auto tx = db->begin();
  ASSERT_TRUE(tx->exec("INSERT INTO items (name) VALUES ('new')").isOk());
  ASSERT_TRUE(tx->commit().isOk());  // a writer commits while the reader holds its snapshot
  EXPECT_EQ(count(), 0);
}

TEST(StoreDatabase, GroupWriteIsolatesFailures) {
  test::TempDir dir;
  auto db = openOrDie(dir.file("x.db"));
  ASSERT_TRUE(db->migrate("items", kItems).isOk());
  auto insert = [&](const std::string& name, bool fail_after) {
    return db->write([&](Session& session) -> Status {
      SANSO_ASSIGN_OR_RETURN(auto stmt, session.prepare("INSERT INTO items (name) VALUES (?)"));
      SANSO_RETURN_IF_ERROR(stmt.bindText(1, name));
      SANSO_RETURN_IF_ERROR(stmt.run());
      if (fail_after) return Status::invalidArgument("changed my mind");
      return Status::ok();
    });
  };
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 32; ++t) {
    threads.emplace_back([&, t] {
      // t = 3, 11, 19, 27 fail after inserting; t = 7, 15, 23, 31 insert "dup", and all but
      // the first of those collide.
      Status status = t % 8 == 7 ? insert("dup", false) : insert(std::to_string(t), t % 4 == 3);
      if (status.isOk()) ++ok;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 32 - 4 - 3);
  EXPECT_EQ(queryInt(*db, "SELECT COUNT(*) FROM items"), ok.load());
  EXPECT_EQ(queryInt(*db, "SELECT COUNT(*) FROM items WHERE CAST(name AS INTEGER) % 4 = 3"), 0);
}

// The gateway's load: many threads, each writing a few rows, every write durable on return.
TEST(StoreDatabase, ConcurrentDurableWrites) {
  test::TempDir dir;
  auto db = openOrDie(dir.file("x.db"));
  ASSERT_TRUE(db->migrate("items", kItems).isOk());
  constexpr int kThreads = 16;
  constexpr int kWrites = 60;
  constexpr int kRows = 5;
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        Status status = db->write([&](Session& session) -> Status {
          SANSO_ASSIGN_OR_RETURN(auto stmt, session.prepare("INSERT INTO items (name) VALUES (?)"));
          for (int r = 0; r < kRows; ++r) {
            SANSO_RETURN_IF_ERROR(stmt.bindText(
                1, std::to_string(t) + "-" + std::to_string(i) + "-" + std::to_string(r)));
            SANSO_RETURN_IF_ERROR(stmt.run());
            SANSO_RETURN_IF_ERROR(stmt.reset());
          }
          return Status::ok();
        });
        if (!status.isOk()) ++failures;
        (void)queryInt(*db, "SELECT COUNT(*) FROM items");  // readers run alongside
      }
    });
  }
  for (auto& thread : threads) thread.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(queryInt(*db, "SELECT COUNT(*) FROM items"), kThreads * kWrites * kRows);
  std::printf(
      "[ figures  ] %d durable writes of %d rows (+1 read each), %d threads: %.2f s, "
      "%.0f writes/s\n",
      kThreads * kWrites, kRows, kThreads, seconds, kThreads * kWrites / seconds);
}

}  // namespace
}  // namespace sanso::store
