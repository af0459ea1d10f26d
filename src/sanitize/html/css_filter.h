// A small CSS allowlist shared by HTML and SVG: declarations are kept only when the property
// is on the profile's list and the value is made of plain tokens (keywords, numbers, lengths,
// colours, quoted font names) and the functions rgb()/rgba()/hsl()/hsla() (and, for SVG,
// url(#local-id)). Everything else is dropped: url() to anything else, expression(),
// behavior, -moz-binding, escapes, at-rules (@import, @font-face, @media...).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sanso::sanitize::html {

enum class CssProfile { kHtml, kSvg };

struct CssStats {
  uint64_t dropped_declarations = 0;
  uint64_t dropped_rules = 0;   // rules with an unsupported selector, at-rules
  uint64_t remote_urls = 0;     // url(...) to anything but a local fragment
};

// True when `value` is an acceptable value of `property` (lower case) under `profile`.
bool allowedCssDeclaration(std::string_view property, std::string_view value, CssProfile profile);

// A declaration list (a style attribute) rebuilt from its allowed declarations as
// "prop: value; prop: value"; comments and !important dropped.
std::string filterDeclarations(std::string_view css, CssProfile profile, CssStats& stats);

// A style sheet rebuilt from its rules whose selectors use plain selector syntax (type, class,
// id, combinators, pseudo-classes), each with its filtered declarations. At-rules are dropped.
// The result never contains '<', '@' or a backslash.
std::string filterStylesheet(std::string_view css, CssProfile profile, CssStats& stats);

}  // namespace sanso::sanitize::html
