// Renders PDF pages with MuPDF into a pixmap reused from page to page: grey for pages that draw
// nothing in colour (known before rendering, from a display list), RGB otherwise.
#pragma once

#include <mupdf/fitz.h>

#include <cstddef>
#include <cstdint>
#include <functional>

#include "pdf/mupdf_document.h"
#include "render/raster.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::render {

class PageRasterizer {
 public:
  PageRasterizer(pdf::MupdfDocument& doc, int dpi) : doc_(doc), dpi_(dpi) {}
  PageRasterizer(const PageRasterizer&) = delete;
  PageRasterizer& operator=(const PageRasterizer&) = delete;
  ~PageRasterizer();

  // Renders page `index` (0-based) as shown, /Rotate and crop box applied, with its annotations'
  // appearances. `admit` sees the pixel count first and may refuse it (the caller's limit). The
  // raster stays valid until the next call.
  Result<Raster> render(int index, const std::function<Status(uint64_t pixels)>& admit);

 private:
  Status preparePixmap(int width, int height, bool grey);

  pdf::MupdfDocument& doc_;
  int dpi_;
  fz_pixmap* pixmap_ = nullptr;
};

}  // namespace sanso::sanitize::render
