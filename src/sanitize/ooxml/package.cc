#include "ooxml/package.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "ooxml/namespaces.h"
#include "ooxml/xml_util.h"

namespace sanso::sanitize::ooxml {
namespace {

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string stripLeadingSlash(std::string_view s) {
  while (!s.empty() && s.front() == '/') s.remove_prefix(1);
  return std::string(s);
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes a part name; returns false on malformed escapes.
bool percentDecode(std::string_view in, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return false;
    int hi = hexValue(in[i + 1]);
    int lo = hexValue(in[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

struct MainType {
  std::string_view content_type;
  FileType type;
};

constexpr MainType kMainTypes[] = {
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
     FileType::kDocx},
    {"application/vnd.ms-word.document.macroEnabled.main+xml", FileType::kDocm},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
     FileType::kDotx},
    {"application/vnd.ms-word.template.macroEnabledTemplate.main+xml", FileType::kDotm},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
     FileType::kXlsx},
    {"application/vnd.ms-excel.sheet.macroEnabled.main+xml", FileType::kXlsm},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
     FileType::kXltx},
    {"application/vnd.ms-excel.template.macroEnabled.main+xml", FileType::kXltm},
    {"application/vnd.ms-excel.sheet.binary.macroEnabled.main", FileType::kXlsb},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
     FileType::kPptx},
    {"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml", FileType::kPptm},
    {"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
     FileType::kPotx},
    {"application/vnd.ms-powerpoint.template.macroEnabled.main+xml", FileType::kPotm},
    {"application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
     FileType::kPpsx},
    {"application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml", FileType::kPpsm},
};

}  // namespace

std::string ContentTypes::typeOf(std::string_view name) const {
  if (auto it = overrides.find(lowerAscii(name)); it != overrides.end()) return it->second;
  auto slash = name.rfind('/');
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  if (auto it = defaults.find(lowerAscii(name.substr(dot + 1))); it != defaults.end()) {
    return it->second;
  }
  return {};
}

Result<ContentTypes> parseContentTypes(std::string_view xml, Budget& budget) {
  pugi::xml_document doc;
  SANSO_RETURN_IF_ERROR(parseXml(xml, doc, budget, std::string(kContentTypesPart)).status());
  pugi::xml_node root = doc.document_element();
  if (!isElement(root, ns::kContentTypes, "Types")) {
    return Status::blocked("malformed-ooxml", "[Content_Types].xml has no Types root");
  }
  ContentTypes types;
  for (pugi::xml_node child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    if (isElement(child, ns::kContentTypes, "Default")) {
      types.defaults[lowerAscii(child.attribute("Extension").value())] =
          child.attribute("ContentType").value();
    } else if (isElement(child, ns::kContentTypes, "Override")) {
      std::string decoded;
      if (!percentDecode(child.attribute("PartName").value(), decoded)) continue;
      types.overrides[lowerAscii(stripLeadingSlash(decoded))] =
          child.attribute("ContentType").value();
    }
  }
  return types;
}

Result<std::vector<Relationship>> parseRelationships(std::string_view xml, Budget& budget,
                                                     const std::string& where) {
  pugi::xml_document doc;
  SANSO_RETURN_IF_ERROR(parseXml(xml, doc, budget, where).status());
  pugi::xml_node root = doc.document_element();
  if (!isElement(root, ns::kRelationships, "Relationships")) {
    return Status::blocked("malformed-ooxml", where + " has no Relationships root");
  }
  std::vector<Relationship> rels;
  for (pugi::xml_node child : root.children()) {
    if (!isElement(child, ns::kRelationships, "Relationship")) continue;
    Relationship rel;
    rel.id = child.attribute("Id").value();
    rel.type = child.attribute("Type").value();
    rel.target = child.attribute("Target").value();
    rel.external = std::string_view(child.attribute("TargetMode").value()) == "External";
    rels.push_back(std::move(rel));
  }
  return rels;
}

std::string relsPartFor(std::string_view part) {
  if (part.empty()) return "_rels/.rels";
  auto slash = part.rfind('/');
  if (slash == std::string_view::npos) return "_rels/" + std::string(part) + ".rels";
  return std::string(part.substr(0, slash + 1)) + "_rels/" + std::string(part.substr(slash + 1)) +
         ".rels";
}

std::string resolveTarget(std::string_view source_part, std::string_view target) {
  std::string decoded;
  if (!percentDecode(target, decoded)) return {};
  // Fragments and queries do not name parts.
  if (auto cut = decoded.find_first_of("#?"); cut != std::string::npos) decoded.resize(cut);
  if (decoded.empty() || decoded.find('\\') != std::string::npos ||
      decoded.find(':') != std::string::npos) {
    return {};
  }
  std::vector<std::string> segments;
  if (decoded.front() != '/') {
    std::string_view base = source_part;
    auto slash = base.rfind('/');
    base = slash == std::string_view::npos ? std::string_view{} : base.substr(0, slash);
    size_t start = 0;
    while (start < base.size()) {
      size_t end = base.find('/', start);
      if (end == std::string_view::npos) end = base.size();
      segments.emplace_back(base.substr(start, end - start));
      start = end + 1;
    }
  }
  size_t start = 0;
  while (start <= decoded.size()) {
    size_t end = decoded.find('/', start);
    if (end == std::string::npos) end = decoded.size();
    std::string segment = decoded.substr(start, end - start);
    start = end + 1;
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (segments.empty()) return {};
      segments.pop_back();
      continue;
    }
    segments.push_back(std::move(segment));
  }
  std::string out;
  for (const auto& s : segments) {
    if (!out.empty()) out.push_back('/');
    out += s;
  }
  return out;
}

Result<FileType> detectOoxmlType(const zip::Reader& zip, Budget& budget) {
  const zip::Entry* ct_entry = zip.find(kContentTypesPart);
  const zip::Entry* rels_entry = zip.find("_rels/.rels");
  if (ct_entry == nullptr || rels_entry == nullptr) {
    return Status::blocked("malformed-ooxml",
                           "package lacks [Content_Types].xml or _rels/.rels");
  }
  SANSO_ASSIGN_OR_RETURN(std::string ct_xml, zip.read(*ct_entry, budget));
  SANSO_ASSIGN_OR_RETURN(ContentTypes types, parseContentTypes(ct_xml, budget));
  SANSO_ASSIGN_OR_RETURN(std::string rels_xml, zip.read(*rels_entry, budget));
  SANSO_ASSIGN_OR_RETURN(auto rels, parseRelationships(rels_xml, budget, "_rels/.rels"));
  for (const auto& rel : rels) {
    if (rel.external) continue;
    std::string_view type = rel.type;
    if (!type.ends_with("/officeDocument")) continue;
    std::string part = resolveTarget("", rel.target);
    if (part.empty() || zip.find(part) == nullptr) continue;
    std::string content_type = types.typeOf(part);
    for (const auto& main : kMainTypes) {
      if (main.content_type == content_type) return main.type;
    }
    return FileType::kUnknown;
  }
  return Status::blocked("malformed-ooxml", "no main document relationship");
}

std::string_view mainContentType(FileType type) {
  for (const auto& main : kMainTypes) {
    if (main.type == type) return main.content_type;
  }
  return {};
}

}  // namespace sanso::sanitize::ooxml
