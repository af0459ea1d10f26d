// Builds OOXML packages for tests (with libzip, independent of sanso's zip code) and reads
// sanitized outputs back.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sanso::test {

using PartList = std::vector<std::pair<std::string, std::string>>;

// A zip of `parts` in order.
std::string buildZip(const PartList& parts);
// All entries of a zip (name -> bytes); empty map when it cannot be read.
std::map<std::string, std::string> readZip(const std::string& bytes);

// A docx whose word/document.xml body is `body_xml` (inside <w:body>), with extra document
// relationships (`extra_rels`: <Relationship .../> elements), extra content-type overrides,
// extra parts, and a settings part holding `settings_xml`.
struct DocxSpec {
  std::string body_xml;
  std::string extra_rels;
  std::string extra_types;
  std::string settings_xml;
  std::string settings_rels;
  PartList extra_parts;
  bool macro_enabled = false;
};
std::string buildDocx(const DocxSpec& spec);

// An xlsx with one sheet holding `sheet_data` (<sheetData> content) and workbook extras.
struct XlsxSpec {
  std::string sheet_data;
  std::string defined_names;    // <definedName .../> elements
  std::string extra_sheets;     // <sheet .../> elements after the first
  std::string extra_rels;       // workbook relationships
  std::string extra_types;
  PartList extra_parts;
  bool macro_enabled = false;
};
std::string buildXlsx(const XlsxSpec& spec);

// A pptx with one slide whose shape tree holds `shapes_xml`.
struct PptxSpec {
  std::string shapes_xml;
  std::string slide_rels;
  std::string extra_types;
  PartList extra_parts;
};
std::string buildPptx(const PptxSpec& spec);

// A 2x2 PNG, for pictures inside packages.
std::string tinyPng();

}  // namespace sanso::test
