#include "tiff_directory.h"

#include <algorithm>
#include <string>

#include "image_structure.h"

namespace sanso::sanitize::image {

namespace {
constexpr uint16_t kTagGps = 0x8825;
}  // namespace

std::optional<TiffReader> TiffReader::open(ByteView tiff) {
  bool little;
  if (hasAt(tiff, 0, std::string_view("II*\0", 4))) {
    little = true;
  } else if (hasAt(tiff, 0, std::string_view("MM\0*", 4))) {
    little = false;
  } else {
    return std::nullopt;
  }
  auto first = little ? readLe<uint32_t>(tiff, 4) : readBe32(tiff, 4);
  if (!first) return std::nullopt;
  return TiffReader(tiff, little, *first);
}

std::optional<uint16_t> TiffReader::read16(uint64_t offset) const {
  return little_endian_ ? readLe<uint16_t>(tiff_, offset) : readBe16(tiff_, offset);
}

std::optional<uint32_t> TiffReader::read32(uint64_t offset) const {
  return little_endian_ ? readLe<uint32_t>(tiff_, offset) : readBe32(tiff_, offset);
}

std::optional<TiffDirectory> TiffReader::directory(uint32_t offset) const {
  auto count = read16(offset);
  if (!count) return std::nullopt;
  uint64_t entries = uint64_t{offset} + 2;
  auto next = read32(entries + uint64_t{*count} * 12);
  if (!next) return std::nullopt;
  TiffDirectory dir;
  dir.next_offset = *next;
  dir.tags.reserve(*count);
  for (uint32_t i = 0; i < *count; ++i) {
    auto tag = read16(entries + uint64_t{i} * 12);
    if (!tag) return std::nullopt;
    dir.tags.push_back(*tag);
  }
  return dir;
}

std::string describeExif(ByteView tiff, bool& has_thumbnail) {
  has_thumbnail = false;
  auto reader = TiffReader::open(tiff);
  if (!reader) return "EXIF";
  auto ifd0 = reader->directory(reader->firstOffset());
  if (!ifd0) return "EXIF";
  has_thumbnail = ifd0->next_offset != 0 && ifd0->next_offset != reader->firstOffset() &&
                  reader->directory(ifd0->next_offset).has_value();
  bool gps = std::find(ifd0->tags.begin(), ifd0->tags.end(), kTagGps) != ifd0->tags.end();
  return gps ? "EXIF with GPS location" : "EXIF";
}

}  // namespace sanso::sanitize::image
