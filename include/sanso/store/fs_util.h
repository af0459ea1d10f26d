// File-system helpers for durable files outside the blob store.
#pragma once

#include <string>

#include "sanso/common/bytes.h"
#include "sanso/common/status.h"

namespace sanso::store {

// strerror(errno) prefixed by `what`, as an io-error.
Status errnoStatus(const std::string& what);
// Creates directory `path` with `mode` unless it exists; fsyncs its parent when it was created.
Status ensureDirectory(const std::string& path, unsigned mode);
// Flushes the entries of directory `path` (new, renamed or removed names) to stable storage.
Status syncDirectory(const std::string& path);
// Writes `data` to `path` (mode 0600) so that after a crash `path` is either absent or
// complete: a temporary beside it, fsync, rename over `path`, fsync of the directory.
Status writeFileDurably(const std::string& path, ByteView data);

}  // namespace sanso::store
