// Archives (zip, 7z, tar, gzip, bzip2, xz, LZH): every member sanitized by the engine with the
// job's options, written into a new zip with UTF-8 names.
#pragma once

#include "job.h"

namespace sanso::sanitize::archive {

// The handler for the archive family (every method: the method applies to the members).
// Members that cannot be sanitized (unsafe names, links, executables, unsupported or refused
// content) are dropped and listed in the report, or block the archive with
// Options::block_archive_on_drop. Limits (size, entries, ratio, depth, time), encryption
// without the right password and broken archives block the whole archive.
Result<FileType> sanitizeArchive(Job& job);

}  // namespace sanso::sanitize::archive
