// Charsets named by mail (MIME charset labels) decoded to UTF-8, never failing: Japanese and
// Unicode labels through the text module's strict decoders, others through iconv, unknown or
// wrong labels by detection; what still does not decode becomes U+FFFD.
#pragma once

#include <string>
#include <string_view>

#include "sanso/common/bytes.h"

namespace sanso::sanitize::mime {

// UTF-8 for `bytes` declared as `label` ("" when undeclared). Controls are left in place.
std::string decodeCharset(ByteView bytes, std::string_view label);

}  // namespace sanso::sanitize::mime
