// The prepared statements of one connection, kept for reuse: parsing the same SQL again on every
// call was about a tenth of `sanso serve`'s CPU time under load (docs/performance.md).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3_stmt;

namespace sanso::store {

// Not thread-safe: only the thread that holds the connection (a Transaction or a ReadSession)
// uses its cache, as it uses the connection.
class StatementCache {
 public:
  explicit StatementCache(size_t capacity) : capacity_(capacity) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  // Finalizes every statement it holds; must run before its connection is closed.
  ~StatementCache();

  // A kept statement prepared from exactly `sql`, reset and without bindings; null when none.
  sqlite3_stmt* take(std::string_view sql);
  // Keeps `stmt` (of this cache's connection) after resetting it and clearing its bindings;
  // finalizes it instead when the cache is full.
  void give(sqlite3_stmt* stmt);
  // Statements kept.
  size_t size() const { return idle_.size(); }

 private:
  std::unordered_multimap<std::string, sqlite3_stmt*> idle_;  // by their SQL text
  size_t capacity_;
};

}  // namespace sanso::store
