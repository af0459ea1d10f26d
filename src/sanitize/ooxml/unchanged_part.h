// A one-pass check, without building a tree, that the sanitizing walk would give a part back
// byte for byte: most parts of most documents are text and formatting the rules never touch,
// and proving that costs a fraction of parsing, walking and serializing them.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "ooxml/xml_part_sanitizer.h"
#include "sanso/common/limits.h"

namespace sanso::sanitize::ooxml {

// A relationship id an element of the part refers to (views into the scanned XML).
struct PartReference {
  std::string_view id;
  std::string_view element_local;  // the referring element's local name
};

// Scans `xml`, a kept part as read. Returns its relationship references when all of this holds:
//   - it is exactly what serializeXml() writes for it (the declaration line, then elements with
//     double-quoted attributes, no comments, CDATA, processing instructions, DOCTYPE, numeric
//     or redundant character references, empty elements as <x/>), so that parsing and
//     serializing it gives it back;
//   - namespaces are declared on the root element only, and no element or attribute has a rule
//     in element_rules.h other than relationship references, nor the part as a whole;
//   - depth and attributes per element are within `limits`.
// Then, if referencesKept(), sanitizeXmlPart() leaves the part as it is and logs nothing.
// nullopt whenever any of that fails or cannot be told cheaply: the caller parses and walks
// the part, which finds the rule, the difference or the error.
std::optional<std::vector<PartReference>> scanUnchangedPart(std::string_view xml,
                                                            const Limits& limits);

// True when every reference stays (referenceKept()) under `context`.
bool referencesKept(const std::vector<PartReference>& references, const XmlPartContext& context);

}  // namespace sanso::sanitize::ooxml
