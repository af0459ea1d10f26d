// Which elements and attributes of a kept XML part the sanitizing rules act on: the one table
// that both the tree walk (xml_part_sanitizer.cc) and the unchanged-part scan
// (unchanged_part.cc) consult, so a rule added to the walk is seen by the scan as well.
#pragma once

#include <cstdint>
#include <string_view>

#include "ooxml/xml_part_sanitizer.h"

namespace sanso::sanitize::ooxml {

// The namespaces the element rules tell apart (Transitional and Strict alike).
enum class NsKind : uint8_t {
  kOther,
  kWord,
  kSheet,
  kPresentation,
  kDrawing,
  kVml,
  kOffice,
  kExcelVml,
  kMath
};

NsKind classifyNamespace(std::string_view uri);

// Equality of two (short) names: every element and attribute of every part is compared a few
// times, and for a handful of bytes a loop beats a call to memcmp.
inline bool sameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// Elements neutralizeFields() acts on, in any namespace.
bool isFieldElement(std::string_view local);
// Elements that may use a kept external relationship (a browsing hyperlink).
bool isHyperlinkElement(std::string_view local);
// Elements whose text holds a formula (in any namespace but math, where m:f is a fraction).
bool isFormulaElement(std::string_view local);
// Click and hover actions of DrawingML and PresentationML shapes.
bool isClickAction(std::string_view local);
// SpreadsheetML containers the schemas require to have an element child.
bool isRequiredContainer(std::string_view local);

// True when a rule of the walk may change, remove or collect element `local` of namespace
// `kind` whatever its attributes are; false when only its attributes can matter.
bool elementHasRule(NsKind kind, std::string_view local);

enum class AttributeRule : uint8_t {
  kNone,
  kRelationship,  // refers to a relationship of the part: must be kept (referenceKept())
  kMacro,         // a shape's macro assignment: removed
  kTextLink,      // a shape's text linked to a formula: judged as a formula
};

// What the rules make of an attribute named `local` in namespace `uri` ("" when unprefixed).
AttributeRule attributeRule(std::string_view uri, std::string_view local);

// Whether relationship `id`, referred to by element `element_local`, may stay: the part kept
// it, and a kept external one (a browsing hyperlink) only on a hyperlink element, never on a
// picture, frame or chunk that would be fetched.
bool referenceKept(const XmlPartContext& context, std::string_view id,
                   std::string_view element_local);

// True when the walk has rules for the whole of a part whose root element is `root_local` in
// `root_ns` (a workbook's sheets and defined names, document properties); worksheets' formula
// groups are judged from the formula elements, which have rules of their own.
bool partHasRule(std::string_view root_ns, std::string_view root_local);

}  // namespace sanso::sanitize::ooxml
