// Database::migrate and schemaVersion: per-module schema versions in `schema_migrations`.
#include <chrono>

#include "sanso/store/database.h"

namespace sanso::store {
namespace {

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " module TEXT NOT NULL,"
    " version INTEGER NOT NULL,"
    " applied_at INTEGER NOT NULL,"  // Unix seconds
    " PRIMARY KEY (module, version))";

Result<int64_t> recordedVersion(Session& session, const std::string& module) {
  SANSO_ASSIGN_OR_RETURN(
      auto stmt,
      session.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE module = ?"));
  SANSO_RETURN_IF_ERROR(stmt.bindText(1, module));
  SANSO_ASSIGN_OR_RETURN(bool row, stmt.step());
  if (!row) return Status::internal("schema version query returned no row");
  return stmt.columnInt64(0);
}

Status checkNumbering(const std::string& module, const std::vector<Migration>& migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int64_t>(i) + 1) {
      return Status::internal("migrations of " + module + " must be numbered 1, 2, 3...");
    }
  }
  return Status::ok();
}

}  // namespace

Status Database::migrate(const std::string& module, const std::vector<Migration>& migrations) {
  SANSO_RETURN_IF_ERROR(checkNumbering(module, migrations));
  const auto known = static_cast<int64_t>(migrations.size());
  for (;;) {
    // Each step re-reads the version inside its write transaction, so two processes
    // migrating the same file at once apply every step exactly once.
    SANSO_ASSIGN_OR_RETURN(auto tx, begin());
    SANSO_RETURN_IF_ERROR(tx.exec(kCreateTable));
    SANSO_ASSIGN_OR_RETURN(int64_t current, recordedVersion(tx, module));
    if (current > known) {
      return Status::invalidArgument(
          "database " + path_ + " has schema version " + std::to_string(current) + " for " +
          module + ", newer than this build knows (" + std::to_string(known) + ")");
    }
    if (current == known) return tx.commit();
    const Migration& next = migrations[static_cast<size_t>(current)];
    Status applied = tx.exec(next.sql);
    if (!applied.isOk()) {
      return Status::internal("migration " + module + " " + std::to_string(next.version) +
                              " failed: " + applied.message());
    }
    SANSO_ASSIGN_OR_RETURN(auto insert,
                           tx.prepare("INSERT INTO schema_migrations (module, version, applied_at) "
                                      "VALUES (?, ?, ?)"));
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    SANSO_RETURN_IF_ERROR(insert.bindText(1, module));
    SANSO_RETURN_IF_ERROR(insert.bindInt64(2, next.version));
    SANSO_RETURN_IF_ERROR(insert.bindInt64(3, now));
    SANSO_RETURN_IF_ERROR(insert.run());
    SANSO_RETURN_IF_ERROR(tx.commit());
  }
}

Result<int64_t> Database::schemaVersion(const std::string& module) {
  SANSO_ASSIGN_OR_RETURN(auto tx, begin());
  SANSO_RETURN_IF_ERROR(tx.exec(kCreateTable));
  SANSO_ASSIGN_OR_RETURN(int64_t version, recordedVersion(tx, module));
  SANSO_RETURN_IF_ERROR(tx.commit());
  return version;
}

}  // namespace sanso::store
