// Baseline JPEG encoding of 8-bit grey or RGB pixels with libjpeg(-turbo).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sanso/common/status.h"

namespace sanso::sanitize::render {

// Reuses one output buffer across pages; not thread-safe (one per job).
class JpegEncoder {
 public:
  JpegEncoder() = default;
  JpegEncoder(const JpegEncoder&) = delete;
  JpegEncoder& operator=(const JpegEncoder&) = delete;
  ~JpegEncoder();

  // Encodes `height` rows of `width` pixels of `components` bytes (1: grey, 3: RGB), rows
  // `stride` bytes apart, at `quality` (1-100). The returned bytes stay valid until the next call.
  Result<std::string_view> encode(const uint8_t* pixels, int width, int height, int components,
                                  size_t stride, int quality);

 private:
  unsigned char* buffer_ = nullptr;
  unsigned long capacity_ = 0;
};

}  // namespace sanso::sanitize::render
