// The database tier of store::BlobStore: small blobs as rows of table blob_rows, keyed by
// their SHA-256 like the files of the file tier. Hashes are validated by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanso/common/bytes.h"
#include "sanso/common/status.h"
#include "sanso/store/database.h"

namespace sanso::store::detail {

// Creates or upgrades the table (module "blob_store" in schema_migrations).
Status migrateBlobRows(Database& db);
// Stores `data` under `hash` in the caller's write transaction. Storing a hash again renews
// its time of writing (as replacing a file renews its mtime).
Status insertBlobRow(Session& session, std::string_view hash, ByteView data, int64_t now);
// The bytes of blob `hash`; none when it has no row.
Result<std::optional<std::vector<uint8_t>>> readBlobRow(Database& db, std::string_view hash);
// When blob `hash` was written (Unix seconds); none when it has no row.
Result<std::optional<int64_t>> blobRowWrittenAt(Database& db, std::string_view hash);
// Deletes the row of `hash` durably, if there is one.
Status removeBlobRow(Database& db, std::string_view hash);
// The hashes of every row, sorted.
Result<std::vector<std::string>> listBlobRows(Database& db);

}  // namespace sanso::store::detail
