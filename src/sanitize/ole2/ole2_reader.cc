#include "ole2/ole2_reader.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

namespace sanso::sanitize::ole2 {
namespace {

constexpr uint32_t kEndOfChain = 0xFFFFFFFE;
constexpr uint32_t kNoStream = 0xFFFFFFFF;
constexpr uint32_t kMiniSectorSize = 64;
constexpr size_t kEntrySize = 128;
constexpr size_t kHeaderDifat = 109;

Status malformed(const std::string& what) {
  return Status::blocked("malformed-ole2", "OLE2 compound file: " + what);
}

bool sameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

Result<Ole2Reader> Ole2Reader::open(ByteView data, Budget& budget) {
  Ole2Reader reader;
  reader.data_ = data;
  if (data.size() < 512 || std::memcmp(data.data(), "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) != 0) {
    return malformed("no header");
  }
  auto shift = readLe<uint16_t>(data, 0x1E);
  auto mini_shift = readLe<uint16_t>(data, 0x20);
  if (!shift || (*shift != 9 && *shift != 12) || !mini_shift || *mini_shift != 6) {
    return malformed("unsupported sector size");
  }
  reader.sector_shift_ = *shift;
  uint64_t sector_size = 1ull << reader.sector_shift_;
  // Sector n starts at (n + 1) * sector_size; a trailing partial sector still counts.
  reader.sector_count_ = (data.size() + sector_size - 1) / sector_size - 1;
  reader.first_directory_ = *readLe<uint32_t>(data, 0x30);
  reader.mini_cutoff_ = *readLe<uint32_t>(data, 0x38);
  reader.first_mini_fat_ = *readLe<uint32_t>(data, 0x3C);
  SANSO_RETURN_IF_ERROR(reader.readFat(budget));
  SANSO_RETURN_IF_ERROR(reader.readDirectory());
  SANSO_RETURN_IF_ERROR(reader.readMiniStream());
  return reader;
}

Status Ole2Reader::readFat(Budget& budget) {
  const uint64_t sector_size = 1ull << sector_shift_;
  const uint64_t per_sector = sector_size / 4;
  std::vector<uint32_t> fat_sectors;
  for (size_t i = 0; i < kHeaderDifat; ++i) {
    uint32_t id = *readLe<uint32_t>(data_, 0x4C + 4 * i);
    if (id < sector_count_) fat_sectors.push_back(id);
  }
  // The DIFAT chain: each sector lists FAT sectors and ends with the next DIFAT sector.
  uint32_t difat = *readLe<uint32_t>(data_, 0x44);
  std::set<uint32_t> seen;
  while (difat < sector_count_) {
    if (!seen.insert(difat).second) return malformed("DIFAT loop");
    uint64_t base = (uint64_t{difat} + 1) << sector_shift_;
    for (uint64_t i = 0; i + 1 < per_sector; ++i) {
      auto id = readLe<uint32_t>(data_, base + 4 * i);
      if (id && *id < sector_count_) fat_sectors.push_back(*id);
    }
    auto next = readLe<uint32_t>(data_, base + sector_size - 4);
    if (!next) return malformed("truncated DIFAT");
    difat = *next;
  }
  if (fat_sectors.size() > sector_count_) return malformed("more FAT sectors than sectors");
  SANSO_RETURN_IF_ERROR(budget.chargeExpanded(fat_sectors.size() * sector_size, "OLE2 FAT"));
  fat_.reserve(fat_sectors.size() * per_sector);
  for (uint32_t id : fat_sectors) {
    uint64_t base = (uint64_t{id} + 1) << sector_shift_;
    for (uint64_t i = 0; i < per_sector; ++i) {
      auto value = readLe<uint32_t>(data_, base + 4 * i);
      fat_.push_back(value ? *value : kEndOfChain);
    }
  }
  return Status::ok();
}

Result<std::vector<uint32_t>> Ole2Reader::chain(const std::vector<uint32_t>& fat, uint32_t start,
                                                uint64_t max_sectors) const {
  std::vector<uint32_t> sectors;
  std::vector<bool> visited(fat.size(), false);
  uint32_t current = start;
  while (current != kEndOfChain && sectors.size() < max_sectors) {
    if (current >= fat.size()) return malformed("chain leaves the allocation table");
    if (visited[current]) return malformed("chain loop");
    visited[current] = true;
    sectors.push_back(current);
    current = fat[current];
  }
  return sectors;
}

Status Ole2Reader::readDirectory() {
  const uint64_t sector_size = 1ull << sector_shift_;
  SANSO_ASSIGN_OR_RETURN(auto sectors, chain(fat_, first_directory_, sector_count_));
  if (sectors.empty()) return malformed("no directory");
  for (uint32_t id : sectors) {
    if (id >= sector_count_) return malformed("directory outside the file");
    for (uint64_t off = 0; off + kEntrySize <= sector_size; off += kEntrySize) {
      auto raw = subView(data_, ((uint64_t{id} + 1) << sector_shift_) + off, kEntrySize);
      DirectoryEntry entry;
      entry.id = static_cast<uint32_t>(entries_.size());
      if (raw) {
        uint16_t name_bytes = std::min<uint16_t>(*readLe<uint16_t>(*raw, 0x40), 64);
        for (uint16_t i = 0; i + 1 < name_bytes; i += 2) {
          uint16_t unit = *readLe<uint16_t>(*raw, i);
          if (unit == 0) break;
          entry.name.push_back(unit < 0x80 ? static_cast<char>(unit) : '?');
        }
        entry.type = (*raw)[0x42];
        entry.left = *readLe<uint32_t>(*raw, 0x44);
        entry.right = *readLe<uint32_t>(*raw, 0x48);
        entry.child = *readLe<uint32_t>(*raw, 0x4C);
        entry.start = *readLe<uint32_t>(*raw, 0x74);
        entry.size = *readLe<uint64_t>(*raw, 0x78);
        if (sector_shift_ == 9) entry.size &= 0xFFFFFFFFull;  // version 3 ignores the high half
      }
      entries_.push_back(std::move(entry));
    }
  }
  if (entries_.front().type != 5) return malformed("no root entry");
  SANSO_ASSIGN_OR_RETURN(root_children_, children(entries_.front()));
  return Status::ok();
}

Result<std::vector<DirectoryEntry>> Ole2Reader::children(const DirectoryEntry& storage) const {
  // The children form a binary tree through left and right siblings; each entry is visited
  // once, so the walk is bounded by the directory's size.
  std::vector<DirectoryEntry> out;
  std::vector<uint32_t> pending = {storage.child};
  std::set<uint32_t> visited;  // not a bitmap: a directory can be far larger than one storage
  while (!pending.empty()) {
    uint32_t id = pending.back();
    pending.pop_back();
    if (id == kNoStream) continue;
    if (id >= entries_.size() || id == 0) return malformed("directory link out of range");
    if (!visited.insert(id).second) return malformed("directory loop");
    pending.push_back(entries_[id].left);
    pending.push_back(entries_[id].right);
    out.push_back(entries_[id]);
  }
  return out;
}

Status Ole2Reader::readMiniStream() {
  const DirectoryEntry& root = entries_.front();
  if (root.size == 0 || root.start == kEndOfChain) return Status::ok();
  SANSO_ASSIGN_OR_RETURN(auto mini_fat_sectors, chain(fat_, first_mini_fat_, sector_count_));
  const uint64_t sector_size = 1ull << sector_shift_;
  for (uint32_t id : mini_fat_sectors) {
    for (uint64_t i = 0; i < sector_size / 4; ++i) {
      auto value = readLe<uint32_t>(data_, ((uint64_t{id} + 1) << sector_shift_) + 4 * i);
      mini_fat_.push_back(value ? *value : kEndOfChain);
    }
  }
  // The root entry's own chain holds the mini stream in regular sectors.
  uint64_t cap = std::min<uint64_t>(root.size, data_.size());
  SANSO_ASSIGN_OR_RETURN(mini_stream_, readStream(root, cap));
  return Status::ok();
}

const DirectoryEntry* Ole2Reader::find(std::string_view name) const {
  for (const auto& entry : root_children_) {
    if (sameName(entry.name, name)) return &entry;
  }
  return nullptr;
}

Result<std::string> Ole2Reader::readStream(const DirectoryEntry& entry, uint64_t max_bytes) const {
  uint64_t want = std::min(entry.size, max_bytes);
  std::string out;
  // Streams below the cutoff live in the mini stream (the root entry itself never does).
  bool mini = entry.size < mini_cutoff_ && entry.type != 5;
  const std::vector<uint32_t>& fat = mini ? mini_fat_ : fat_;
  uint64_t unit = mini ? kMiniSectorSize : (1ull << sector_shift_);
  SANSO_ASSIGN_OR_RETURN(auto sectors, chain(fat, entry.start, (want + unit - 1) / unit));
  for (uint32_t id : sectors) {
    if (out.size() >= want) break;
    uint64_t take = std::min<uint64_t>(unit, want - out.size());
    std::optional<ByteView> piece;
    if (mini) {
      piece = subView(asBytes(mini_stream_), uint64_t{id} * kMiniSectorSize, take);
    } else {
      piece = subView(data_, (uint64_t{id} + 1) << sector_shift_, take);
    }
    if (!piece) return malformed("stream sector outside the file");
    out.append(asChars(*piece));
  }
  return out;
}

}  // namespace sanso::sanitize::ole2
