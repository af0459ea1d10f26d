// Writes a PDF whose pages each show one JPEG image and nothing else: no fonts, text, annotations,
// actions, forms, metadata or /Info, unless --ocr: then a page may also carry an invisible OCR
// text layer in one glyphless font (text render mode 3), its only text. Written directly, page
// by page, so memory stays flat.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sanso/common/status.h"

namespace sanso::sanitize::render {

class ImagePdfWriter {
 public:
  // Starts the PDF at `path` (truncating it).
  static Result<std::unique_ptr<ImagePdfWriter>> create(const std::string& path);

  ImagePdfWriter(const ImagePdfWriter&) = delete;
  ImagePdfWriter& operator=(const ImagePdfWriter&) = delete;
  ~ImagePdfWriter();

  // Appends a page of `width_pt` x `height_pt` points covered by `jpeg`, an image of
  // `pixel_width` x `pixel_height` pixels with `components` components (1: grey, 3: RGB).
  // `text_layer`, when not empty, is drawn after the image: content operators (from
  // buildTextLayer) that use the font /F0, which setGlyphlessFont must have provided.
  Status addPage(std::string_view jpeg, int pixel_width, int pixel_height, int components,
                 double width_pt, double height_pt, std::string_view text_layer = {});
  // The TrueType font (one glyph, GID 1) embedded as /F0, a Type0 font whose CIDs are Unicode
  // code points (Identity-H) with a ToUnicode map; written once, with the first page using it.
  void setGlyphlessFont(std::string truetype) { font_file_ = std::move(truetype); }
  // Writes the page tree, cross-reference table and trailer and closes the file; until then the
  // file is not a PDF.
  Status finish();

 private:
  explicit ImagePdfWriter(std::FILE* file) : file_(file) {}
  void beginObject(uint32_t number);
  void put(std::string_view data);
  uint32_t allocate() { return next_object_++; }
  Status writeFont();

  std::FILE* file_;
  uint64_t offset_ = 0;
  bool failed_ = false;
  std::vector<uint64_t> offsets_;  // by object number; 0 = not yet written
  std::vector<uint32_t> pages_;    // page object numbers, in order
  uint32_t next_object_ = 0;
  std::string font_file_;
  uint32_t font_ = 0;  // the Type0 font's object once a page uses it
};

}  // namespace sanso::sanitize::render
