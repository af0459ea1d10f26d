#include "sanso/store/statement.h"

#include <sqlite3.h>

#include <utility>

#include "sanso/store/database.h"
#include "statement_cache.h"

namespace sanso::store {

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), cache_(other.cache_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    release();
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    cache_ = other.cache_;
  }
  return *this;
}

Statement::~Statement() { release(); }

void Statement::release() {
  if (stmt_ == nullptr) return;
  if (cache_ != nullptr) {
    cache_->give(std::exchange(stmt_, nullptr));
  } else {
    sqlite3_finalize(std::exchange(stmt_, nullptr));
  }
}

Status Statement::checkBind(int rc, int index) {
  if (rc == SQLITE_OK) return Status::ok();
  return sqliteError(db_, rc, "bind parameter " + std::to_string(index));
}

Status Statement::bindInt64(int index, int64_t value) {
  return checkBind(sqlite3_bind_int64(stmt_, index, value), index);
}

Status Statement::bindText(int index, std::string_view value) {
  return checkBind(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
}

Status Statement::bindBlob(int index, ByteView value) {
  // A null pointer would bind NULL rather than an empty blob.
  static const uint8_t kEmpty = 0;
  const void* data = value.empty() ? &kEmpty : value.data();
  return checkBind(sqlite3_bind_blob64(stmt_, index, data, value.size(), SQLITE_TRANSIENT), index);
}

Status Statement::bindNull(int index) { return checkBind(sqlite3_bind_null(stmt_, index), index); }

Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqliteError(db_, rc, "step");
}

Status Statement::run() {
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool row, step());
    if (!row) return Status::ok();
  }
}

Status Statement::reset() {
  int rc = sqlite3_reset(stmt_);
  return rc == SQLITE_OK ? Status::ok() : sqliteError(db_, rc, "reset");
}

bool Statement::columnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::columnInt64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::columnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::vector<uint8_t> Statement::columnBlob(int column) const {
  const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, column));
  int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return std::vector<uint8_t>(data, data + size);
}

}  // namespace sanso::store
