#include "statement_cache.h"

#include <sqlite3.h>

namespace sanso::store {

StatementCache::~StatementCache() {
  for (auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
}

sqlite3_stmt* StatementCache::take(std::string_view sql) {
  auto it = idle_.find(std::string(sql));
  if (it == idle_.end()) return nullptr;
  sqlite3_stmt* stmt = it->second;
  idle_.erase(it);
  return stmt;
}

void StatementCache::give(sqlite3_stmt* stmt) {
  // Ends any read in progress and drops the old values: the next user starts clean.
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  const char* sql = sqlite3_sql(stmt);
  if (idle_.size() >= capacity_ || sql == nullptr) {
    sqlite3_finalize(stmt);
    return;
  }
  idle_.emplace(sql, stmt);
}

}  // namespace sanso::store
