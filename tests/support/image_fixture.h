// Image fixtures for the image and codec tests: gradients written with libvips, PNG chunks
// spliced as raw bytes. Header-only: only the tests that include it link libvips.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <vips/vips8>

#include "image/image_sanitizer.h"

namespace sanso::test {

// `v` as 4 big-endian bytes.
inline std::string be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

// A w x h image with a colour gradient (`bands`: 1 grey, 3 sRGB, 4 sRGB + alpha).
inline vips::VImage gradient(int width, int height, int bands = 3) {
  using vips::VImage;
  sanitize::image::initOnce();
  VImage xy = VImage::xyz(width, height);
  VImage r = xy[0] * (255.0 / width);
  VImage g = xy[1] * (255.0 / height);
  VImage image = bands == 1 ? r : r.bandjoin(g).bandjoin((r + g) / 2);
  if (bands == 4) image = image.bandjoin(xy[0] * (255.0 / width));
  image = image.cast(VIPS_FORMAT_UCHAR);
  return image.copy(VImage::option()->set(
      "interpretation", bands == 1 ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB));
}

// `image` written by libvips as `suffix` (".png", ".jpg"...).
inline std::string save(const vips::VImage& image, const char* suffix,
                        vips::VOption* options = nullptr) {
  void* buffer = nullptr;
  size_t size = 0;
  image.write_to_buffer(suffix, &buffer, &size, options);
  std::string bytes(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return bytes;
}

// `bytes` decoded by libvips, in memory.
inline vips::VImage load(const std::string& bytes) {
  return vips::VImage::new_from_buffer(bytes, "",
                                       vips::VImage::option()->set("access", VIPS_ACCESS_RANDOM))
      .copy_memory();
}

// One PNG chunk: length, type, data, CRC.
inline std::string pngChunk(const std::string& type, const std::string& data) {
  std::string body = type + data;
  uLong crc = crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()));
  return be32(static_cast<uint32_t>(data.size())) + body + be32(static_cast<uint32_t>(crc));
}

// `png` with `chunks` inserted right after IHDR (signature 8 + IHDR 25 bytes).
inline std::string withPngChunks(const std::string& png, const std::string& chunks) {
  return png.substr(0, 33) + chunks + png.substr(33);
}

// `v` as 2 and 4 little-endian bytes.
inline std::string le16(uint16_t v) { return {static_cast<char>(v), static_cast<char>(v >> 8)}; }
inline std::string le32(uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); }

// One JPEG marker segment: FF, `marker`, big-endian length, `payload`.
inline std::string jpegSegment(uint8_t marker, const std::string& payload) {
  std::string s = {'\xFF', static_cast<char>(marker)};
  const size_t length = payload.size() + 2;
  s += static_cast<char>(length >> 8);
  s += static_cast<char>(length & 0xFF);
  return s + payload;
}

// `jpeg` with `segments` inserted right after SOI.
inline std::string withJpegSegments(const std::string& jpeg, const std::string& segments) {
  return jpeg.substr(0, 2) + segments + jpeg.substr(2);
}

}  // namespace sanso::test
