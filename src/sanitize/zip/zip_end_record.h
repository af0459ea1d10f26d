// The end-of-central-directory record of a zip archive, shared by the strict OOXML reader and
// the archive layout check.
#pragma once

#include <cstdint>

#include "sanso/common/bytes.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::zip {

inline constexpr uint64_t kEndRecordSize = 22;

struct EndRecord {
  uint64_t offset = 0;  // of the record in the archive
  uint16_t disk = 0;
  uint16_t central_disk = 0;
  uint16_t disk_entries = 0;
  uint16_t total_entries = 0;
  uint32_t central_size = 0;
  uint32_t central_offset = 0;
  uint16_t comment_length = 0;
};

// Finds the last end record of `data`, searching back over a comment of up to 65535 bytes.
// Blocks "malformed-zip" when the archive is too small or has none.
Result<EndRecord> findEndRecord(ByteView data);

// Blocks multi-disk ("malformed-zip") and zip64 ("zip64-unsupported") archives.
Status checkSingleDiskZip32(const EndRecord& end);

}  // namespace sanso::sanitize::zip
