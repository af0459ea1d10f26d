#include "support/ooxml_fixture.h"

#include <zip.h>
#include <zlib.h>

#include <stdexcept>

#include "support/test_util.h"

namespace sanso::test {
namespace {

const char* kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const char* kRelType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

std::string rootRels(const std::string& main) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)") +
         R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
         R"(<Relationship Id="rId1" Type=")" + kRelType + R"(officeDocument" Target=")" + main +
         R"("/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>)"
         R"(<Relationship Id="rId3" Type=")" + kRelType + R"(extended-properties" Target="docProps/app.xml"/></Relationships>)";
}

std::string coreXml() {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>予算資料</dc:title><dc:creator>山田太郎</dc:creator><cp:lastModifiedBy>佐藤花子</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created></cp:coreProperties>)";
}

std::string appXml() {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application><Company>宗像市役所</Company><HyperlinkBase>file://evil/share/</HyperlinkBase></Properties>)";
}

std::string types(const std::string& main_type, const std::string& extra) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)") +
         R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
         R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
         R"(<Default Extension="xml" ContentType="application/xml"/>)"
         R"(<Default Extension="png" ContentType="image/png"/>)"
         R"(<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>)"
         R"(<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>)"
         R"(<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>)" +
         main_type + extra + "</Types>";
}

std::string rels(const std::string& body) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)") +
         R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)" +
         body + "</Relationships>";
}

void appendChunk(std::string& png, const char* type, const std::string& data) {
  auto be32 = [&](uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) png.push_back(static_cast<char>((v >> s) & 0xff));
  };
  be32(static_cast<uint32_t>(data.size()));
  std::string body = std::string(type, 4) + data;
  png += body;
  be32(static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()),
                                   static_cast<uInt>(body.size()))));
}

}  // namespace

std::string buildZip(const PartList& parts) {
  TempDir dir;
  std::string path = dir.file("pkg.zip");
  int error = 0;
  ::zip* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) throw std::runtime_error("zip_open");
  for (const auto& [name, data] : parts) {
    zip_source_t* src = zip_source_buffer(archive, data.data(), data.size(), 0);
    if (zip_file_add(archive, name.c_str(), src, ZIP_FL_ENC_UTF_8) < 0) {
      throw std::runtime_error("zip_file_add " + name);
    }
  }
  if (zip_close(archive) != 0) throw std::runtime_error("zip_close");
  return readFileOrDie(path);
}

std::map<std::string, std::string> readZip(const std::string& bytes) {
  std::map<std::string, std::string> out;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  ::zip* archive = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (archive == nullptr) {
    zip_source_free(src);
    return out;
  }
  zip_int64_t count = zip_get_num_entries(archive, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st);
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    std::string data(st.size, '\0');
    zip_fread(file, data.data(), st.size);
    zip_fclose(file);
    out[st.name] = data;
  }
  zip_close(archive);
  return out;
}

std::string buildDocx(const DocxSpec& spec) {
  std::string main_type =
      spec.macro_enabled
          ? "application/vnd.ms-word.document.macroEnabled.main+xml"
          : "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
  std::string document = std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)") +
                         "<w:document xmlns:w=\"" + kWordNs + "\" xmlns:r=\"" + kRelNs +
                         "\" xmlns:v=\"urn:schemas-microsoft-com:vml\" "
                         "xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
                         "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
                         "<w:body>" + spec.body_xml + "<w:sectPr/></w:body></w:document>";
  std::string settings = std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)") +
                         "<w:settings xmlns:w=\"" + kWordNs + "\" xmlns:r=\"" + kRelNs + "\">" +
                         spec.settings_xml + "</w:settings>";
  std::string doc_rels = std::string("<Relationship Id=\"rIdS\" Type=\"") + kRelType +
                         "settings\" Target=\"settings.xml\"/>" + spec.extra_rels;
  PartList parts = {
      {"[Content_Types].xml",
       types("<Override PartName=\"/word/document.xml\" ContentType=\"" + main_type +
                 "\"/><Override PartName=\"/word/settings.xml\" "
                 "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml."
                 "settings+xml\"/>",
             spec.extra_types)},
      {"_rels/.rels", rootRels("word/document.xml")},
      {"docProps/core.xml", coreXml()},
      {"docProps/app.xml", appXml()},
      {"word/document.xml", document},
      {"word/_rels/document.xml.rels", rels(doc_rels)},
      {"word/settings.xml", settings},
  };
  if (!spec.settings_rels.empty()) {
    parts.emplace_back("word/_rels/settings.xml.rels", rels(spec.settings_rels));
  }
  for (const auto& p : spec.extra_parts) parts.push_back(p);
  return buildZip(parts);
}

std::string buildXlsx(const XlsxSpec& spec) {
  const char* sheet_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  std::string main_type =
      spec.macro_enabled
          ? "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
          : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
  std::string workbook = std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)") +
                         "<workbook xmlns=\"" + sheet_ns + "\" xmlns:r=\"" + kRelNs +
                         "\"><bookViews><workbookView activeTab=\"1\"/></bookViews><sheets>"
                         "<sheet name=\"データ\" sheetId=\"1\" r:id=\"rId1\"/>" +
                         spec.extra_sheets + "</sheets>" +
                         (spec.defined_names.empty()
                              ? std::string()
                              : "<definedNames>" + spec.defined_names + "</definedNames>") +
                         "</workbook>";
  std::string sheet = std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)") +
                      "<worksheet xmlns=\"" + sheet_ns + "\" xmlns:r=\"" + kRelNs +
                      "\"><sheetData>" + spec.sheet_data + "</sheetData></worksheet>";
  PartList parts = {
      {"[Content_Types].xml",
       types("<Override PartName=\"/xl/workbook.xml\" ContentType=\"" + main_type +
                 "\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" "
                 "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml."
                 "worksheet+xml\"/>",
             spec.extra_types)},
      {"_rels/.rels", rootRels("xl/workbook.xml")},
      {"docProps/core.xml", coreXml()},
      {"docProps/app.xml", appXml()},
      {"xl/workbook.xml", workbook},
      {"xl/_rels/workbook.xml.rels",
       rels(std::string("<Relationship Id=\"rId1\" Type=\"") + kRelType +
            "worksheet\" Target=\"worksheets/sheet1.xml\"/>" + spec.extra_rels)},
      {"xl/worksheets/sheet1.xml", sheet},
  };
  for (const auto& p : spec.extra_parts) parts.push_back(p);
  return buildZip(parts);
}

std::string buildPptx(const PptxSpec& spec) {
  const char* p_ns = "http://schemas.openxmlformats.org/presentationml/2006/main";
  const char* a_ns = "http://schemas.openxmlformats.org/drawingml/2006/main";
  std::string head = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";
  std::string presentation = head + "<p:presentation xmlns:p=\"" + p_ns + "\" xmlns:r=\"" +
                             kRelNs + "\" xmlns:a=\"" + a_ns +
                             "\"><p:sldIdLst><p:sldId id=\"256\" r:id=\"rId2\"/></p:sldIdLst>"
                             "<p:sldSz cx=\"9144000\" cy=\"6858000\"/>"
                             "<p:notesSz cx=\"6858000\" cy=\"9144000\"/></p:presentation>";
  std::string slide = head + "<p:sld xmlns:p=\"" + p_ns + "\" xmlns:r=\"" + kRelNs +
                      "\" xmlns:a=\"" + a_ns +
                      "\"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/>"
                      "<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>" +
                      spec.shapes_xml + "</p:spTree></p:cSld></p:sld>";
  PartList parts = {
      {"[Content_Types].xml",
       types("<Override PartName=\"/ppt/presentation.xml\" "
             "ContentType=\"application/vnd.openxmlformats-officedocument.presentationml."
             "presentation.main+xml\"/><Override PartName=\"/ppt/slides/slide1.xml\" "
             "ContentType=\"application/vnd.openxmlformats-officedocument.presentationml."
             "slide+xml\"/>",
             spec.extra_types)},
      {"_rels/.rels", rootRels("ppt/presentation.xml")},
      {"docProps/core.xml", coreXml()},
      {"docProps/app.xml", appXml()},
      {"ppt/presentation.xml", presentation},
      {"ppt/_rels/presentation.xml.rels",
       rels(std::string("<Relationship Id=\"rId2\" Type=\"") + kRelType +
            "slide\" Target=\"slides/slide1.xml\"/>")},
      {"ppt/slides/slide1.xml", slide},
      {"ppt/slides/_rels/slide1.xml.rels", rels(spec.slide_rels)},
  };
  for (const auto& p : spec.extra_parts) parts.push_back(p);
  return buildZip(parts);
}

std::string tinyPng() {
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr = std::string("\0\0\0\2\0\0\0\2\x08\x02\0\0\0", 13);
  appendChunk(png, "IHDR", ihdr);
  std::string raw;
  for (int y = 0; y < 2; ++y) raw += std::string("\0\xff\0\0\0\xff\0", 7);
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(size, '\0');
  compress(reinterpret_cast<Bytef*>(packed.data()), &size,
           reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()));
  packed.resize(size);
  appendChunk(png, "IDAT", packed);
  appendChunk(png, "tEXt", std::string("Author\0Secret", 13));
  appendChunk(png, "IEND", "");
  return png;
}

}  // namespace sanso::test
