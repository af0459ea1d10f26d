#include "reencode.h"

#include <cstdlib>

#include "png_filter.h"
#include "transcode.h"

namespace sanso::sanitize::codec {

Result<std::optional<image::Encoded>> reencode(ByteView input, FileType type, Budget& budget,
                                               const std::string& where) {
  if (type != FileType::kPng && type != FileType::kJpeg) return std::optional<image::Encoded>();
  std::string storage;
  ByteView decodable = input;
  if (type == FileType::kPng) {
    SANSO_ASSIGN_OR_RETURN(decodable, pngForDecoder(input, storage));
  }
  const TranscodeIn in{decodable.data(), decodable.size(), budget.limits().max_image_pixels,
                       &budget};
  TranscodeOut out;
  const Outcome outcome = type == FileType::kPng ? transcodePng(in, out) : transcodeJpeg(in, out);
  switch (outcome) {
    case Outcome::kDone: {
      image::Encoded encoded{std::string(reinterpret_cast<const char*>(out.bytes), out.size), type};
      std::free(out.bytes);
      return std::optional<image::Encoded>(std::move(encoded));
    }
    case Outcome::kTooManyPixels:
      SANSO_RETURN_IF_ERROR(
          budget.check("image-pixels", out.pixels, budget.limits().max_image_pixels, where));
      return Status::internal("pixel count over the limit but within it");
    case Outcome::kTimeout:
      SANSO_RETURN_IF_ERROR(budget.checkTime(where));
      return Status::blocked("limit-time", "image computation stopped at " + where);
    case Outcome::kDecline:
      break;
  }
  return std::optional<image::Encoded>();
}

}  // namespace sanso::sanitize::codec
