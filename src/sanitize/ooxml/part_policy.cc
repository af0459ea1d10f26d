#include "ooxml/part_policy.h"

#include <array>
#include <utility>

#include "ooxml/namespaces.h"

namespace sanso::sanitize::ooxml {
namespace {

using Pair = std::pair<std::string_view, std::string_view>;

// Relationship kinds that carry active or outside content: never followed.
constexpr std::array kDangerousKinds = {
    Pair{"vbaProject", "vba-project"},
    Pair{"vbaProjectSignature", "vba-signature"},
    Pair{"vbaProjectSignatureAgile", "vba-signature"},
    Pair{"vbaProjectSignatureV3", "vba-signature"},
    Pair{"wordVbaData", "vba-data"},
    Pair{"keyMapCustomizations", "key-map-customizations"},
    Pair{"attachedToolbars", "toolbars"},
    Pair{"oleObject", "ole-object"},
    Pair{"package", "ole-package"},
    Pair{"control", "activex"},
    Pair{"activeXControlBinary", "activex"},
    Pair{"ctrlProp", "form-control"},
    Pair{"xlMacrosheet", "excel4-macro-sheet"},
    Pair{"xlIntlMacrosheet", "excel4-macro-sheet"},
    Pair{"dialogsheet", "excel-dialog-sheet"},
    Pair{"externalLink", "external-link"},
    Pair{"connections", "data-connection"},
    Pair{"queryTable", "query-table"},
    Pair{"ui/extensibility", "custom-ui"},
    Pair{"ui/userCustomization", "custom-ui"},
    Pair{"digital-signature/origin", "signature"},
    Pair{"digital-signature/signature", "signature"},
    Pair{"digital-signature/certificate", "signature"},
    Pair{"printerSettings", "printer-settings"},
    Pair{"font", "embedded-font"},
    Pair{"customXml", "custom-xml"},
    Pair{"customXmlProps", "custom-xml"},
    Pair{"custom-properties", "custom-properties"},
    Pair{"metadata/thumbnail", "thumbnail"},
    Pair{"audio", "media"},
    Pair{"video", "media"},
    Pair{"media", "media"},
    Pair{"webextension", "web-extension"},
    Pair{"webextensiontaskpanes", "web-extension"},
    Pair{"calcChain", "calc-chain"},
    Pair{"volatileDependencies", "volatile-dependencies"},
    Pair{"pivotTable", "pivot-table"},
    Pair{"pivotCacheDefinition", "pivot-cache"},
    Pair{"pivotCacheRecords", "pivot-cache"},
    Pair{"slicer", "slicer"},
    Pair{"slicerCache", "slicer"},
    Pair{"timeline", "timeline"},
    Pair{"timelineCache", "timeline"},
    Pair{"revisionHeaders", "shared-workbook-revisions"},
    Pair{"usernames", "shared-workbook-revisions"},
    Pair{"tags", "tags"},
    Pair{"subDocument", "subdocument"},
    Pair{"aFChunk", "alt-chunk"},
    Pair{"frame", "frame"},
    Pair{"attachedTemplate", "attached-template"},
    Pair{"mailMergeSource", "mail-merge"},
    Pair{"mailMergeHeaderSource", "mail-merge"},
    Pair{"recipientData", "mail-merge"},
    Pair{"downRev", "legacy-part"},
};

// Relationship kinds whose XML targets are rebuilt and kept.
constexpr std::string_view kXmlKinds[] = {
    "officeDocument", "metadata/core-properties", "extended-properties", "styles", "settings",
    "webSettings", "fontTable", "numbering", "footnotes", "endnotes", "comments", "header",
    "footer", "theme", "themeOverride", "glossaryDocument", "stylesWithEffects",
    "commentsExtended", "commentsIds", "commentsExtensible", "people", "worksheet", "chartsheet",
    "sharedStrings", "table", "tableSingleCells", "drawing", "chart", "chartUserShapes",
    "chartStyle", "chartColorStyle", "diagramData", "diagramLayout", "diagramQuickStyle",
    "diagramColors", "diagramDrawing", "vmlDrawing", "slide", "slideLayout", "slideMaster",
    "notesSlide", "notesMaster", "handoutMaster", "presProps", "viewProps", "tableStyles",
    "commentAuthors", "sheetMetadata", "threadedComment", "person", "classificationlabels",
    "authors", "namedSheetView", "rdRichValue", "rdRichValueStructure",
    "richStyles", "legacyDocTextInfo",
};

// Content types of kept XML parts, by suffix after the vendor prefix.
constexpr std::string_view kXmlTypeSuffixes[] = {
    "+xml", "vnd.openxmlformats-officedocument.vmlDrawing", "application/xml", "text/xml",
    "vnd.ms-office.vmlDrawing",
};

// Content types that are never kept even on an allowed relationship.
constexpr std::string_view kForbiddenTypeMarks[] = {
    "vbaProject", "activeX", "oleObject", "macrosheet", "vbaData",
};

constexpr std::string_view kImageTypes[] = {
    "image/png", "image/jpeg", "image/jpg", "image/pjpeg", "image/gif", "image/bmp",
    "image/x-bmp", "image/tiff", "image/webp",
};

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string_view relationshipKind(std::string_view type) {
  for (auto prefix : ns::kRelTypePrefixes) {
    if (type.starts_with(prefix)) return type.substr(prefix.size());
  }
  return {};
}

PartDecision decidePart(std::string_view kind, std::string_view content_type,
                        bool keep_metadata) {
  PartDecision decision;
  if (kind.empty()) {
    decision.what = "unknown-part";
    return decision;
  }
  if (kind == "custom-properties" && keep_metadata && endsWith(content_type, "+xml")) {
    decision.keep = true;
    return decision;
  }
  for (const auto& [dangerous, what] : kDangerousKinds) {
    if (kind == dangerous) {
      decision.what = what;
      return decision;
    }
  }
  for (auto mark : kForbiddenTypeMarks) {
    if (content_type.find(mark) != std::string_view::npos) {
      decision.what = "forbidden-part";
      return decision;
    }
  }
  if (kind == "image") {
    for (auto image_type : kImageTypes) {
      if (content_type == image_type) {
        decision.keep = true;
        decision.part_class = PartClass::kImage;
        return decision;
      }
    }
    decision.what = "image-unsupported";
    return decision;
  }
  bool xml_kind = false;
  for (auto k : kXmlKinds) xml_kind = xml_kind || k == kind;
  bool xml_type = false;
  for (auto suffix : kXmlTypeSuffixes) xml_type = xml_type || endsWith(content_type, suffix);
  if (xml_kind && xml_type) {
    decision.keep = true;
    return decision;
  }
  decision.what = "unknown-part";
  return decision;
}

std::string externalWhat(std::string_view kind) {
  if (kind == "attachedTemplate") return "external-template";
  if (kind == "oleObject" || kind == "package") return "external-ole-link";
  if (kind == "image") return "external-image";
  if (kind == "frame") return "external-frame";
  if (kind == "subDocument") return "external-subdocument";
  if (kind == "aFChunk") return "external-alt-chunk";
  if (kind == "externalLinkPath" || kind == "externalLink") return "external-link";
  if (kind.empty()) return "external-relationship";
  return "external-" + std::string(kind);
}

std::string outputContentType(std::string_view content_type) {
  static constexpr std::array kMacroFree = {
      Pair{"application/vnd.ms-word.document.macroEnabled.main+xml",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"},
      Pair{"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"},
      Pair{"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"},
      Pair{"application/vnd.ms-excel.template.macroEnabled.main+xml",
           "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"},
      Pair{"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
           "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"},
      Pair{"application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
           "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"},
      Pair{"application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
           "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml"},
  };
  for (const auto& [from, to] : kMacroFree) {
    if (content_type == from) return std::string(to);
  }
  return std::string(content_type);
}

}  // namespace sanso::sanitize::ooxml
