// Which HTML elements and attributes a sanitized document may hold.
#pragma once

#include <gumbo.h>

#include <string_view>

namespace sanso::sanitize::html {

enum class ElementRule {
  kKeep,    // written with its allowed attributes
  kUnwrap,  // the tag is dropped, its content kept (form, label, unknown elements...)
  kDrop,    // dropped with everything inside (script, iframe, object, svg, template...)
};

// The rule for an element of the HTML namespace (elements of other namespaces are dropped).
ElementRule elementRule(GumboTag tag);
// Elements written without an end tag.
bool isVoidElement(GumboTag tag);
// Elements the text rendering separates from their neighbours by line breaks.
bool isBlockElement(GumboTag tag);
// True when the attribute `name` (lower case) may be written, unchanged but escaped, on an
// element `tag`. URL attributes (href, src) and style are handled by the sanitizer itself.
bool plainAttributeAllowed(GumboTag tag, std::string_view name);

}  // namespace sanso::sanitize::html
