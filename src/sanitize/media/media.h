// Images and OCR for the rest of the engine. The first call loads the media module (libvips
// and Tesseract) unless the program links the media code in; until then none of those
// libraries is in the process. Every function returns an internal error when the module
// cannot be found or was built for another version.
#pragma once

#include <string>

#include "image/image_sanitizer.h"
#include "job.h"
#include "ocr/ocr_words.h"

namespace sanso::sanitize::media {

// image::reencode: plain PNG and JPEG with the engine's own codecs (codec/reencode.h),
// everything else, and every PNG or JPEG they decline, through the module.
Result<image::Encoded> reencode(ByteView input, FileType type, Budget& budget,
                                const std::string& where);

// image::decode through the module.
Result<image::Pixels> decode(ByteView input, FileType type, Budget& budget,
                             const std::string& where);

// Handler: cdr of an image file (image::sanitizeImage).
Result<FileType> sanitizeImage(Job& job);

// Handler: text of an image file by OCR (ocr::imageToText).
Result<FileType> imageToText(Job& job);

// ocr::openSession, closeSession, recognizeWords and glyphlessFont through the module.
Result<ocr::OcrSession*> openOcrSession();
void closeOcrSession(ocr::OcrSession* session);
Result<std::vector<ocr::OcrWord>> recognizeWords(ocr::OcrSession& session,
                                                 const ocr::OcrImage& image, int64_t deadline_ms,
                                                 const std::atomic<bool>* cancel);
Result<std::string> glyphlessFont(ocr::OcrSession& session);

}  // namespace sanso::sanitize::media
