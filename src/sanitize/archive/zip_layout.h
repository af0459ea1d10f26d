// A structural check of a zip archive before libarchive reads it through its central directory.
#pragma once

#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::archive {

// Reads the central directory of `data` and refuses what would make one byte range count as
// several files or let readers disagree: entries whose ranges (local header to end of data)
// overlap ("zip-overlapping-entries": the overlapping-entry bombs), local headers that are
// missing or name another file ("zip-header-mismatch"), data past the directory, zip64 and
// multi-disk archives, and more entries than max_archive_entries.
Status checkZipLayout(ByteView data, Budget& budget);

}  // namespace sanso::sanitize::archive
