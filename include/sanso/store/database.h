// store::Database: one SQLite file with durable settings, prepared statements with bound
// parameters, RAII transactions and versioned per-module migrations.
//
// Threads: one writer connection guarded by a mutex (SQLite admits one writer at a time
// anyway; waiting on an in-process mutex is cheaper than SQLite's busy back-off) plus a small
// pool of read-only connections, so that reads in WAL mode proceed while a write commits.
// A Transaction holds the writer for its lifetime; a ReadSession holds one reader. Statements
// belong to the session that prepared them and must not outlive it: each connection keeps the
// statements it prepared for reuse (parsing SQL is not free), and a destroyed Statement goes
// back to its connection. Neither session is reentrant: a thread holding a Transaction must
// not call begin() or write() again. Other processes may open the same file; they are
// serialized by SQLite's locks and the busy timeout.
//
// Durability: WAL with synchronous=FULL, so a committed transaction survives a crash or power
// loss, and kill -9 at any moment leaves the last committed state. Every commit costs one
// fsync (a few milliseconds on a loaded disk), so write() shares one commit among all the
// threads writing at that moment (group commit): that is the path for request handlers.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sanso/common/status.h"
#include "sanso/store/statement.h"

struct sqlite3;

namespace sanso::store {

// One schema step of a module: `sql` (one or more statements) brings it to `version`.
struct Migration {
  int64_t version = 0;
  std::string sql;
};

class Database;
class StatementCache;

// A borrowed connection: prepares statements and runs SQL written by the program.
class Session {
 public:
  // Prepares one statement (or reuses one this connection prepared from the same text);
  // parameters are bound afterwards, never spliced into `sql`.
  Result<Statement> prepare(std::string_view sql);
  // Runs SQL text (possibly several statements) that has no parameters, such as DDL.
  Status exec(const std::string& sql);
  // The rowid of the last INSERT on this connection.
  int64_t lastInsertRowid() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t changes() const;

 protected:
  Session(sqlite3* db, StatementCache* cache) : db_(db), cache_(cache) {}
  sqlite3* db_;
  StatementCache* cache_;  // null: statements are not kept
};

// A write transaction (BEGIN IMMEDIATE) on the writer connection; rolled back on destruction
// unless commit() succeeded.
class Transaction : public Session {
 public:
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // Commits; when this returns ok the changes are on stable storage.
  Status commit();

 private:
  friend class Database;
  Transaction(sqlite3* db, StatementCache* cache, std::unique_lock<std::mutex> lock)
      : Session(db, cache), lock_(std::move(lock)) {}

  std::unique_lock<std::mutex> lock_;
  bool open_ = true;
};

// A read-only snapshot on a pooled reader connection: every statement sees the same state.
class ReadSession : public Session {
 public:
  ReadSession(ReadSession&& other) noexcept;
  ReadSession& operator=(ReadSession&&) = delete;
  ReadSession(const ReadSession&) = delete;
  ReadSession& operator=(const ReadSession&) = delete;
  ~ReadSession();

 private:
  friend class Database;
  ReadSession(Database* owner, sqlite3* db, StatementCache* cache)
      : Session(db, cache), owner_(owner) {}

  Database* owner_;
};

class Database {
 public:
  struct Options {
    int busy_timeout_ms = 10000;
    int readers = 4;              // read-only connections in the pool
    size_t max_group = 256;       // most write() calls committed together
    size_t kept_statements = 64;  // prepared statements kept per connection for reuse
  };

  // Opens (creating if missing) the database file at `path` with WAL, synchronous=FULL,
  // foreign keys and SQLite's defensive mode on.
  static Result<std::unique_ptr<Database>> open(const std::string& path, Options options);
  static Result<std::unique_ptr<Database>> open(const std::string& path) {
    return open(path, Options{});
  }

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Waits for the writer connection and starts a write transaction.
  Result<Transaction> begin();
  // Waits for a reader connection and starts a read snapshot.
  Result<ReadSession> read();
  // Runs `work` in a write transaction and returns once its changes are durable, or returns
  // the error of `work` (or of the commit) with its changes undone. Calls from concurrent
  // threads share one transaction and one commit, in the order they arrived; each `work` runs
  // in its own SAVEPOINT, so one that fails undoes only itself. `work` may run on another
  // caller's thread; it sees the changes of the work before it, and must not call begin(),
  // write() or end the transaction.
  Status write(const std::function<Status(Session&)>& work);

  // Applies the migrations of `module` that the database has not recorded yet, in ascending
  // order, each in its own transaction together with its row in `schema_migrations`.
  // `migrations` must be numbered 1, 2, 3... Refuses a database whose recorded version for the
  // module is newer than the last migration given (a newer build wrote it).
  Status migrate(const std::string& module, const std::vector<Migration>& migrations);
  // The highest version recorded for `module`, 0 when none.
  Result<int64_t> schemaVersion(const std::string& module);

  const std::string& path() const { return path_; }
  // Prepared statements kept for reuse over all connections (for tests: exact only while no
  // session is open).
  size_t keptStatements() const;

 private:
  friend class ReadSession;
  struct PendingWrite;
  Database() = default;
  void releaseReader(sqlite3* db);
  void writeGroup(const std::vector<PendingWrite*>& group);
  StatementCache* cacheOf(sqlite3* db) const;

  std::string path_;
  sqlite3* writer_ = nullptr;
  std::mutex writer_mutex_;
  std::mutex readers_mutex_;
  std::condition_variable reader_available_;
  std::vector<sqlite3*> idle_readers_;
  std::vector<sqlite3*> all_readers_;
  size_t max_group_ = 1;
  std::mutex queue_mutex_;
  std::condition_variable queue_changed_;
  std::deque<PendingWrite*> queue_;  // front: the caller writing the current group
  // One per connection, made by open() and never changed afterwards (read without a lock).
  std::unordered_map<sqlite3*, std::unique_ptr<StatementCache>> caches_;
};

// A Status carrying SQLite's message for `rc` on `db` (db may be null), prefixed by `what`.
Status sqliteError(sqlite3* db, int rc, std::string_view what);

}  // namespace sanso::store
