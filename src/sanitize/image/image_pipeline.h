// The decode half shared by reencode() and decode(): load through the one libvips loader
// for the detected type, check the pixel limit before any pixel is decoded, then bring the
// pixels to upright 8-bit sRGB or grey.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/sanitize/file_type.h"
#include "vips_util.h"

namespace sanso::sanitize::image {

// A lazily decoded image and the bytes it decodes from (members destroyed image first).
struct LoadedImage {
  std::unique_ptr<std::string> filtered;  // the input as the decoder sees it, when rewritten
  VipsImagePtr image;
};

// Loads `input`: 8-bit (uchar), 1 band grey or 3 bands sRGB, plus an alpha band when the
// input had one; rotated upright when the input carried an orientation tag. `input` must
// outlive the result. Blocks "limit-image-pixels", "malformed-image", "unsupported-image"
// (valid but not a supported kind, e.g. a BMP with embedded JPEG).
Result<LoadedImage> loadNormalized(ByteView input, FileType type, Budget& budget,
                                   const std::string& where);

// Guards one pixel computation on `image` (the image about to be saved or copied out):
// libvips stops computing once the job's time is spent. Call finish() with the libvips
// result code to turn a failure into the right Status.
class TimeGuard {
 public:
  TimeGuard(VipsImage* image, Budget& budget, std::string where);
  ~TimeGuard();
  TimeGuard(const TimeGuard&) = delete;
  TimeGuard& operator=(const TimeGuard&) = delete;

  // ok when `vips_result` is 0; "limit-time" when the guard stopped the computation;
  // otherwise "malformed-image" with libvips' message prefixed by `context`.
  Status finish(int vips_result, const std::string& context);

 private:
  static void onEval(VipsImage* image, VipsProgress* progress, TimeGuard* guard);

  VipsImage* image_;
  Budget& budget_;
  std::string where_;
  gulong handler_ = 0;
  std::atomic<bool> expired_{false};  // set from libvips' worker thread
};

}  // namespace sanso::sanitize::image
