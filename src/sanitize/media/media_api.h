// The table of entry points the media module (libvips image handling and Tesseract OCR)
// exports. The engine reaches images and OCR only through this table, so that programs which
// never touch an image do not load libvips, Tesseract and their hundred libraries.
#pragma once

#include <cstdint>
#include <string>

#include "image/image_sanitizer.h"
#include "job.h"

namespace sanso::sanitize::media {

// Bumped whenever the table or a type it passes changes; the loader refuses a module built
// for another version.
inline constexpr uint32_t kMediaApiVersion = 1;

struct MediaApi {
  uint32_t version;
  Result<image::Encoded> (*reencode)(ByteView input, FileType type, Budget& budget,
                                     const std::string& where);
  Result<image::Pixels> (*decode)(ByteView input, FileType type, Budget& budget,
                                  const std::string& where);
  Result<FileType> (*sanitize_image)(Job& job);
  Result<FileType> (*image_to_text)(Job& job);
};

}  // namespace sanso::sanitize::media

// Defined by the media module (and by test and fuzz programs that link the media code in).
extern "C" const sanso::sanitize::media::MediaApi* sanso_media_api();
