#include "render/raster.h"

namespace sanso::sanitize::render {
namespace {

constexpr int kJpegQuality = 85;

}  // namespace

bool isGrey(const Raster& raster) {
  if (raster.bands == 1) return true;
  for (int y = 0; y < raster.height; ++y) {
    const uint8_t* row = raster.pixels + static_cast<size_t>(y) * raster.stride;
    // Accumulate over the row without branching so that the loop vectorizes.
    uint8_t difference = 0;
    for (int x = 0; x < raster.width; ++x) {
      const uint8_t* p = row + 3 * x;
      difference |= static_cast<uint8_t>((p[0] ^ p[1]) | (p[1] ^ p[2]));
    }
    if (difference != 0) return false;
  }
  return true;
}

Status RasterPageEncoder::addPage(const Raster& raster, ImagePdfWriter& writer) {
  SANSO_ASSIGN_OR_RETURN(EncodedPage page, encode(raster));
  return writer.addPage(page.jpeg, page.width, page.height, page.components, page.width_pt,
                        page.height_pt);
}

Result<EncodedPage> RasterPageEncoder::encode(const Raster& raster) {
  const uint8_t* pixels = raster.pixels;
  int bands = raster.bands;
  size_t stride = raster.stride;
  if (bands == 3 && raster.may_be_grey && isGrey(raster)) {
    grey_.resize(static_cast<size_t>(raster.width) * static_cast<size_t>(raster.height));
    auto* out = reinterpret_cast<uint8_t*>(grey_.data());
    for (int y = 0; y < raster.height; ++y) {
      const uint8_t* row = raster.pixels + static_cast<size_t>(y) * raster.stride;
      for (int x = 0; x < raster.width; ++x) *out++ = row[3 * x];
    }
    pixels = reinterpret_cast<const uint8_t*>(grey_.data());
    bands = 1;
    stride = static_cast<size_t>(raster.width);
  }
  SANSO_ASSIGN_OR_RETURN(std::string_view jpeg, jpeg_.encode(pixels, raster.width, raster.height,
                                                             bands, stride, kJpegQuality));
  return EncodedPage{jpeg, raster.width, raster.height, bands, raster.width_pt, raster.height_pt};
}

}  // namespace sanso::sanitize::render
