// The table of entry points the media module (libvips image handling and Tesseract OCR)
// exports. The engine reaches images and OCR only through this table, so that programs which
// never touch an image do not load libvips, Tesseract and their hundred libraries.
#pragma once

#include <cstdint>
#include <string>

#include "image/image_sanitizer.h"
#include "job.h"
#include "ocr/ocr_words.h"

namespace sanso::sanitize::media {

// Bumped whenever the table or a type it passes changes; the loader refuses a module built
// for another version.
inline constexpr uint32_t kMediaApiVersion = 2;

struct MediaApi {
  uint32_t version;
  Result<image::Encoded> (*reencode)(ByteView input, FileType type, Budget& budget,
                                     const std::string& where);
  Result<image::Pixels> (*decode)(ByteView input, FileType type, Budget& budget,
                                  const std::string& where);
  Result<FileType> (*sanitize_image)(Job& job);
  Result<FileType> (*image_to_text)(Job& job);
  Result<ocr::OcrSession*> (*open_ocr_session)();
  void (*close_ocr_session)(ocr::OcrSession* session);
  Result<std::vector<ocr::OcrWord>> (*recognize_words)(ocr::OcrSession& session,
                                                       const ocr::OcrImage& image,
                                                       int64_t deadline_ms,
                                                       const std::atomic<bool>* cancel);
  Result<std::string> (*glyphless_font)(ocr::OcrSession& session);
};

}  // namespace sanso::sanitize::media

// Defined by the media module (and by test and fuzz programs that link the media code in).
extern "C" const sanso::sanitize::media::MediaApi* sanso_media_api();
