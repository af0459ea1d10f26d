// The OpenDocument package layer: the `mimetype` entry and META-INF/manifest.xml, which
// together decide the document type.
#pragma once

#include <string>
#include <string_view>

#include "sanso/common/limits.h"
#include "sanso/common/status.h"
#include "sanso/sanitize/file_type.h"
#include "zip/zip_reader.h"

namespace sanso::sanitize::odf {

inline constexpr std::string_view kMimetypeEntry = "mimetype";
inline constexpr std::string_view kManifestEntry = "META-INF/manifest.xml";

struct PackageInfo {
  FileType type = FileType::kUnknown;  // kUnknown: not an OpenDocument package
  std::string media_type;              // the package's media type, as declared
  std::string version;                 // the manifest's ODF version ("1.2"), empty if none
  bool has_manifest = false;
  bool encrypted = false;  // some manifest entry carries manifest:encryption-data
};

// Reads the `mimetype` entry and the manifest's root ("/") entry of `zip`. kUnknown when
// neither names an OpenDocument media type. Blocks "malformed-odf" when both are present
// and disagree (LibreOffice and other readers would not agree on the type) or when the
// manifest does not parse; other OpenDocument kinds (charts, databases...) are kOdfOther.
Result<PackageInfo> readPackageInfo(const zip::Reader& zip, Budget& budget);

// readPackageInfo()'s type, for type detection.
Result<FileType> detectOdfType(const zip::Reader& zip, Budget& budget);

// The type of an OpenDocument media type; kOdfOther for OpenDocument kinds sanso does not
// rebuild, kUnknown for anything else.
FileType typeForMediaType(std::string_view media_type);

}  // namespace sanso::sanitize::odf
