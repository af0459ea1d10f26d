// A rendered or decoded page on its way into an image PDF.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "render/image_pdf_writer.h"
#include "render/jpeg_encoder.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::render {

// 8-bit pixels in memory, not owned: `bands` is 1 (grey) or 3 (RGB), rows `stride` bytes apart.
struct Raster {
  const uint8_t* pixels = nullptr;
  int width = 0;
  int height = 0;
  int bands = 0;
  size_t stride = 0;
  // False when the producer knows a 3-band raster has colour, which spares the pixel scan.
  bool may_be_grey = true;
  // The page size the raster covers, in points.
  double width_pt = 0;
  double height_pt = 0;
};

// True when `raster` has no colour: one band, or three equal bands in every pixel.
bool isGrey(const Raster& raster);

// A raster encoded for ImagePdfWriter::addPage.
struct EncodedPage {
  std::string_view jpeg;
  int width = 0;
  int height = 0;
  int components = 0;
  double width_pt = 0;
  double height_pt = 0;
};

// Turns rasters into image-PDF pages: JPEG (quality 85), grey when the raster has no colour.
class RasterPageEncoder {
 public:
  // Encodes `raster` and appends it to `writer` as a page of the raster's size.
  Status addPage(const Raster& raster, ImagePdfWriter& writer);
  // Encodes `raster`; the JPEG bytes stay valid until the next call.
  Result<EncodedPage> encode(const Raster& raster);

 private:
  JpegEncoder jpeg_;
  std::string grey_;  // reused buffer for colourless RGB rasters reduced to one band
};

}  // namespace sanso::sanitize::render
