// Images: decode to pixels and re-encode, dropping metadata, comments, thumbnails and trailers.
#pragma once

#include <string>

#include "job.h"
#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"

namespace sanso::sanitize::image {

// Initialises libvips once per process (thread-safe, idempotent): one worker thread per
// pipeline, no operation cache (untrusted images are never kept), and only the five buffer
// loaders sanso uses (JPEG, PNG, GIF, TIFF, WebP) enabled; every other libvips loader
// (ImageMagick, SVG, PDF, MATLAB, ...) is blocked process-wide. Every entry point below calls it.
void initOnce();

struct Encoded {
  std::string bytes;
  FileType type;  // kJpeg for JPEG inputs, kPng for everything else unless noted
};

// Decodes `input` (of detected `type`) and re-encodes it without any metadata. Blocks with
// "limit-image-pixels" before decoding an image larger than the limit, and "malformed-image"
// when it does not decode. Used directly for images embedded in documents.
Result<Encoded> reencode(ByteView input, FileType type, Budget& budget, const std::string& where);

// cdr for image files: writes the re-encoded image (JPEG stays JPEG, GIF/BMP/TIFF/WebP/PNG
// become PNG) and logs what was dropped.
Result<FileType> sanitizeImage(Job& job);

// 8-bit pixels after decoding: `bands` is 1 (grey) or 3 (sRGB), rows top-down, no padding.
struct Pixels {
  int width = 0;
  int height = 0;
  int bands = 0;
  std::string data;
};

// Decodes `input` to flattened 8-bit grey or sRGB pixels (alpha composited on white).
Result<Pixels> decode(ByteView input, FileType type, Budget& budget, const std::string& where);

}  // namespace sanso::sanitize::image
