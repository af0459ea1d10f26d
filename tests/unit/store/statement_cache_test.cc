// Prepared statements are kept per connection and reused: a reused statement starts without
// the previous user's bindings or read position, the same SQL can be open twice at once, and
// schema changes are picked up.
#include <gtest/gtest.h>

#include "sanso/store/database.h"
#include "support/test_util.h"

namespace sanso::store {
namespace {

std::unique_ptr<Database> openOrDie(const std::string& path, Database::Options options = {}) {
  auto db = Database::open(path, options);
  EXPECT_TRUE(db.isOk()) << db.status().toString();
  return std::move(db).value();
}

const std::vector<Migration> kItems = {
    {1, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)"},
};

Status insert(Database& db, int64_t id, const std::string& name) {
  return db.write([&](Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(Statement st, s.prepare("INSERT INTO items (id, name) VALUES (?1, ?2)"));
    SANSO_RETURN_IF_ERROR(st.bindInt64(1, id));
    SANSO_RETURN_IF_ERROR(st.bindText(2, name));
    return st.run();
  });
}

TEST(StoreStatementCache, ReusesStatementsWithoutTheirOldBindings) {
  test::TempDir dir;
  auto db = openOrDie(dir.file("x.db"));
  ASSERT_TRUE(db->migrate("items", kItems).isOk());
  ASSERT_TRUE(insert(*db, 1, "one").isOk());
  ASSERT_TRUE(insert(*db, 2, "two").isOk());
  const size_t kept = db->keptStatements();
  ASSERT_TRUE(insert(*db, 3, "three").isOk());
  EXPECT_EQ(db->keptStatements(), kept) << "the INSERT was prepared again instead of reused";

  const char* kSelect = "SELECT name FROM items WHERE id = ?1";
  {
    auto session = db->read();
    ASSERT_TRUE(session.isOk());
    auto st = session->prepare(kSelect);
    ASSERT_TRUE(st.isOk());
    ASSERT_TRUE(st->bindInt64(1, 2).isOk());
    ASSERT_TRUE(*st->step());
    EXPECT_EQ(st->columnText(0), "two");
    // Left in the middle of a read: the next user must not see this position.
  }
  for (int round = 0; round < 3; ++round) {
    auto session = db->read();
    ASSERT_TRUE(session.isOk());
    auto st = session->prepare(kSelect);
    ASSERT_TRUE(st.isOk());
    // Without a binding the parameter is NULL, not the previous user's 2: no row.
    auto row = st->step();
    ASSERT_TRUE(row.isOk());
    EXPECT_FALSE(*row);
  }
}

TEST(StoreStatementCache, TheSameSqlCanBeOpenTwiceAtOnce) {
  test::TempDir dir;
  auto db = openOrDie(dir.file("x.db"));
  ASSERT_TRUE(db->migrate("items", kItems).isOk());
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(insert(*db, i, "n" + std::to_string(i)).isOk());
  auto tx = db->begin();
  ASSERT_TRUE(tx.isOk());
  const char* kSelect = "SELECT id FROM items ORDER BY id";
  auto outer = tx->prepare(kSelect);
  ASSERT_TRUE(outer.isOk());
  int pairs = 0;
  while (*outer->step()) {
    auto inner = tx->prepare(kSelect);
    ASSERT_TRUE(inner.isOk());
    while (*inner->step()) ++pairs;
  }
  EXPECT_EQ(pairs, 9);
}

TEST(StoreStatementCache, KeptStatementsSeeSchemaChanges) {
  test::TempDir dir;
  auto db = openOrDie(dir.file("x.db"));
  ASSERT_TRUE(db->migrate("items", kItems).isOk());
  ASSERT_TRUE(insert(*db, 1, "one").isOk());
  auto third = [&]() -> std::string {
    auto session = db->read();
    EXPECT_TRUE(session.isOk());
    auto st = session->prepare("SELECT * FROM items");
    EXPECT_TRUE(st.isOk());
    EXPECT_TRUE(*st->step());
    return st->columnText(2);
  };
  EXPECT_EQ(third(), "");  // no third column yet
  std::vector<Migration> more = kItems;
  more.push_back({2, "ALTER TABLE items ADD COLUMN extra TEXT DEFAULT 'x'"});
  ASSERT_TRUE(db->migrate("items", more).isOk());
  EXPECT_EQ(third(), "x");
}

TEST(StoreStatementCache, CanBeTurnedOff) {
  test::TempDir dir;
  Database::Options options;
  options.kept_statements = 0;
  auto db = openOrDie(dir.file("x.db"), options);
  ASSERT_TRUE(db->migrate("items", kItems).isOk());
  ASSERT_TRUE(insert(*db, 1, "one").isOk());
  EXPECT_EQ(db->keptStatements(), 0u);
}

}  // namespace
}  // namespace sanso::store
