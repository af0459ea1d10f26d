// The server's data directory (sanso.db, audit.db, blobs/, keys/).
#pragma once

#include <string>

#include "sanso/common/status.h"

namespace sanso::store {

// Creates `path` (and its parents) when missing and makes it private to the owner (0700).
// Refuses a path that exists but is not a directory.
Status ensureDataDir(const std::string& path);

}  // namespace sanso::store
