// reencode() and decode(): the pixel paths of the image module.
#include <cstring>
#include <string_view>

#include "image_pipeline.h"
#include "image_sanitizer.h"

namespace sanso::sanitize::image {

namespace {

constexpr int kJpegQuality = 92;
// zlib level for PNG output. Measured on 12 MP images: level 4 is the first with lazy
// matching, as small as 6 on screenshots (3x smaller than 3) and several times faster than 6
// on photos. Row filters (libvips' default: none) cost more time than they save here.
constexpr int kPngCompression = 4;

// Composites any alpha band onto white.
Result<VipsImagePtr> flattenOnWhite(VipsImagePtr image) {
  if (!vips_image_hasalpha(image.get())) return image;
  const int colour = vips_image_get_bands(image.get()) - 1;
  const double white[3] = {255, 255, 255};
  VipsArrayDouble* background = vips_array_double_new(white, colour);
  VipsImage* out = nullptr;
  const int rc = vips_flatten(image.get(), &out, "background", background, nullptr);
  vips_area_unref(VIPS_AREA(background));
  if (rc != 0) return vipsBlocked("malformed-image", "cannot flatten alpha");
  image.reset(out);
  if (vips_image_get_format(image.get()) != VIPS_FORMAT_UCHAR) {
    if (vips_cast_uchar(image.get(), &out, nullptr) != 0) {
      return vipsBlocked("malformed-image", "cannot convert to 8 bits");
    }
    image.reset(out);
  }
  return image;
}

// Keeps the input's chroma subsampling: camera JPEGs are 4:2:0, and re-encoding them 4:4:4
// at this quality makes them about 1.7 times larger for no visible gain.
VipsForeignSubsample subsampleLike(VipsImage* image) {
  const char* mode = nullptr;
  if (vips_image_get_typeof(image, "jpeg-chroma-subsample") != 0 &&
      vips_image_get_string(image, "jpeg-chroma-subsample", &mode) == 0 && mode != nullptr &&
      std::string_view(mode) == "4:2:0") {
    return VIPS_FOREIGN_SUBSAMPLE_ON;
  }
  return VIPS_FOREIGN_SUBSAMPLE_OFF;
}

// Takes ownership of a g_malloc'ed buffer from a libvips saver.
std::string takeBuffer(void* buffer, size_t length) {
  std::string bytes(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return bytes;
}

struct PixelSink {
  std::string* data;
  size_t row_bytes;
};

int copyRows(VipsRegion* region, VipsRect* area, void* user) {
  auto* sink = static_cast<PixelSink*>(user);
  for (int y = 0; y < area->height; ++y) {
    const auto* row = VIPS_REGION_ADDR(region, area->left, area->top + y);
    const size_t offset = static_cast<size_t>(area->top + y) * sink->row_bytes;
    std::memcpy(sink->data->data() + offset, row, sink->row_bytes);
  }
  return 0;
}

}  // namespace

Result<Encoded> reencode(ByteView input, FileType type, Budget& budget, const std::string& where) {
  SANSO_ASSIGN_OR_RETURN(LoadedImage loaded, loadNormalized(input, type, budget, where));
  VipsImagePtr& image = loaded.image;
  const bool jpeg = type == FileType::kJpeg;
  if (jpeg) {
    SANSO_ASSIGN_OR_RETURN(image, flattenOnWhite(std::move(image)));  // JPEG has no alpha
  }
  void* buffer = nullptr;
  size_t length = 0;
  TimeGuard guard(image.get(), budget, where);
  const int rc = jpeg ? vips_jpegsave_buffer(image.get(), &buffer, &length, "Q", kJpegQuality,
                                             "subsample_mode", subsampleLike(image.get()), "strip",
                                             TRUE, nullptr)
                      : vips_pngsave_buffer(image.get(), &buffer, &length, "compression",
                                            kPngCompression, "strip", TRUE, nullptr);
  Status status = guard.finish(rc, "cannot decode image");
  if (!status.isOk()) {
    g_free(buffer);
    return status;
  }
  return Encoded{takeBuffer(buffer, length), jpeg ? FileType::kJpeg : FileType::kPng};
}

Result<Pixels> decode(ByteView input, FileType type, Budget& budget, const std::string& where) {
  SANSO_ASSIGN_OR_RETURN(LoadedImage loaded, loadNormalized(input, type, budget, where));
  VipsImagePtr& image = loaded.image;
  SANSO_ASSIGN_OR_RETURN(image, flattenOnWhite(std::move(image)));
  Pixels pixels;
  pixels.width = vips_image_get_width(image.get());
  pixels.height = vips_image_get_height(image.get());
  pixels.bands = vips_image_get_bands(image.get());
  const size_t row_bytes = static_cast<size_t>(pixels.width) * static_cast<size_t>(pixels.bands);
  pixels.data.resize(row_bytes * static_cast<size_t>(pixels.height));
  PixelSink sink{&pixels.data, row_bytes};
  TimeGuard guard(image.get(), budget, where);
  SANSO_RETURN_IF_ERROR(
      guard.finish(vips_sink_disc(image.get(), copyRows, &sink), "cannot decode image"));
  return pixels;
}

}  // namespace sanso::sanitize::image
