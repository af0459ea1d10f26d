#include "zip/zip_reader.h"

#include <libdeflate.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <unordered_set>

#include "zip/zip_end_record.h"

namespace sanso::sanitize::zip {
namespace {

constexpr uint32_t kLocalSig = 0x04034b50;
constexpr uint32_t kCentralSig = 0x02014b50;
constexpr uint32_t kDescriptorSig = 0x08074b50;
constexpr uint64_t kCentralSize = 46;
constexpr uint64_t kLocalSize = 30;
constexpr uint16_t kFlagEncrypted = 0x0001;
constexpr uint16_t kFlagDescriptor = 0x0008;
constexpr uint16_t kFlagStrongEncryption = 0x0040;

Status malformed(const std::string& reason, const std::string& message) {
  return Status::blocked(reason, message);
}

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Names must be relative, without "..", backslashes, control characters or empty segments.
bool safeName(std::string_view name) {
  if (name.empty() || name.front() == '/') return false;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f || c == '\\') return false;
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view segment = name.substr(start, end - start);
    if (segment == "." || segment == "..") return false;
    if (segment.empty() && end != name.size()) return false;
    start = end + 1;
  }
  return true;
}

struct Span {
  uint64_t begin;
  uint64_t end;
  const std::string* name;
};

}  // namespace

bool looksLikeZip(ByteView data) { return readLe<uint32_t>(data, 0) == kLocalSig; }

Result<Reader> Reader::open(ByteView data, Budget& budget) {
  SANSO_ASSIGN_OR_RETURN(EndRecord end, findEndRecord(data));
  const uint64_t end_offset = end.offset;
  const uint16_t total_entries = end.total_entries;
  const uint32_t cd_size = end.central_size;
  const uint32_t cd_offset = end.central_offset;
  if (end_offset + kEndRecordSize + end.comment_length != data.size()) {
    return malformed("zip-trailing-data", "bytes after the end of the zip archive");
  }
  SANSO_RETURN_IF_ERROR(checkSingleDiskZip32(end));
  if (uint64_t{cd_offset} + cd_size != end_offset) {
    return malformed("malformed-zip", "central directory does not end at the end record");
  }
  SANSO_RETURN_IF_ERROR(
      budget.check("archive-entries", total_entries, budget.limits().max_archive_entries, "zip"));

  Reader reader(data);
  reader.entries_.reserve(total_entries);
  std::unordered_set<std::string> seen;
  uint64_t declared_total = 0;
  uint64_t pos = cd_offset;
  for (uint32_t i = 0; i < total_entries; ++i) {
    if (pos + kCentralSize > end_offset || readLe<uint32_t>(data, pos) != kCentralSig) {
      return malformed("malformed-zip", "bad central directory entry " + std::to_string(i));
    }
    Entry e;
    e.flags = *readLe<uint16_t>(data, pos + 8);
    e.method = *readLe<uint16_t>(data, pos + 10);
    e.crc32 = *readLe<uint32_t>(data, pos + 16);
    e.compressed_size = *readLe<uint32_t>(data, pos + 20);
    e.uncompressed_size = *readLe<uint32_t>(data, pos + 24);
    uint16_t name_len = *readLe<uint16_t>(data, pos + 28);
    uint16_t extra_len = *readLe<uint16_t>(data, pos + 30);
    uint16_t comment = *readLe<uint16_t>(data, pos + 32);
    uint16_t start_disk = *readLe<uint16_t>(data, pos + 34);
    e.local_offset = *readLe<uint32_t>(data, pos + 42);
    uint64_t record_end = pos + kCentralSize + name_len + extra_len + comment;
    if (record_end > end_offset) return malformed("malformed-zip", "central entry overruns");
    e.name = std::string(asChars(data.subspan(pos + kCentralSize, name_len)));
    pos = record_end;

    if (start_disk != 0) return malformed("malformed-zip", "multi-disk entry");
    if (e.compressed_size == 0xffffffff || e.uncompressed_size == 0xffffffff ||
        e.local_offset == 0xffffffff) {
      return malformed("zip64-unsupported", "zip64 entry " + e.name);
    }
    if (e.flags & (kFlagEncrypted | kFlagStrongEncryption)) {
      return malformed("encrypted", "encrypted zip entry " + e.name);
    }
    if (e.method != 0 && e.method != 8) {
      return malformed("zip-method-unsupported",
                       "compression method " + std::to_string(e.method) + " in " + e.name);
    }
    if (!safeName(e.name)) return malformed("zip-unsafe-name", "unsafe entry name");
    if (!seen.insert(lowerAscii(e.name)).second) {
      return malformed("zip-duplicate-entry", "duplicate entry " + e.name);
    }
    if (e.method == 0 && e.compressed_size != e.uncompressed_size) {
      return malformed("zip-header-mismatch", "stored entry sizes differ: " + e.name);
    }
    if (e.uncompressed_size > (1u << 20) && e.compressed_size > 0) {
      SANSO_RETURN_IF_ERROR(budget.check("compression-ratio",
                                         e.uncompressed_size / e.compressed_size,
                                         budget.limits().max_compression_ratio, e.name));
    } else if (e.uncompressed_size > (1u << 20)) {
      return malformed("limit-compression-ratio", "empty data inflating to " + e.name);
    }
    declared_total += e.uncompressed_size;
    SANSO_RETURN_IF_ERROR(budget.check("expanded-size", declared_total,
                                       budget.limits().max_expanded_bytes, "zip (declared)"));

    // The local header must agree with the central directory.
    uint64_t lo = e.local_offset;
    if (lo + kLocalSize > cd_offset || readLe<uint32_t>(data, lo) != kLocalSig) {
      return malformed("zip-header-mismatch", "missing local header for " + e.name);
    }
    uint16_t l_flags = *readLe<uint16_t>(data, lo + 6);
    uint16_t l_method = *readLe<uint16_t>(data, lo + 8);
    uint32_t l_crc = *readLe<uint32_t>(data, lo + 14);
    uint32_t l_csize = *readLe<uint32_t>(data, lo + 18);
    uint32_t l_usize = *readLe<uint32_t>(data, lo + 22);
    uint16_t l_name_len = *readLe<uint16_t>(data, lo + 26);
    uint16_t l_extra_len = *readLe<uint16_t>(data, lo + 28);
    if (l_method != e.method || (l_flags & kFlagEncrypted) != (e.flags & kFlagEncrypted) ||
        l_name_len != name_len) {
      return malformed("zip-header-mismatch", "local header differs for " + e.name);
    }
    if (lo + kLocalSize + l_name_len > cd_offset ||
        asChars(data.subspan(lo + kLocalSize, l_name_len)) != e.name) {
      return malformed("zip-header-mismatch", "local name differs for " + e.name);
    }
    bool descriptor = (e.flags & kFlagDescriptor) != 0;
    if (!descriptor &&
        (l_crc != e.crc32 || l_csize != e.compressed_size || l_usize != e.uncompressed_size)) {
      return malformed("zip-header-mismatch", "local sizes or CRC differ for " + e.name);
    }
    e.data_offset = lo + kLocalSize + l_name_len + l_extra_len;
    reader.entries_.push_back(std::move(e));
  }
  if (pos != end_offset) return malformed("malformed-zip", "central directory size mismatch");

  // Every byte before the directory belongs to exactly one entry, laid out in order.
  std::vector<Span> spans;
  spans.reserve(reader.entries_.size());
  for (const auto& e : reader.entries_) {
    uint64_t end = e.data_offset + e.compressed_size;
    if (end > cd_offset) return malformed("zip-header-mismatch", "data overruns: " + e.name);
    if (e.flags & kFlagDescriptor) {
      uint64_t descriptor_size = readLe<uint32_t>(data, end) == kDescriptorSig ? 16 : 12;
      end += descriptor_size;
      if (end > cd_offset) return malformed("zip-header-mismatch", "descriptor overruns");
    }
    spans.push_back({e.local_offset, end, &e.name});
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.begin < b.begin;
  });
  uint64_t cursor = 0;
  for (const auto& span : spans) {
    if (span.begin < cursor) {
      return malformed("zip-overlapping-entries", "entry overlaps another: " + *span.name);
    }
    if (span.begin > cursor) {
      return malformed("zip-trailing-data", "unaccounted bytes before " + *span.name);
    }
    cursor = span.end;
  }
  if (cursor != cd_offset) {
    return malformed("zip-trailing-data", "unaccounted bytes before the central directory");
  }
  return reader;
}

const Entry* Reader::find(std::string_view name) const {
  for (const auto& e : entries_) {
    if (e.name == name) return &e;
  }
  std::string lower = lowerAscii(name);
  for (const auto& e : entries_) {
    if (lowerAscii(e.name) == lower) return &e;
  }
  return nullptr;
}

Result<std::string> Reader::read(const Entry& entry, Budget& budget) const {
  SANSO_RETURN_IF_ERROR(budget.chargeExpanded(entry.uncompressed_size, entry.name));
  SANSO_RETURN_IF_ERROR(budget.checkTime(entry.name));
  ByteView packed = data_.subspan(entry.data_offset, entry.compressed_size);
  std::string out;
  if (entry.method == 0) {
    out.assign(asChars(packed));
  } else {
    out.resize(entry.uncompressed_size);
    std::unique_ptr<libdeflate_decompressor, void (*)(libdeflate_decompressor*)> inflater(
        libdeflate_alloc_decompressor(), libdeflate_free_decompressor);
    if (inflater == nullptr) return Status::internal("cannot allocate a deflate decompressor");
    size_t consumed = 0;
    size_t produced = 0;
    libdeflate_result rc =
        libdeflate_deflate_decompress_ex(inflater.get(), packed.data(), packed.size(), out.data(),
                                         out.size(), &consumed, &produced);
    // A stream that wants more room than declared is longer than it claims.
    if (rc == LIBDEFLATE_INSUFFICIENT_SPACE) {
      return malformed("zip-size-mismatch", entry.name + " inflates past its declared size");
    }
    if (rc != LIBDEFLATE_SUCCESS || produced != entry.uncompressed_size ||
        consumed != packed.size()) {
      return malformed("zip-size-mismatch", entry.name + " does not inflate to its declared size");
    }
  }
  uint32_t crc = libdeflate_crc32(0, out.data(), out.size());
  if (crc != entry.crc32) return malformed("zip-crc-mismatch", "CRC-32 differs for " + entry.name);
  return out;
}

std::optional<Packed> Reader::packed(const Entry& entry) const {
  if (entry.method != 8) return std::nullopt;
  return Packed{data_.subspan(entry.data_offset, entry.compressed_size), entry.crc32,
                entry.uncompressed_size};
}

}  // namespace sanso::sanitize::zip
