// The Open Packaging Conventions layer of OOXML: content types, relationships, part names.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sanso/common/limits.h"
#include "sanso/common/status.h"
#include "sanso/sanitize/file_type.h"
#include "zip/zip_reader.h"

namespace sanso::sanitize::ooxml {

inline constexpr std::string_view kContentTypesPart = "[Content_Types].xml";

struct ContentTypes {
  std::map<std::string, std::string> defaults;   // lower-case extension -> type
  std::map<std::string, std::string> overrides;  // lower-case part name (no leading /) -> type
  // The content type of part `name` (zip entry name); empty when none applies.
  std::string typeOf(std::string_view name) const;
};

struct Relationship {
  std::string id;
  std::string type;
  std::string target;  // as written
  bool external = false;
};

// Parses [Content_Types].xml.
Result<ContentTypes> parseContentTypes(std::string_view xml, Budget& budget);
// Parses a .rels part.
Result<std::vector<Relationship>> parseRelationships(std::string_view xml, Budget& budget,
                                                     const std::string& where);
// The .rels part of `part` ("" for the package root): "word/document.xml" ->
// "word/_rels/document.xml.rels".
std::string relsPartFor(std::string_view part);
// Resolves an internal relationship target against its source part into a zip entry name;
// empty when the target escapes the package or is not a valid part name.
std::string resolveTarget(std::string_view source_part, std::string_view target);

// Reads the package's content types and root relationship to tell which OOXML type it is.
// kXlsb for binary workbooks, kUnknown when the main part's type is not an OOXML document.
// Blocks "malformed-ooxml" when [Content_Types].xml or the root relationships are missing.
Result<FileType> detectOoxmlType(const zip::Reader& zip, Budget& budget);

// The main document's content type for an OOXML type (its macro-free form when asked).
std::string_view mainContentType(FileType type);

}  // namespace sanso::sanitize::ooxml
