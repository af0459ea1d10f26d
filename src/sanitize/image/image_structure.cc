#include "image_structure.h"

#include "bmp_decoder.h"

namespace sanso::sanitize::image {

Structure scanStructure(ByteView input, FileType type) {
  switch (type) {
    case FileType::kJpeg:
      return scanJpeg(input);
    case FileType::kPng:
      return scanPng(input);
    case FileType::kGif:
      return scanGif(input);
    case FileType::kTiff:
      return scanTiff(input);
    case FileType::kWebp:
      return scanWebp(input);
    case FileType::kBmp:
      return scanBmp(input);
    default:
      return {};
  }
}

std::optional<uint16_t> readBe16(ByteView bytes, uint64_t offset) {
  if (offset > bytes.size() || bytes.size() - offset < 2) return std::nullopt;
  return static_cast<uint16_t>((bytes[offset] << 8) | bytes[offset + 1]);
}

std::optional<uint32_t> readBe32(ByteView bytes, uint64_t offset) {
  if (offset > bytes.size() || bytes.size() - offset < 4) return std::nullopt;
  return (static_cast<uint32_t>(bytes[offset]) << 24) |
         (static_cast<uint32_t>(bytes[offset + 1]) << 16) |
         (static_cast<uint32_t>(bytes[offset + 2]) << 8) | static_cast<uint32_t>(bytes[offset + 3]);
}

bool hasAt(ByteView bytes, uint64_t offset, std::string_view prefix) {
  auto view = subView(bytes, offset, prefix.size());
  return view && asChars(*view) == prefix;
}

std::string printable(ByteView bytes, size_t max) {
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < max; ++i) {
    uint8_t c = bytes[i];
    out.push_back(c >= 0x20 && c <= 0x7e ? static_cast<char>(c) : '?');
  }
  return out;
}

}  // namespace sanso::sanitize::image
