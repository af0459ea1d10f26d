// URLs in markup attributes, read the way a browser's URL parser reads them.
#pragma once

#include <string>
#include <string_view>

namespace sanso::sanitize::html {

enum class UrlKind {
  kEmpty,
  kFragment,  // "#id": a link inside the document
  kHttp,      // http: or https:
  kMailto,
  kData,      // data: (only images are ever kept, after re-encoding)
  kOther,     // any other scheme (javascript:, vbscript:, file:, ms-*...)
  kRelative,  // a path relative to wherever the document is opened from
};

struct CleanUrl {
  UrlKind kind = UrlKind::kEmpty;
  std::string url;     // as normalised: controls and tab/newline removed, edges trimmed
  std::string scheme;  // lower case, without ':'; empty for fragments and relative URLs
};

// Normalises an attribute value (character references already decoded by the parser) as
// WHATWG URL parsing does: leading and trailing C0 controls and spaces trimmed, every tab,
// LF and CR removed, then the scheme read. So "jav&#x61;script:", "java\tscript:",
// "&#x01;javascript:" and "JaVaScRiPt:" all come out as kOther with scheme "javascript".
// Spaces inside the URL and other controls become percent escapes in `url`.
CleanUrl cleanUrl(std::string_view value);

}  // namespace sanso::sanitize::html
