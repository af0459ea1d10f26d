#include "image_pipeline.h"

#include "bmp_decoder.h"
#include "codec/png_filter.h"

namespace sanso::sanitize::image {

namespace {

// The libvips buffer loaders share one variadic signature.
using BufferLoader = int (*)(void* buffer, size_t length, VipsImage** out, ...);

BufferLoader loaderFor(FileType type) {
  switch (type) {
    case FileType::kJpeg:
      return vips_jpegload_buffer;
    case FileType::kPng:
      return vips_pngload_buffer;
    case FileType::kGif:
      return vips_gifload_buffer;
    case FileType::kTiff:
      return vips_tiffload_buffer;
    case FileType::kWebp:
      return vips_webpload_buffer;
    default:
      return nullptr;
  }
}

// Lazily opens `input` with the loader for `type`, stopping on any error or truncation.
// Sequential access streams the pixels through the pipeline; random access (needed to
// rotate) decodes into memory, never to a temporary file.
Result<VipsImagePtr> openLoader(ByteView input, FileType type, bool random_access) {
  const BufferLoader loader = loaderFor(type);
  if (loader == nullptr) return Status::invalidArgument("not an image type");
  void* data = const_cast<uint8_t*>(input.data());  // libvips does not write to the buffer
  VipsImage* out = nullptr;
  const int rc = loader(data, input.size(), &out, "access",
                        random_access ? VIPS_ACCESS_RANDOM : VIPS_ACCESS_SEQUENTIAL, "fail_on",
                        VIPS_FAIL_ON_ERROR, "memory", TRUE, nullptr);
  VipsImagePtr image(out);
  if (rc != 0 || !image) return vipsBlocked("malformed-image", "cannot read image header");
  return image;
}

Result<VipsImagePtr> openBmp(ByteView input, Budget& budget, const std::string& where) {
  SANSO_ASSIGN_OR_RETURN(BmpImage bmp, decodeBmp(input, budget, where));
  VipsImagePtr image(vips_image_new_from_memory_copy(bmp.data.data(), bmp.data.size(), bmp.width,
                                                     bmp.height, bmp.bands, VIPS_FORMAT_UCHAR));
  if (!image) return vipsBlocked("malformed-image", "cannot wrap BMP pixels");
  image->Type = VIPS_INTERPRETATION_sRGB;
  return image;
}

Status checkPixels(VipsImage* image, Budget& budget, const std::string& where) {
  const uint64_t pixels = static_cast<uint64_t>(vips_image_get_width(image)) *
                          static_cast<uint64_t>(vips_image_get_height(image));
  return budget.check("image-pixels", pixels, budget.limits().max_image_pixels, where);
}

// Number of bands that carry colour (without alpha).
int colourBands(VipsImage* image) {
  return vips_image_get_bands(image) - (vips_image_hasalpha(image) ? 1 : 0);
}

// Applies an embedded ICC profile (or the built-in CMYK one) to reach sRGB. nullptr when the
// image needs no profile or its profile is unusable; the caller falls back to vips_colourspace.
VipsImagePtr viaIccProfile(VipsImage* in) {
  const VipsInterpretation kind = vips_image_guess_interpretation(in);
  const bool cmyk = kind == VIPS_INTERPRETATION_CMYK;
  const bool rgb_with_profile =
      colourBands(in) >= 3 && vips_image_get_typeof(in, VIPS_META_ICC_NAME) != 0;
  if (!cmyk && !rgb_with_profile) return nullptr;
  VipsImage* out = nullptr;
  if (vips_icc_transform(in, &out, "srgb", "embedded", TRUE, "input_profile",
                         cmyk ? "cmyk" : "srgb", "intent", VIPS_INTENT_RELATIVE, "depth", 8,
                         nullptr) != 0) {
    vips_error_clear();
    return nullptr;
  }
  return VipsImagePtr(out);
}

Result<VipsImagePtr> toDisplayColour(VipsImagePtr image) {
  const bool alpha = vips_image_hasalpha(image.get());
  const bool colour = colourBands(image.get()) >= 3;
  VipsImage* out = nullptr;
  if (VipsImagePtr converted = viaIccProfile(image.get())) {
    image = std::move(converted);
  } else {
    const VipsInterpretation target = colour ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W;
    if (vips_colourspace(image.get(), &out, target, nullptr) != 0) {
      return vipsBlocked("unsupported-image", "cannot convert colour space");
    }
    image.reset(out);
  }
  if (vips_image_get_format(image.get()) != VIPS_FORMAT_UCHAR) {
    if (vips_cast_uchar(image.get(), &out, nullptr) != 0) {
      return vipsBlocked("unsupported-image", "cannot convert to 8 bits");
    }
    image.reset(out);
  }
  // Extra channels beyond colour + alpha (rare TIFF/PSD-style layouts) are dropped.
  const int keep = (colour ? 3 : 1) + (alpha ? 1 : 0);
  if (vips_image_get_bands(image.get()) > keep) {
    if (vips_extract_band(image.get(), &out, 0, "n", keep, nullptr) != 0) {
      return vipsBlocked("unsupported-image", "cannot select colour bands");
    }
    image.reset(out);
  }
  if (vips_image_get_bands(image.get()) < keep) {
    return Status::blocked("unsupported-image", "unexpected band layout");
  }
  return image;
}

}  // namespace

Result<LoadedImage> loadNormalized(ByteView input, FileType type, Budget& budget,
                                   const std::string& where) {
  SANSO_RETURN_IF_ERROR(ensureVips());
  LoadedImage loaded;
  if (type == FileType::kBmp) {
    SANSO_ASSIGN_OR_RETURN(loaded.image, openBmp(input, budget, where));
  } else {
    ByteView decodable = input;
    if (type == FileType::kPng) {
      loaded.filtered = std::make_unique<std::string>();
      SANSO_ASSIGN_OR_RETURN(decodable, codec::pngForDecoder(input, *loaded.filtered));
    }
    SANSO_ASSIGN_OR_RETURN(loaded.image, openLoader(decodable, type, /*random_access=*/false));
    SANSO_RETURN_IF_ERROR(checkPixels(loaded.image.get(), budget, where));
    if (vips_image_get_orientation(loaded.image.get()) != 1) {
      // Rotating needs random access: reopen, then turn the pixels upright so that dropping
      // the orientation tag does not turn the picture sideways.
      SANSO_ASSIGN_OR_RETURN(loaded.image, openLoader(decodable, type, /*random_access=*/true));
      VipsImage* out = nullptr;
      if (vips_autorot(loaded.image.get(), &out, nullptr) != 0) {
        return vipsBlocked("malformed-image", "cannot apply orientation");
      }
      loaded.image.reset(out);
    }
  }
  SANSO_ASSIGN_OR_RETURN(loaded.image, toDisplayColour(std::move(loaded.image)));
  return loaded;
}

TimeGuard::TimeGuard(VipsImage* image, Budget& budget, std::string where)
    : image_(image), budget_(budget), where_(std::move(where)) {
  vips_image_set_progress(image_, TRUE);
  handler_ = g_signal_connect(image_, "eval", G_CALLBACK(onEval), this);
}

TimeGuard::~TimeGuard() {
  g_signal_handler_disconnect(image_, handler_);
  vips_image_set_progress(image_, FALSE);
}

void TimeGuard::onEval(VipsImage* image, VipsProgress* /*progress*/, TimeGuard* guard) {
  if (guard->budget_.elapsed() > guard->budget_.limits().max_time) {
    guard->expired_ = true;
    vips_image_set_kill(image, TRUE);
  }
}

Status TimeGuard::finish(int vips_result, const std::string& context) {
  if (vips_result == 0 && !expired_) return Status::ok();
  if (expired_) {
    vips_error_clear();
    Status status = budget_.checkTime(where_);
    if (!status.isOk()) return status;
    return Status::blocked("limit-time", "image computation stopped at " + where_);
  }
  return vipsBlocked("malformed-image", context);
}

}  // namespace sanso::sanitize::image
