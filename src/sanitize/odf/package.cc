#include "odf/package.h"

#include <pugixml.hpp>

#include "odf/namespaces.h"
#include "ooxml/xml_util.h"

namespace sanso::sanitize::odf {
namespace {

using ooxml::findAttribute;
using ooxml::isElement;

constexpr std::string_view kOdfPrefix = "application/vnd.oasis.opendocument.";
constexpr uint64_t kMaxMimetypeBytes = 256;

constexpr FileType kRebuiltTypes[] = {FileType::kOdt, FileType::kOtt, FileType::kOds,
                                      FileType::kOts, FileType::kOdp, FileType::kOtp,
                                      FileType::kOdg, FileType::kOtg, FileType::kOdf};

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' ||
                        s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

bool validVersion(std::string_view v) {
  return v.size() == 3 && v[0] == '1' && v[1] == '.' && v[2] >= '0' && v[2] <= '9';
}

Status readManifest(const zip::Reader& zip, Budget& budget, PackageInfo& info) {
  const zip::Entry* entry = zip.find(kManifestEntry);
  if (entry == nullptr) return Status::ok();
  info.has_manifest = true;
  SANSO_ASSIGN_OR_RETURN(std::string xml, zip.read(*entry, budget));
  pugi::xml_document doc;
  auto parsed = ooxml::parseXml(xml, doc, budget, std::string(kManifestEntry));
  if (!parsed.isOk()) {
    if (parsed.status().reason() != "malformed-xml") return parsed.status();
    return Status::blocked("malformed-odf", parsed.status().message());
  }
  pugi::xml_node root = doc.document_element();
  if (!isElement(root, ns::kManifest, "manifest")) {
    return Status::blocked("malformed-odf", "manifest.xml has no manifest root");
  }
  std::string_view version = findAttribute(root, ns::kManifest, "version").value();
  if (validVersion(version)) info.version = std::string(version);
  for (pugi::xml_node file : root.children()) {
    if (!isElement(file, ns::kManifest, "file-entry")) continue;
    for (pugi::xml_node c : file.children()) {
      if (isElement(c, ns::kManifest, "encryption-data")) info.encrypted = true;
    }
    std::string_view path = findAttribute(file, ns::kManifest, "full-path").value();
    if (path == "/") {
      info.media_type = std::string(trimmed(findAttribute(file, ns::kManifest, "media-type").value()));
    }
  }
  return Status::ok();
}

}  // namespace

FileType typeForMediaType(std::string_view media_type) {
  if (!media_type.starts_with(kOdfPrefix)) return FileType::kUnknown;
  for (FileType type : kRebuiltTypes) {
    if (typeInfo(type).mime == media_type) return type;
  }
  return FileType::kOdfOther;
}

Result<PackageInfo> readPackageInfo(const zip::Reader& zip, Budget& budget) {
  PackageInfo info;
  std::string mimetype;
  if (const zip::Entry* entry = zip.find(kMimetypeEntry);
      entry != nullptr && entry->uncompressed_size <= kMaxMimetypeBytes) {
    SANSO_ASSIGN_OR_RETURN(std::string value, zip.read(*entry, budget));
    mimetype = std::string(trimmed(value));
  }
  bool odf_mimetype = typeForMediaType(mimetype) != FileType::kUnknown;
  // Only a package that claims to be OpenDocument somewhere has its manifest read.
  if (!odf_mimetype && zip.find(kManifestEntry) == nullptr) return info;
  SANSO_RETURN_IF_ERROR(readManifest(zip, budget, info));
  bool odf_manifest = typeForMediaType(info.media_type) != FileType::kUnknown;
  if (!odf_mimetype && !odf_manifest) return PackageInfo{};
  if (!mimetype.empty() && !info.media_type.empty() && info.media_type != mimetype) {
    return Status::blocked("malformed-odf", "mimetype '" + mimetype +
                                                "' differs from the manifest's '" +
                                                info.media_type + "'");
  }
  if (info.media_type.empty()) info.media_type = mimetype;
  info.type = typeForMediaType(info.media_type);
  return info;
}

Result<FileType> detectOdfType(const zip::Reader& zip, Budget& budget) {
  SANSO_ASSIGN_OR_RETURN(PackageInfo info, readPackageInfo(zip, budget));
  return info.type;
}

}  // namespace sanso::sanitize::odf
