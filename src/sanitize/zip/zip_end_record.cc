#include "zip/zip_end_record.h"

namespace sanso::sanitize::zip {
namespace {

constexpr uint32_t kEndSig = 0x06054b50;
constexpr uint64_t kMaxComment = 65535;

}  // namespace

Result<EndRecord> findEndRecord(ByteView data) {
  if (data.size() < kEndRecordSize) {
    return Status::blocked("malformed-zip", "too small for a zip archive");
  }
  const uint64_t floor =
      data.size() > kEndRecordSize + kMaxComment ? data.size() - kEndRecordSize - kMaxComment : 0;
  for (uint64_t pos = data.size() - kEndRecordSize + 1; pos-- > floor;) {
    if (readLe<uint32_t>(data, pos) != kEndSig) continue;
    EndRecord end;
    end.offset = pos;
    end.disk = *readLe<uint16_t>(data, pos + 4);
    end.central_disk = *readLe<uint16_t>(data, pos + 6);
    end.disk_entries = *readLe<uint16_t>(data, pos + 8);
    end.total_entries = *readLe<uint16_t>(data, pos + 10);
    end.central_size = *readLe<uint32_t>(data, pos + 12);
    end.central_offset = *readLe<uint32_t>(data, pos + 16);
    end.comment_length = *readLe<uint16_t>(data, pos + 20);
    return end;
  }
  return Status::blocked("malformed-zip", "no end of central directory");
}

Status checkSingleDiskZip32(const EndRecord& end) {
  if (end.disk != 0 || end.central_disk != 0 || end.disk_entries != end.total_entries) {
    return Status::blocked("malformed-zip", "multi-disk archives are not supported");
  }
  if (end.total_entries == 0xffff || end.central_size == 0xffffffff ||
      end.central_offset == 0xffffffff) {
    return Status::blocked("zip64-unsupported", "zip64 archives are not supported");
  }
  return Status::ok();
}

}  // namespace sanso::sanitize::zip
