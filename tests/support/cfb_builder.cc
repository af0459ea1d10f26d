#include "support/cfb_builder.h"

#include <algorithm>
#include <cstdint>

namespace sanso::test {
namespace {

constexpr uint32_t kEnd = 0xFFFFFFFE;
constexpr uint32_t kFree = 0xFFFFFFFF;
constexpr uint32_t kFatSector = 0xFFFFFFFD;
constexpr size_t kSector = 512;
constexpr size_t kMini = 64;
constexpr size_t kCutoff = 4096;

void put16(std::string& out, size_t at, uint16_t v) {
  out[at] = static_cast<char>(v & 0xFF);
  out[at + 1] = static_cast<char>(v >> 8);
}
void put32(std::string& out, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
void add16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>(v >> 8));
}
void add32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// Appends `data` as a chain of whole sectors; returns its first sector (kEnd when empty).
uint32_t allocate(std::vector<std::string>& sectors, std::vector<uint32_t>& fat,
                  const std::string& data) {
  if (data.empty()) return kEnd;
  uint32_t first = static_cast<uint32_t>(sectors.size());
  for (size_t off = 0; off < data.size(); off += kSector) {
    std::string sector = data.substr(off, kSector);
    sector.resize(kSector, '\0');
    sectors.push_back(sector);
    fat.push_back(static_cast<uint32_t>(sectors.size()));
  }
  fat.back() = kEnd;
  return first;
}

struct Entry {
  std::string name;
  uint8_t type;
  uint32_t start;
  uint32_t size;
};

std::string directoryEntry(const Entry& e, uint32_t right, uint32_t child) {
  std::string out(128, '\0');
  for (size_t i = 0; i < e.name.size() && i < 31; ++i)
    put16(out, 2 * i, static_cast<uint8_t>(e.name[i]));
  put16(out, 0x40, static_cast<uint16_t>(2 * (std::min<size_t>(e.name.size(), 31) + 1)));
  out[0x42] = static_cast<char>(e.type);
  out[0x43] = 1;  // black
  put32(out, 0x44, kFree);
  put32(out, 0x48, right);
  put32(out, 0x4C, child);
  put32(out, 0x74, e.start);
  put32(out, 0x78, e.size);
  return out;
}

// The entries of `nodes` and their descendants in depth-first order: each storage's children
// follow it, linked to one another as right siblings.
struct Flat {
  Entry entry;
  uint32_t right = kFree;
  uint32_t child = kFree;
};

void flatten(const std::vector<CfbNode>& nodes, std::vector<Flat>& out, std::string& mini_stream,
             std::vector<uint32_t>& mini_fat, std::vector<std::string>& sectors,
             std::vector<uint32_t>& fat) {
  size_t previous = SIZE_MAX;
  for (const auto& node : nodes) {
    size_t index = out.size();
    if (previous != SIZE_MAX) out[previous].right = static_cast<uint32_t>(index + 1);
    previous = index;
    if (node.storage) {
      out.push_back({{node.name, 1, 0, 0}});
      if (!node.children.empty()) {
        out[index].child = static_cast<uint32_t>(out.size() + 1);
        flatten(node.children, out, mini_stream, mini_fat, sectors, fat);
      }
      continue;
    }
    const std::string& data = node.data;
    if (data.size() >= kCutoff) {
      out.push_back(
          {{node.name, 2, allocate(sectors, fat, data), static_cast<uint32_t>(data.size())}});
      continue;
    }
    uint32_t first = data.empty() ? kEnd : static_cast<uint32_t>(mini_stream.size() / kMini);
    for (size_t off = 0; off < data.size(); off += kMini) {
      std::string unit = data.substr(off, kMini);
      unit.resize(kMini, '\0');
      mini_stream += unit;
      mini_fat.push_back(static_cast<uint32_t>(mini_stream.size() / kMini));
    }
    if (!data.empty()) mini_fat.back() = kEnd;
    out.push_back({{node.name, 2, first, static_cast<uint32_t>(data.size())}});
  }
}

}  // namespace

std::string buildCfb(const CfbStreams& streams, const std::vector<std::string>& storages) {
  std::vector<CfbNode> nodes;
  for (const auto& [name, data] : streams) nodes.push_back({name, data, false, {}});
  for (const auto& name : storages) nodes.push_back({name, "", true, {}});
  return buildCfbTree(nodes);
}

std::string buildCfbTree(const std::vector<CfbNode>& children) {
  std::vector<std::string> sectors;
  std::vector<uint32_t> fat;
  std::string mini_stream;
  std::vector<uint32_t> mini_fat;
  std::vector<Flat> entries;
  flatten(children, entries, mini_stream, mini_fat, sectors, fat);
  uint32_t mini_start = allocate(sectors, fat, mini_stream);
  std::string mini_fat_bytes;
  for (uint32_t v : mini_fat) add32(mini_fat_bytes, v);
  uint32_t mini_fat_start = allocate(sectors, fat, mini_fat_bytes);
  uint32_t mini_fat_count = static_cast<uint32_t>((mini_fat_bytes.size() + kSector - 1) / kSector);

  // Directory: the root, then the flattened entries (entry i at index i + 1).
  std::string directory =
      directoryEntry({"Root Entry", 5, mini_start, static_cast<uint32_t>(mini_stream.size())},
                     kFree, entries.empty() ? kFree : 1);
  for (const auto& e : entries) directory += directoryEntry(e.entry, e.right, e.child);
  while (directory.size() % kSector != 0) directory += directoryEntry({"", 0, 0, 0}, kFree, kFree);
  uint32_t directory_start = allocate(sectors, fat, directory);

  // FAT sectors at the end, enough to describe themselves too.
  size_t fat_sectors = 1;
  while ((sectors.size() + fat_sectors) > fat_sectors * (kSector / 4)) ++fat_sectors;
  uint32_t fat_start = static_cast<uint32_t>(sectors.size());
  for (size_t i = 0; i < fat_sectors; ++i) fat.push_back(kFatSector);
  fat.resize(fat_sectors * (kSector / 4), kFree);
  std::string fat_bytes;
  for (uint32_t v : fat) add32(fat_bytes, v);

  std::string header(kSector, '\0');
  header.replace(0, 8, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  put16(header, 0x18, 0x3E);
  put16(header, 0x1A, 3);
  put16(header, 0x1C, 0xFFFE);
  put16(header, 0x1E, 9);
  put16(header, 0x20, 6);
  put32(header, 0x2C, static_cast<uint32_t>(fat_sectors));
  put32(header, 0x30, directory_start);
  put32(header, 0x38, kCutoff);
  put32(header, 0x3C, mini_fat_count ? mini_fat_start : kEnd);
  put32(header, 0x40, mini_fat_count);
  put32(header, 0x44, kEnd);
  for (size_t i = 0; i < 109; ++i) {
    put32(header, 0x4C + 4 * i, i < fat_sectors ? fat_start + static_cast<uint32_t>(i) : kFree);
  }
  std::string out = header;
  for (const auto& sector : sectors) out += sector;
  out += fat_bytes;
  return out;
}

std::string wordFib(uint16_t flags, size_t size) {
  std::string fib(size, '\0');
  put16(fib, 0, 0xA5EC);
  put16(fib, 2, 193);
  put16(fib, 0x0A, flags);
  return fib;
}

std::string biffGlobals(const std::vector<std::pair<uint16_t, std::string>>& records, bool biff5) {
  std::string out;
  std::string bof;
  add16(bof, biff5 ? 0x0500 : 0x0600);
  add16(bof, 0x0005);
  bof.resize(16, '\0');
  auto record = [&out](uint16_t type, const std::string& body) {
    add16(out, type);
    add16(out, static_cast<uint16_t>(body.size()));
    out += body;
  };
  record(0x0809, bof);
  for (const auto& [type, body] : records) record(type, body);
  record(0x000A, "");
  return out;
}

std::string pptCurrentUser(uint32_t token) {
  std::string out;
  add16(out, 0);
  add16(out, 0x0FF6);
  add32(out, 20);
  add32(out, 20);
  add32(out, token);
  out.resize(28, '\0');
  return out;
}

}  // namespace sanso::test
