// A minimal reader for classic TIFF directories (IFDs): the tag numbers of one IFD and the
// offset of the next. Shared by the TIFF walker and the EXIF inspection of JPEG/PNG files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sanso/common/bytes.h"

namespace sanso::sanitize::image {

struct TiffDirectory {
  std::vector<uint16_t> tags;
  uint32_t next_offset = 0;  // 0: last directory
};

class TiffReader {
 public:
  // Reads the "II*\0" / "MM\0*" header of `tiff`; nullopt for anything else (BigTIFF too).
  static std::optional<TiffReader> open(ByteView tiff);

  uint32_t firstOffset() const { return first_offset_; }
  // The directory at `offset`; nullopt when it does not fit inside the data.
  std::optional<TiffDirectory> directory(uint32_t offset) const;

 private:
  TiffReader(ByteView tiff, bool little_endian, uint32_t first_offset)
      : tiff_(tiff), little_endian_(little_endian), first_offset_(first_offset) {}
  std::optional<uint16_t> read16(uint64_t offset) const;
  std::optional<uint32_t> read32(uint64_t offset) const;

  ByteView tiff_;
  bool little_endian_;
  uint32_t first_offset_;
};

// Describes an EXIF block (a TIFF structure): "EXIF", "EXIF with GPS location"; sets
// `has_thumbnail` when a second directory (IFD1, the thumbnail) exists.
std::string describeExif(ByteView tiff, bool& has_thumbnail);

}  // namespace sanso::sanitize::image
