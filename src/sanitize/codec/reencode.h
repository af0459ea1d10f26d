// Re-encoding of the common pictures (PNG, JPEG) with the engine's own codecs, so that a
// document whose pictures are all plain PNG or JPEG never loads the media module (libvips and
// its hundred libraries). media::reencode tries this first; the media module stays the path
// for every other format and for every PNG or JPEG declined here.
#pragma once

#include <optional>
#include <string>

#include "image/image_sanitizer.h"

namespace sanso::sanitize::codec {

// The re-encoded image (PNG stays PNG, JPEG stays JPEG, no metadata) when `input` is a PNG
// or JPEG of a kind transcode.h handles and decodes without any complaint; nullopt when the
// media module must decide (another type or kind, or any decoder error or warning). Blocks
// "limit-image-pixels" before decoding an image over the limit, "malformed-image" for a PNG
// chunk structure that pngForDecoder refuses, and "limit-time" when the job's time runs out.
Result<std::optional<image::Encoded>> reencode(ByteView input, FileType type, Budget& budget,
                                               const std::string& where);

}  // namespace sanso::sanitize::codec
