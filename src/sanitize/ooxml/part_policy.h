// Which parts and relationships survive a rebuild, and how dropped ones are named in reports.
#pragma once

#include <string>
#include <string_view>

namespace sanso::sanitize::ooxml {

// The short kind of a relationship type URI ("officeDocument", "vbaProject", "hyperlink",
// "metadata/core-properties"...); empty for an unknown namespace.
std::string_view relationshipKind(std::string_view type);

enum class PartClass {
  kXml,    // XML content that is parsed and sanitized
  kImage,  // raster image that is decoded and re-encoded
};

struct PartDecision {
  bool keep = false;
  PartClass part_class = PartClass::kXml;
  std::string what;  // report slug when dropped: "vba-project", "activex", "unknown-part"...
};

// Decides an internal relationship of `kind` to a part of `content_type`.
// `keep_metadata` keeps custom document properties.
PartDecision decidePart(std::string_view kind, std::string_view content_type, bool keep_metadata);

// The report slug for an external relationship of `kind` that is not a hyperlink
// ("external-template", "external-ole-link", "external-image"...).
std::string externalWhat(std::string_view kind);

// The content type a kept part is written with: macro-enabled main parts become macro-free.
std::string outputContentType(std::string_view content_type);

}  // namespace sanso::sanitize::ooxml
