// BMP: libvips has no BMP loader of its own (only through ImageMagick, which sanso blocks), so
// sanso decodes BMP itself: Windows 3.x to V5 and OS/2 1.x headers; 1/4/8-bit palette,
// 16/24/32-bit direct colour with optional bit fields, and RLE4/RLE8. Embedded JPEG/PNG
// (printer-only compressions) and OS/2 2.x headers are refused.
#pragma once

#include <string>

#include "image_structure.h"
#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::image {

// 8-bit RGB or RGBA pixels, rows top-down, no padding.
struct BmpImage {
  int width = 0;
  int height = 0;
  int bands = 0;  // 3, or 4 when the file has a non-empty alpha channel
  std::string data;
};

// Decodes `input`. Blocks "limit-image-pixels" before allocating an image over the limit,
// "malformed-image" for truncated or inconsistent files, "unsupported-image" for valid
// variants it does not decode.
Result<BmpImage> decodeBmp(ByteView input, Budget& budget, const std::string& where);

// The BMP part of scanStructure(): embedded or linked ICC profiles, bytes after the image.
Structure scanBmp(ByteView input);

}  // namespace sanso::sanitize::image
