// File-system helpers shared by the store's sources.
#pragma once

#include <string>

#include "sanso/common/status.h"

namespace sanso::store {

// strerror(errno) prefixed by `what`, as an io-error.
Status errnoStatus(const std::string& what);
// Creates directory `path` with `mode` unless it exists; fsyncs its parent when it was created.
Status ensureDirectory(const std::string& path, unsigned mode);
// Flushes the entries of directory `path` (new, renamed or removed names) to stable storage.
Status syncDirectory(const std::string& path);

}  // namespace sanso::store
