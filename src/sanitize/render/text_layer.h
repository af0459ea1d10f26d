// The invisible OCR text layer of an image-pdf page: PDF content operators that place each
// recognised word, in render mode 3 (neither filled nor stroked), over its box on the image.
#pragma once

#include <string>
#include <vector>

#include "ocr/ocr_words.h"

namespace sanso::sanitize::render {

struct TextLayer {
  std::string operators;  // empty when no word is left
  size_t words = 0;
};

// Builds the layer for words found on a raster of `pixel_width` x `pixel_height` pixels shown on
// a page of `width_pt` x `height_pt` points. Uses font /F0, a Type0 font with Identity-H codes
// that are the characters' UTF-16 code units and glyphs 500/1000 em wide: each line's font size
// is its box's height, and each word is stretched (Tz) over its box and the gap to the next word.
// Words are followed by a space, except between two Japanese characters, so that extracted
// text reads like ocr::joinCjkSpaces's. Characters outside the BMP and control characters are
// left out; every string is written in hex, so no word can inject operators.
TextLayer buildTextLayer(const std::vector<ocr::OcrWord>& words, int pixel_width, int pixel_height,
                         double width_pt, double height_pt);

}  // namespace sanso::sanitize::render
