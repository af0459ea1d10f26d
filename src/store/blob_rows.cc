#include "blob_rows.h"

#include "sanso/store/statement.h"

namespace sanso::store::detail {
namespace {

// `data` last: reading the other columns does not touch the blob's overflow pages.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE blob_rows (
  hash TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  written_at INTEGER NOT NULL,
  data BLOB NOT NULL
);
)sql"},
  };
  return kMigrations;
}

}  // namespace

Status migrateBlobRows(Database& db) { return db.migrate("blob_store", migrations()); }

Status insertBlobRow(Session& session, std::string_view hash, ByteView data, int64_t now) {
  SANSO_ASSIGN_OR_RETURN(
      Statement st,
      session.prepare("INSERT INTO blob_rows (hash, size, written_at, data) VALUES (?1, ?2, ?3, ?4) "
                      "ON CONFLICT (hash) DO UPDATE SET written_at = excluded.written_at"));
  SANSO_RETURN_IF_ERROR(st.bindText(1, hash));
  SANSO_RETURN_IF_ERROR(st.bindInt64(2, static_cast<int64_t>(data.size())));
  SANSO_RETURN_IF_ERROR(st.bindInt64(3, now));
  SANSO_RETURN_IF_ERROR(st.bindBlob(4, data));
  return st.run();
}

Result<std::optional<std::vector<uint8_t>>> readBlobRow(Database& db, std::string_view hash) {
  SANSO_ASSIGN_OR_RETURN(ReadSession session, db.read());
  SANSO_ASSIGN_OR_RETURN(Statement st, session.prepare("SELECT data FROM blob_rows WHERE hash = ?1"));
  SANSO_RETURN_IF_ERROR(st.bindText(1, hash));
  SANSO_ASSIGN_OR_RETURN(bool found, st.step());
  if (!found) return std::optional<std::vector<uint8_t>>();
  return std::optional<std::vector<uint8_t>>(st.columnBlob(0));
}

Result<std::optional<int64_t>> blobRowWrittenAt(Database& db, std::string_view hash) {
  SANSO_ASSIGN_OR_RETURN(ReadSession session, db.read());
  SANSO_ASSIGN_OR_RETURN(Statement st,
                         session.prepare("SELECT written_at FROM blob_rows WHERE hash = ?1"));
  SANSO_RETURN_IF_ERROR(st.bindText(1, hash));
  SANSO_ASSIGN_OR_RETURN(bool found, st.step());
  if (!found) return std::optional<int64_t>();
  return std::optional<int64_t>(st.columnInt64(0));
}

Status removeBlobRow(Database& db, std::string_view hash) {
  return db.write([&](Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(Statement st, s.prepare("DELETE FROM blob_rows WHERE hash = ?1"));
    SANSO_RETURN_IF_ERROR(st.bindText(1, hash));
    return st.run();
  });
}

Result<std::vector<std::string>> listBlobRows(Database& db) {
  SANSO_ASSIGN_OR_RETURN(ReadSession session, db.read());
  SANSO_ASSIGN_OR_RETURN(Statement st, session.prepare("SELECT hash FROM blob_rows ORDER BY hash"));
  std::vector<std::string> hashes;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool more, st.step());
    if (!more) return hashes;
    hashes.push_back(st.columnText(0));
  }
}

}  // namespace sanso::store::detail
