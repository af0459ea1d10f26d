// The last line of defence of PDF cdr: an independent re-read of what is about to be delivered.
#pragma once

#include <cstddef>
#include <string_view>

#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::pdf {

// Parses `pdf` with a fresh qpdf, recovery off, and visits every object in it. Blocks
// "sanitize-verification-failed" unless the bytes parse without a warning, hold exactly `pages`
// pages, and no object carries a forbidden key or name (isForbiddenKey, isForbiddenName, /Widget),
// an action other than GoTo or URI, /URI at all when `allow_uri` is false, or a PostScript
// XObject.
Status verifyRebuilt(std::string_view pdf, size_t pages, bool allow_uri, Budget& budget);

}  // namespace sanso::sanitize::pdf
