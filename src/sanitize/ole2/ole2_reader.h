// A bounded reader of OLE2 compound files (MS-CFB): the directory and stream contents.
// Sizes and chains are never trusted: every chain is bounded by the file's sector count,
// loops and out-of-range sectors are malformed, streams are read only up to a cap.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::ole2 {

struct DirectoryEntry {
  std::string name;  // UTF-16 name; code units above 0x7F become '?'
  uint8_t type = 0;  // 1 storage, 2 stream, 5 root
  uint32_t start = 0;
  uint64_t size = 0;
  uint32_t child = 0xFFFFFFFF;
  uint32_t left = 0xFFFFFFFF;
  uint32_t right = 0xFFFFFFFF;
  uint32_t id = 0;  // index in the directory
};

class Ole2Reader {
 public:
  // Parses the header, the FAT, the mini FAT and the directory. Blocks "malformed-ole2".
  static Result<Ole2Reader> open(ByteView data, Budget& budget);

  // The entries directly under the root storage (bounded by the directory's size).
  const std::vector<DirectoryEntry>& rootChildren() const { return root_children_; }
  // The root storage entry.
  const DirectoryEntry& root() const { return entries_.front(); }
  // The entries directly under `storage` (a storage or the root), walking its red-black tree
  // with each entry visited once. Blocks "malformed-ole2" on a loop or an out-of-range link.
  Result<std::vector<DirectoryEntry>> children(const DirectoryEntry& storage) const;
  // The root child named `name` (ASCII case-insensitive, as in CFB); null when absent.
  const DirectoryEntry* find(std::string_view name) const;
  // The first `max_bytes` bytes (at most) of a stream. Blocks "malformed-ole2" on a bad chain.
  Result<std::string> readStream(const DirectoryEntry& entry, uint64_t max_bytes) const;

 private:
  Ole2Reader() = default;
  Result<std::vector<uint32_t>> chain(const std::vector<uint32_t>& fat, uint32_t start,
                                      uint64_t max_sectors) const;
  Status readFat(Budget& budget);
  Status readDirectory();
  Status readMiniStream();

  ByteView data_;
  uint32_t sector_shift_ = 9;
  uint64_t sector_count_ = 0;
  std::vector<uint32_t> fat_;
  std::vector<uint32_t> mini_fat_;
  std::vector<DirectoryEntry> entries_;
  std::vector<DirectoryEntry> root_children_;
  std::string mini_stream_;
  uint32_t mini_cutoff_ = 4096;
  uint32_t first_mini_fat_ = 0;
  uint32_t first_directory_ = 0;
};

}  // namespace sanso::sanitize::ole2
