// Which SVG elements and attributes a sanitized SVG may hold.
#pragma once

#include <string_view>

namespace sanso::sanitize::svg {

inline constexpr std::string_view kSvgNamespace = "http://www.w3.org/2000/svg";
inline constexpr std::string_view kXlinkNamespace = "http://www.w3.org/1999/xlink";
inline constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";

enum class SvgElementRule {
  kKeep,    // written with its allowed attributes
  kUnwrap,  // <a>: the link goes, its content stays
  kDrop,    // dropped with everything inside
};

// The rule for an element of the SVG namespace with local name `name` (case-sensitive, as
// SVG is); elements of other namespaces are dropped.
SvgElementRule svgElementRule(std::string_view name);
// True when text content of element `name` is kept (text, tspan, textPath, title, desc).
bool keepsText(std::string_view name);
// True when `name` is a geometry or structure attribute written unchanged (escaped).
bool plainSvgAttribute(std::string_view name);
// True when `name` is a presentation attribute, checked as the CSS property of that name.
bool presentationAttribute(std::string_view name);
// True when element `name` may reference a local #id through href / xlink:href.
bool takesLocalHref(std::string_view name);

}  // namespace sanso::sanitize::svg
