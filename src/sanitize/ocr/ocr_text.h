// text for images: optical character recognition (Tesseract, Japanese and English).
#pragma once

#include <string>
#include <string_view>

#include "job.h"

namespace sanso::sanitize::ocr {

// Decodes the image input through the image module (so Tesseract only ever sees sanitized
// pixels, never the file), recognises its text and writes it as UTF-8. Blocks "limit-time" when
// recognition does not finish within the job's time budget.
Result<FileType> imageToText(Job& job);

// Tesseract separates CJK characters with spaces ("宗 像 市"); joins them back while keeping
// spaces between words of Latin text.
std::string joinCjkSpaces(std::string_view text);

}  // namespace sanso::sanitize::ocr
