// Word boxes for the image-pdf text layer: Tesseract (Japanese and English) on a page raster.
// This header is shared by the engine and the media module; the code behind it lives in the
// module (ocr_words.cc), reached through media/media.h.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sanso/common/status.h"

namespace sanso::sanitize::ocr {

// Japanese (and other CJK) characters, between which Tesseract puts spaces that the text never
// had: CJK punctuation, kana, ideographs, full-width forms.
inline bool isCjk(uint32_t cp) {
  return (cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

// One recognised word. Boxes are in pixels, origin at the top left, right and bottom edges
// exclusive; `line` numbers the text lines of the page from 0, and every word of a line carries
// the line's box.
struct OcrWord {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int line = 0;
  int line_x0 = 0, line_y0 = 0, line_x1 = 0, line_y1 = 0;
  std::string text;  // UTF-8 as Tesseract gives it
};

// 8-bit pixels, not owned: `bands` 1 (grey) or 3 (RGB), rows `stride` bytes apart.
struct OcrImage {
  const uint8_t* pixels = nullptr;
  int width = 0;
  int height = 0;
  int bands = 0;
  size_t stride = 0;
  int dpi = 0;
};

// One Tesseract instance (jpn+eng), initialised once; use it from one thread at a time.
class OcrSession;

// Loads jpn+eng; an internal error when the language data is missing.
Result<OcrSession*> openSession();
// Releases a session from openSession (nullptr is ignored).
void closeSession(OcrSession* session);
// Recognises `image` and returns its words in reading order. Gives up after `deadline_ms`
// milliseconds or once `*cancel` becomes true, returning "ocr-failed" (the caller tells a
// spent time budget apart).
Result<std::vector<OcrWord>> recognizeWords(OcrSession& session, const OcrImage& image,
                                            int64_t deadline_ms, const std::atomic<bool>* cancel);
// Recognises `image` and returns its text as Tesseract lays it out (UTF-8, lines and
// paragraphs); "ocr-failed" as recognizeWords.
Result<std::string> recognizeText(OcrSession& session, const OcrImage& image, int64_t deadline_ms);
// Tesseract's glyphless TrueType font (pdf.ttf beside the language data): one empty glyph,
// GID 1, for invisible text.
Result<std::string> glyphlessFont(OcrSession& session);

}  // namespace sanso::sanitize::ocr
