// Inline images (data: URLs) in markup: kept only as freshly re-encoded PNG or JPEG.
#pragma once

#include <string>
#include <string_view>

#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::html {

// `url` (a data: URL, as cleaned by cleanUrl) re-encoded through the media module when it is
// a base64 image/png, image/jpeg or image/gif whose bytes are one of those formats; returns
// the new "data:image/png;base64,..." (or image/jpeg) URL. Blocks "unsupported-data-url" for
// anything else, or with the image pipeline's reason ("malformed-image", "limit-...").
Result<std::string> reencodeDataImage(std::string_view url, Budget& budget,
                                      const std::string& where);

}  // namespace sanso::sanitize::html
