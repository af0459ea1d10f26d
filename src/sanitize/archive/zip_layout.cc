#include "archive/zip_layout.h"

#include <algorithm>
#include <string>
#include <vector>

#include "zip/zip_end_record.h"

namespace sanso::sanitize::archive {
namespace {

constexpr uint32_t kLocalSig = 0x04034b50;
constexpr uint32_t kCentralSig = 0x02014b50;
constexpr uint64_t kCentralSize = 46;
constexpr uint64_t kLocalSize = 30;

Status malformed(const std::string& reason, const std::string& message) {
  return Status::blocked(reason, message);
}

struct Span {
  uint64_t begin;
  uint64_t end;
  uint32_t index;
};

}  // namespace

Status checkZipLayout(ByteView data, Budget& budget) {
  SANSO_ASSIGN_OR_RETURN(zip::EndRecord end, zip::findEndRecord(data));
  const uint64_t end_offset = end.offset;
  const uint16_t total = end.total_entries;
  const uint32_t cd_size = end.central_size;
  const uint32_t cd_offset = end.central_offset;
  SANSO_RETURN_IF_ERROR(zip::checkSingleDiskZip32(end));
  if (uint64_t{cd_offset} + cd_size > end_offset) {
    return malformed("malformed-zip", "central directory overruns the end record");
  }
  SANSO_RETURN_IF_ERROR(
      budget.check("archive-entries", total, budget.limits().max_archive_entries, "zip"));

  std::vector<Span> spans;
  spans.reserve(total);
  uint64_t pos = cd_offset;
  const uint64_t cd_end = uint64_t{cd_offset} + cd_size;
  for (uint32_t i = 0; i < total; ++i) {
    if (pos + kCentralSize > cd_end || readLe<uint32_t>(data, pos) != kCentralSig) {
      return malformed("malformed-zip", "bad central directory entry " + std::to_string(i));
    }
    const uint32_t compressed = *readLe<uint32_t>(data, pos + 20);
    const uint32_t uncompressed = *readLe<uint32_t>(data, pos + 24);
    const uint16_t name_len = *readLe<uint16_t>(data, pos + 28);
    const uint16_t extra_len = *readLe<uint16_t>(data, pos + 30);
    const uint16_t comment_len = *readLe<uint16_t>(data, pos + 32);
    const uint32_t local = *readLe<uint32_t>(data, pos + 42);
    const uint64_t record_end = pos + kCentralSize + name_len + extra_len + comment_len;
    if (record_end > cd_end) return malformed("malformed-zip", "central entry overruns");
    if (compressed == 0xffffffff || uncompressed == 0xffffffff || local == 0xffffffff) {
      return malformed("zip64-unsupported", "zip64 entry " + std::to_string(i));
    }
    const ByteView name = data.subspan(pos + kCentralSize, name_len);
    pos = record_end;

    if (uint64_t{local} + kLocalSize > cd_offset || readLe<uint32_t>(data, local) != kLocalSig) {
      return malformed("zip-header-mismatch", "missing local header for entry " +
                                                  std::to_string(i));
    }
    const uint16_t l_name_len = *readLe<uint16_t>(data, local + 26);
    const uint16_t l_extra_len = *readLe<uint16_t>(data, local + 28);
    auto l_name = subView(data, local + kLocalSize, l_name_len);
    if (!l_name || !std::equal(l_name->begin(), l_name->end(), name.begin(), name.end())) {
      return malformed("zip-header-mismatch", "local name differs for entry " +
                                                  std::to_string(i));
    }
    const uint64_t data_end = uint64_t{local} + kLocalSize + l_name_len + l_extra_len + compressed;
    if (data_end > cd_offset) {
      return malformed("zip-header-mismatch", "data overruns for entry " + std::to_string(i));
    }
    spans.push_back({local, data_end, i});
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  for (size_t i = 1; i < spans.size(); ++i) {
    if (spans[i].begin < spans[i - 1].end) {
      return malformed("zip-overlapping-entries",
                       "entry " + std::to_string(spans[i].index) + " overlaps entry " +
                           std::to_string(spans[i - 1].index));
    }
  }
  return Status::ok();
}

}  // namespace sanso::sanitize::archive
