// Writes a PDF whose pages each show one JPEG image and nothing else: no fonts, text, annotations,
// actions, forms, metadata or /Info. Written directly, page by page, so memory stays flat.
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
  Status addPage(std::string_view jpeg, int pixel_width, int pixel_height, int components,
                 double width_pt, double height_pt);
  // Writes the page tree, cross-reference table and trailer and closes the file; until then the
  // file is not a PDF.
  Status finish();

 private:
  explicit ImagePdfWriter(std::FILE* file) : file_(file) {}
  void beginObject(uint32_t number);
  void put(std::string_view data);

  std::FILE* file_;
  uint64_t offset_ = 0;
  bool failed_ = false;
  std::vector<uint64_t> offsets_;  // by object number; 0 = not yet written
  std::vector<uint32_t> pages_;    // page object numbers, in order
};

}  // namespace sanso::sanitize::render
