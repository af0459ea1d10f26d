#include "ooxml/element_rules.h"

#include "ooxml/namespaces.h"

namespace sanso::sanitize::ooxml {
namespace {

constexpr std::string_view kMathNs = "http://schemas.openxmlformats.org/officeDocument/2006/math";

bool isRelNamespace(std::string_view uri) {
  return uri == ns::kOfficeRels || uri == ns::kStrictOfficeRels;
}

template <size_t N>
bool oneOf(std::string_view local, const std::string_view (&names)[N]) {
  for (std::string_view name : names) {
    if (sameName(name, local)) return true;
  }
  return false;
}

}  // namespace

NsKind classifyNamespace(std::string_view uri) {
  if (uri == ns::kWord || uri == ns::kStrictWord) return NsKind::kWord;
  if (uri == ns::kSheet || uri == ns::kStrictSheet) return NsKind::kSheet;
  if (uri == ns::kPresentation || uri == ns::kStrictPresentation) return NsKind::kPresentation;
  if (uri == ns::kDrawing || uri == ns::kStrictDrawing) return NsKind::kDrawing;
  if (uri == ns::kVml) return NsKind::kVml;
  if (uri == ns::kOffice) return NsKind::kOffice;
  if (uri == ns::kExcelVml) return NsKind::kExcelVml;
  if (uri == kMathNs) return NsKind::kMath;
  return NsKind::kOther;
}

bool isFieldElement(std::string_view local) {
  static constexpr std::string_view kNames[] = {"fldChar", "fldSimple", "instrText",
                                                "delInstrText"};
  return oneOf(local, kNames);
}

bool isHyperlinkElement(std::string_view local) {
  static constexpr std::string_view kNames[] = {"hyperlink", "hlinkClick", "hlinkHover",
                                                "hlinkMouseOver"};
  return oneOf(local, kNames);
}

bool isFormulaElement(std::string_view local) {
  static constexpr std::string_view kNames[] = {
      "f",        "formula",  "formula1",  "formula2", "calculatedColumnFormula",
      "totalsRowFormula", "FmlaLink", "FmlaRange", "FmlaPict", "FmlaGroup"};
  return oneOf(local, kNames);
}

bool isClickAction(std::string_view local) {
  static constexpr std::string_view kNames[] = {"hlinkClick", "hlinkHover", "hlinkMouseOver"};
  return oneOf(local, kNames);
}

bool isRequiredContainer(std::string_view local) {
  static constexpr std::string_view kNames[] = {"externalReferences", "definedNames",
                                                "pivotCaches",        "hyperlinks",
                                                "oleObjects",         "controls",
                                                "sheets"};
  return oneOf(local, kNames);
}

bool elementHasRule(NsKind kind, std::string_view local) {
  if (isFieldElement(local)) return true;
  if (isFormulaElement(local) && kind != NsKind::kMath) return true;  // m:f is a fraction
  switch (kind) {
    case NsKind::kOffice:
    case NsKind::kVml:
    case NsKind::kExcelVml:
      return true;  // linked pictures, click targets and macros in any element
    case NsKind::kWord: {
      static constexpr std::string_view kNames[] = {
          "control",   "objectEmbed", "objectLink",      "entryMacro",
          "exitMacro", "mailMerge",   "attachedTemplate"};
      return oneOf(local, kNames);
    }
    case NsKind::kSheet: {
      static constexpr std::string_view kNames[] = {"webPublishItems", "webPublishObjects",
                                                    "webPublishing"};
      return oneOf(local, kNames) || isRequiredContainer(local);
    }
    case NsKind::kPresentation:
      return local == "oleObj" || local == "control" || local == "controls" ||
             isClickAction(local);
    case NsKind::kDrawing:
      return isClickAction(local);
    case NsKind::kMath:
    case NsKind::kOther:
      return false;
  }
  return true;
}

AttributeRule attributeRule(std::string_view uri, std::string_view local) {
  if (isRelNamespace(uri) || (uri == ns::kOffice && local == "relid")) {
    return AttributeRule::kRelationship;
  }
  if (uri.empty() && sameName(local, "macro")) return AttributeRule::kMacro;
  if (sameName(local, "textlink")) return AttributeRule::kTextLink;
  return AttributeRule::kNone;
}

bool referenceKept(const XmlPartContext& context, std::string_view id,
                   std::string_view element_local) {
  if (context.kept_rel_ids.count(id) == 0) return false;
  return context.external_rel_ids.count(id) == 0 || isHyperlinkElement(element_local);
}

bool partHasRule(std::string_view root_ns, std::string_view root_local) {
  if (classifyNamespace(root_ns) == NsKind::kSheet) return root_local == "workbook";
  return root_ns == ns::kCoreProps || root_ns == ns::kExtendedProps;
}

}  // namespace sanso::sanitize::ooxml
