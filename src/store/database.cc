#include "sanso/store/database.h"

#include <sqlite3.h>

#include <algorithm>
#include <utility>

#include "statement_cache.h"

namespace sanso::store {
namespace {

// Runs parameterless SQL written by the program.
Status execSql(sqlite3* db, const char* sql, std::string_view what) {
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return Status::ok();
  std::string message = error != nullptr ? error : sqlite3_errstr(rc);
  sqlite3_free(error);
  std::string text = std::string(what) + ": " + message;
  int primary = rc & 0xff;
  if (primary == SQLITE_ERROR || primary == SQLITE_MISUSE) return Status::internal(text);
  return Status::ioError(text);
}

// Runs one parameterless statement written by the program, through the connection's kept
// statements when it has them: transaction control runs several times per request, and
// parsing it again every time showed in profiles (docs/performance.md).
Status runKept(sqlite3* db, StatementCache* cache, std::string_view sql, std::string_view what) {
  if (cache == nullptr) return execSql(db, std::string(sql).c_str(), what);
  sqlite3_stmt* stmt = cache->take(sql);
  if (stmt == nullptr) {
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return sqliteError(db, rc, what);
    if (stmt == nullptr) return Status::internal(std::string(what) + ": no statement");
  }
  int rc = sqlite3_step(stmt);
  Status status = Status::ok();
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::string text = std::string(what) + ": " + sqlite3_errmsg(db);
    int primary = rc & 0xff;
    status = primary == SQLITE_ERROR || primary == SQLITE_MISUSE ? Status::internal(text)
                                                                 : Status::ioError(text);
  }
  cache->give(stmt);  // resets it
  return status;
}

Result<sqlite3*> openConnection(const std::string& path, bool writer, int busy_timeout_ms) {
  int flags = SQLITE_OPEN_NOMUTEX |
              (writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY);
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status status = sqliteError(db, rc, "cannot open " + path);
    sqlite3_close_v2(db);
    return status;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  // Programs cannot corrupt the file through SQL, and schema code is never trusted.
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  Status status = Status::ok();
  if (writer) {
    status = execSql(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON",
                     "configure " + path);
    if (status.isOk() && sqlite3_db_readonly(db, "main") != 0) {
      status = Status::ioError(path + " is read-only");
    }
  }
  if (!status.isOk()) {
    sqlite3_close_v2(db);
    return status;
  }
  return db;
}

}  // namespace

Status sqliteError(sqlite3* db, int rc, std::string_view what) {
  const char* detail =
      db != nullptr && sqlite3_extended_errcode(db) == rc ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string message = std::string(what) + ": " + detail;
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return Status::blocked("db-constraint", message);
    case SQLITE_ERROR:
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
    case SQLITE_INTERNAL:
      return Status::internal(message);
    default:
      return Status::ioError(message);
  }
}

Result<Statement> Session::prepare(std::string_view sql) {
  if (cache_ != nullptr) {
    if (sqlite3_stmt* kept = cache_->take(sql)) return Statement(db_, kept, cache_);
  }
  sqlite3_stmt* stmt = nullptr;
  const unsigned flags = cache_ != nullptr ? SQLITE_PREPARE_PERSISTENT : 0;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), flags, &stmt, nullptr);
  if (rc != SQLITE_OK) return sqliteError(db_, rc, "prepare");
  if (stmt == nullptr) return Status::internal("prepare: no statement in SQL text");
  return Statement(db_, stmt, cache_);
}

Status Session::exec(const std::string& sql) { return execSql(db_, sql.c_str(), "exec"); }

int64_t Session::lastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }

int64_t Session::changes() const { return sqlite3_changes64(db_); }

Transaction::Transaction(Transaction&& other) noexcept
    : Session(other.db_, other.cache_),
      lock_(std::move(other.lock_)),
      open_(std::exchange(other.open_, false)) {}

Transaction::~Transaction() {
  if (open_ && sqlite3_get_autocommit(db_) == 0) {
    (void)runKept(db_, cache_, "ROLLBACK", "rollback");
  }
}

Status Transaction::commit() {
  if (!open_) return Status::internal("commit: transaction already finished");
  SANSO_RETURN_IF_ERROR(runKept(db_, cache_, "COMMIT", "commit"));
  open_ = false;
  return Status::ok();
}

ReadSession::ReadSession(ReadSession&& other) noexcept
    : Session(other.db_, other.cache_), owner_(std::exchange(other.owner_, nullptr)) {}

ReadSession::~ReadSession() {
  if (owner_ == nullptr) return;
  (void)runKept(db_, cache_, "ROLLBACK", "rollback");
  owner_->releaseReader(db_);
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path, Options options) {
  if (sqlite3_threadsafe() == 0) return Status::internal("SQLite was built without threads");
  std::unique_ptr<Database> db(new Database());
  db->path_ = path;
  db->max_group_ = std::max<size_t>(1, options.max_group);
  SANSO_ASSIGN_OR_RETURN(db->writer_, openConnection(path, true, options.busy_timeout_ms));
  for (int i = 0; i < std::max(1, options.readers); ++i) {
    SANSO_ASSIGN_OR_RETURN(sqlite3 * reader, openConnection(path, false, options.busy_timeout_ms));
    db->all_readers_.push_back(reader);
    db->idle_readers_.push_back(reader);
  }
  if (options.kept_statements > 0) {
    db->caches_[db->writer_] = std::make_unique<StatementCache>(options.kept_statements);
    for (sqlite3* reader : db->all_readers_) {
      db->caches_[reader] = std::make_unique<StatementCache>(options.kept_statements);
    }
  }
  return db;
}

Database::~Database() {
  caches_.clear();  // finalizes the kept statements before their connections close
  for (sqlite3* reader : all_readers_) sqlite3_close_v2(reader);
  sqlite3_close_v2(writer_);
}

Result<Transaction> Database::begin() {
  std::unique_lock lock(writer_mutex_);
  SANSO_RETURN_IF_ERROR(runKept(writer_, cacheOf(writer_), "BEGIN IMMEDIATE", "begin"));
  return Transaction(writer_, cacheOf(writer_), std::move(lock));
}

Result<ReadSession> Database::read() {
  sqlite3* reader = nullptr;
  {
    std::unique_lock lock(readers_mutex_);
    reader_available_.wait(lock, [this] { return !idle_readers_.empty(); });
    reader = idle_readers_.back();
    idle_readers_.pop_back();
  }
  Status status = runKept(reader, cacheOf(reader), "BEGIN", "begin read");
  if (!status.isOk()) {
    releaseReader(reader);
    return status;
  }
  return ReadSession(this, reader, cacheOf(reader));
}

StatementCache* Database::cacheOf(sqlite3* db) const {
  auto it = caches_.find(db);
  return it == caches_.end() ? nullptr : it->second.get();
}

size_t Database::keptStatements() const {
  size_t total = 0;
  for (const auto& [db, cache] : caches_) total += cache->size();
  return total;
}

void Database::releaseReader(sqlite3* db) {
  {
    std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(db);
  }
  reader_available_.notify_one();
}

}  // namespace sanso::store
