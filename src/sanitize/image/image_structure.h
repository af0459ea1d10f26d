// Walks the container structure of an image file (markers, chunks, blocks, IFDs) without
// decoding pixels, to report what re-encoding drops: metadata, comments, thumbnails, extra
// frames and bytes after the end of the image. Report-only: the pixels are always decoded by
// the codec library, and a structure these walkers cannot follow is simply reported less.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanso/common/bytes.h"
#include "sanso/sanitize/file_type.h"

namespace sanso::sanitize::image {

// One thing the input carries that the output will not. `what` is an action slug:
// "metadata", "comment", "thumbnail", "extra-frames".
struct Finding {
  std::string what;
  std::string detail;
};

struct Structure {
  std::vector<Finding> findings;
  // Bytes after the image's end marker (JPEG EOI, PNG IEND, GIF trailer, RIFF/BMP end);
  // zero when there are none or the format has no defined end (TIFF).
  uint64_t trailing_bytes = 0;
};

// Dispatches on `type`; unknown types yield an empty Structure.
Structure scanStructure(ByteView input, FileType type);

Structure scanJpeg(ByteView input);
Structure scanPng(ByteView input);
Structure scanGif(ByteView input);
Structure scanTiff(ByteView input);
Structure scanWebp(ByteView input);
// BMP lives with its decoder (bmp_decoder.h).

// Big-endian reads; nullopt when out of range.
std::optional<uint16_t> readBe16(ByteView bytes, uint64_t offset);
std::optional<uint32_t> readBe32(ByteView bytes, uint64_t offset);
// True when `bytes` has `prefix` at `offset`.
bool hasAt(ByteView bytes, uint64_t offset, std::string_view prefix);
// Up to `max` bytes of an identifier from the file, non-printable ASCII replaced by '?'.
std::string printable(ByteView bytes, size_t max = 32);

}  // namespace sanso::sanitize::image
