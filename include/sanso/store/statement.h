// store::Statement: one prepared SQLite statement with bound parameters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sanso/common/bytes.h"
#include "sanso/common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sanso::store {

class StatementCache;

// Owns a prepared statement; a statement of a Session goes back to its connection's cache for
// reuse when destroyed. Parameter and column indexes follow SQLite: parameters count
// from 1, columns from 0. Text and blobs are copied into SQLite when bound.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Status bindInt64(int index, int64_t value);
  Status bindText(int index, std::string_view value);
  Status bindBlob(int index, ByteView value);
  Status bindNull(int index);

  // Advances: true when a row is available through the column getters, false when done.
  Result<bool> step();
  // Steps until done (for INSERT, UPDATE, DELETE); rows produced are discarded.
  Status run();
  // Makes the statement runnable again; bindings are kept until rebound.
  Status reset();

  bool columnIsNull(int column) const;
  int64_t columnInt64(int column) const;
  std::string columnText(int column) const;
  std::vector<uint8_t> columnBlob(int column) const;

 private:
  friend class Session;
  Statement(sqlite3* db, sqlite3_stmt* stmt, StatementCache* cache)
      : db_(db), stmt_(stmt), cache_(cache) {}
  Status checkBind(int rc, int index);
  // Finalizes the statement or hands it back to the cache.
  void release();

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  StatementCache* cache_ = nullptr;  // null: finalized when destroyed
};

}  // namespace sanso::store
