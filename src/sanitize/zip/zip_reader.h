// A strict reader for zip containers (OOXML packages): validates the whole structure before
// anything is read, and inflates entries under the job's limits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::zip {

struct Entry {
  std::string name;
  uint16_t method = 0;  // 0 stored, 8 deflate
  uint16_t flags = 0;
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;
  uint64_t local_offset = 0;
  uint64_t data_offset = 0;
};

// An entry's deflate stream as stored, with what it inflates to: lets a writer copy an entry
// whose bytes it would write unchanged instead of compressing them again.
struct Packed {
  ByteView stream;
  uint32_t crc32 = 0;
  uint64_t size = 0;  // inflated
};

class Reader {
 public:
  // Parses and validates `data` (which must outlive the Reader). Refuses, with a named reason:
  // bytes before the first entry or after the directory ("zip-trailing-data"), zip64 and
  // multi-disk archives, encrypted entries ("encrypted"), methods other than stored/deflate,
  // unsafe or duplicate names (case-insensitively), local headers that disagree with the
  // central directory ("zip-header-mismatch"), overlapping entries ("zip-overlapping-entries"),
  // and entry counts or declared sizes over the limits.
  static Result<Reader> open(ByteView data, Budget& budget);

  const std::vector<Entry>& entries() const { return entries_; }
  // The entry named `name` (exact match first, then ASCII case-insensitive); nullptr if none.
  const Entry* find(std::string_view name) const;
  // Inflates `entry`, charging the budget. Refuses when the data does not inflate to exactly
  // the declared size or its CRC-32 differs.
  Result<std::string> read(const Entry& entry, Budget& budget) const;
  // The deflate stream of `entry` (nothing for a stored entry). Only meaningful for an entry
  // read() accepted: that is what proves the stream inflates to exactly the bytes it returned.
  std::optional<Packed> packed(const Entry& entry) const;

 private:
  explicit Reader(ByteView data) : data_(data) {}

  ByteView data_;
  std::vector<Entry> entries_;
};

// True when the bytes start like a zip archive (local header signature).
bool looksLikeZip(ByteView data);

}  // namespace sanso::sanitize::zip
