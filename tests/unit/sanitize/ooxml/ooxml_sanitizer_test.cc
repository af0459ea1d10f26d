// OOXML cdr: hostile packages built at test time, outputs read back with libzip and plain
// string searches (not sanso's own parsers).
#include <gtest/gtest.h>

#include "support/ooxml_fixture.h"
#include "support/sanitize_runner.h"
#include "zip/zip_reader.h"

namespace sanso::sanitize {
namespace {

using test::buildDocx;
using test::DocxSpec;
using test::hasAction;
using test::readZip;
using test::sanitizeBytes;

const std::string kRelType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

std::string run(const std::string& text) {
  return "<w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r>";
}
std::string paragraph(const std::string& runs) { return "<w:p>" + runs + "</w:p>"; }
std::string fldChar(const std::string& type) {
  return "<w:r><w:fldChar w:fldCharType=\"" + type + "\"/></w:r>";
}
std::string instr(const std::string& text) {
  return "<w:r><w:instrText xml:space=\"preserve\">" + text + "</w:instrText></w:r>";
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Every part's text, concatenated, for marker searches.
std::string allParts(const std::map<std::string, std::string>& parts) {
  std::string all;
  for (const auto& [name, data] : parts) all += name + "\n" + data + "\n";
  return all;
}

TEST(OoxmlSanitizer, MacroEnabledDocumentLosesVbaAndBecomesDocx) {
  DocxSpec spec;
  spec.macro_enabled = true;
  spec.body_xml = paragraph(run("宗像市 情報セキュリティ基本方針"));
  spec.extra_rels = "<Relationship Id=\"rIdVba\" "
                    "Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" "
                    "Target=\"vbaProject.bin\"/>";
  spec.extra_types = "<Override PartName=\"/word/vbaProject.bin\" "
                     "ContentType=\"application/vnd.ms-office.vbaProject\"/>";
  spec.extra_parts = {{"word/vbaProject.bin", "Attribute VB_Name = \"ThisDocument\"\nShell"}};
  auto result = sanitizeBytes(buildDocx(spec), "macro.docm");
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized) << result.report.reason;
  EXPECT_EQ(result.report.input.type, "docm");
  EXPECT_EQ(result.report.output->type, "docx");
  EXPECT_TRUE(hasAction(result.report, "removed", "vba-project"));
  auto parts = readZip(*result.output);
  ASSERT_FALSE(parts.empty());
  EXPECT_EQ(parts.count("word/vbaProject.bin"), 0u);
  std::string all = allParts(parts);
  EXPECT_FALSE(contains(all, "vbaProject"));
  EXPECT_FALSE(contains(all, "macroEnabled"));
  EXPECT_TRUE(contains(parts["[Content_Types].xml"], "wordprocessingml.document.main+xml"));
  EXPECT_TRUE(contains(parts["word/document.xml"], "宗像市 情報セキュリティ基本方針"));
}

TEST(OoxmlSanitizer, DangerousFieldsKeepOnlyTheirResult) {
  DocxSpec spec;
  spec.body_xml =
      paragraph(fldChar("begin") + instr(" DD") + instr("EAUTO c:\\\\windows\\\\system32\\\\cmd.exe ") +
                instr("\"/k calc\" ") + fldChar("separate") + run("表示結果") + fldChar("end")) +
      paragraph("<w:fldSimple w:instr=\" INCLUDETEXT &quot;\\\\\\\\evil\\\\share\\\\x.docx&quot; \">" +
                run("取込") + "</w:fldSimple>") +
      paragraph(fldChar("begin") + instr(" PAGE ") + fldChar("separate") + run("1") +
                fldChar("end")) +
      // The type of the outer field comes from a nested field: never allowed.
      paragraph(fldChar("begin") + fldChar("begin") + instr("QUOTE \"DDEAUTO\"") +
                fldChar("separate") + run("DDEAUTO") + fldChar("end") +
                instr(" calc ") + fldChar("separate") + run("外側") + fldChar("end")) +
      paragraph(fldChar("begin") + instr("ddeauto \"c:\\\\x.exe\"") + fldChar("end"));
  auto result = sanitizeBytes(buildDocx(spec), "fields.docx");
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized) << result.report.reason;
  EXPECT_TRUE(hasAction(result.report, "neutralized", "dde-field"));
  EXPECT_TRUE(hasAction(result.report, "neutralized", "include-field"));
  std::string doc = readZip(*result.output)["word/document.xml"];
  for (const char* marker : {"DDE", "dde", "INCLUDETEXT", "cmd.exe", "calc", "evil", "x.exe"}) {
    EXPECT_FALSE(contains(doc, marker)) << marker << " left in " << doc;
  }
  EXPECT_TRUE(contains(doc, "表示結果"));
  EXPECT_TRUE(contains(doc, "取込"));
  EXPECT_TRUE(contains(doc, "外側"));
  EXPECT_TRUE(contains(doc, " PAGE "));
}

TEST(OoxmlSanitizer, ExternalRelationshipsGoExceptBrowsingHyperlinks) {
  DocxSpec spec;
  spec.body_xml =
      paragraph("<w:hyperlink r:id=\"rIdWeb\">" + run("市のサイト") + "</w:hyperlink>") +
      paragraph("<w:hyperlink r:id=\"rIdFile\">" + run("共有フォルダ") + "</w:hyperlink>") +
      paragraph("<w:hyperlink r:id=\"rIdExe\">" + run("更新プログラム") + "</w:hyperlink>") +
      paragraph("<w:r><w:drawing><a:blip r:link=\"rIdExtImg\"/></w:drawing></w:r>") +
      "<w:altChunk r:id=\"rIdChunk\"/>";
  spec.extra_rels =
      "<Relationship Id=\"rIdWeb\" Type=\"" + kRelType +
      "hyperlink\" Target=\"https://www.city.munakata.lg.jp/\" TargetMode=\"External\"/>"
      "<Relationship Id=\"rIdFile\" Type=\"" + kRelType +
      "hyperlink\" Target=\"file:///C:/Windows/System32/calc.exe\" TargetMode=\"External\"/>"
      "<Relationship Id=\"rIdExe\" Type=\"" + kRelType +
      "hyperlink\" Target=\"http://example.com/update.exe\" TargetMode=\"External\"/>"
      "<Relationship Id=\"rIdExtImg\" Type=\"" + kRelType +
      "image\" Target=\"http://tracker.example/pixel.png\" TargetMode=\"External\"/>"
      "<Relationship Id=\"rIdChunk\" Type=\"" + kRelType +
      "aFChunk\" Target=\"http://evil.example/chunk.html\" TargetMode=\"External\"/>";
  spec.settings_xml = "<w:attachedTemplate r:id=\"rIdTpl\"/>";
  spec.settings_rels = "<Relationship Id=\"rIdTpl\" Type=\"" + kRelType +
                       "attachedTemplate\" Target=\"http://evil.example/t.dotm\" "
                       "TargetMode=\"External\"/>";
  auto result = sanitizeBytes(buildDocx(spec), "links.docx");
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized) << result.report.reason;
  auto parts = readZip(*result.output);
  std::string all = allParts(parts);
  EXPECT_TRUE(contains(all, "https://www.city.munakata.lg.jp/"));
  for (const char* marker : {"calc.exe", "update.exe", "tracker.example", "evil.example",
                             "attachedTemplate", "altChunk", "r:link"}) {
    EXPECT_FALSE(contains(all, marker)) << marker;
  }
  EXPECT_TRUE(hasAction(result.report, "removed", "external-template"));
  EXPECT_TRUE(hasAction(result.report, "removed", "external-image"));
  EXPECT_TRUE(hasAction(result.report, "neutralized", "launch-link"));
  EXPECT_TRUE(contains(parts["word/document.xml"], "共有フォルダ"));  // text stays

  Options no_links;
  no_links.keep_hyperlinks = false;
  auto plain = sanitizeBytes(buildDocx(spec), "links.docx", no_links);
  ASSERT_TRUE(plain.output.has_value());
  std::string plain_all = allParts(readZip(*plain.output));
  EXPECT_FALSE(contains(plain_all, "city.munakata"));
  EXPECT_TRUE(contains(plain_all, "市のサイト"));
}

TEST(OoxmlSanitizer, EmbeddedOleObjectKeepsItsPreviewPicture) {
  DocxSpec spec;
  spec.body_xml = paragraph(
      "<w:r><w:object><v:shape id=\"_x0000_i1025\" style=\"width:60pt;height:40pt\">"
      "<v:imagedata r:id=\"rIdImg\" o:title=\"\"/></v:shape>"
      "<o:OLEObject Type=\"Embed\" ProgID=\"Package\" ShapeID=\"_x0000_i1025\" "
      "DrawAspect=\"Icon\" ObjectID=\"_1\" r:id=\"rIdOle\"/></w:object></w:r>");
  spec.extra_rels = "<Relationship Id=\"rIdImg\" Type=\"" + kRelType +
                    "image\" Target=\"media/image1.png\"/><Relationship Id=\"rIdOle\" Type=\"" +
                    kRelType + "oleObject\" Target=\"embeddings/oleObject1.bin\"/>";
  spec.extra_parts = {{"word/media/image1.png", test::tinyPng()},
                      {"word/embeddings/oleObject1.bin", std::string("\xD0\xCF\x11\xE0payload")}};
  auto result = sanitizeBytes(buildDocx(spec), "ole.docx");
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized) << result.report.reason;
  EXPECT_TRUE(hasAction(result.report, "removed", "ole-object"));
  auto parts = readZip(*result.output);
  EXPECT_EQ(parts.count("word/embeddings/oleObject1.bin"), 0u);
  ASSERT_EQ(parts.count("word/media/image1.png"), 1u);
  EXPECT_FALSE(contains(parts["word/media/image1.png"], "Secret"));  // re-encoded
  std::string doc = parts["word/document.xml"];
  EXPECT_FALSE(contains(doc, "OLEObject"));
  EXPECT_TRUE(contains(doc, "imagedata"));
  EXPECT_TRUE(contains(doc, "rIdImg"));
}

TEST(OoxmlSanitizer, PersonalMetadataIsRemovedByDefault) {
  DocxSpec spec;
  spec.body_xml = paragraph(run("本文"));
  auto result = sanitizeBytes(buildDocx(spec), "meta.docx");
  ASSERT_TRUE(result.output.has_value()) << result.report.reason;
  auto parts = readZip(*result.output);
  std::string core = parts["docProps/core.xml"];
  std::string app = parts["docProps/app.xml"];
  EXPECT_TRUE(contains(core, "予算資料"));
  EXPECT_FALSE(contains(core, "山田太郎"));
  EXPECT_FALSE(contains(core, "佐藤花子"));
  EXPECT_FALSE(contains(app, "宗像市役所"));
  EXPECT_FALSE(contains(app, "HyperlinkBase"));
  EXPECT_TRUE(hasAction(result.report, "removed", "metadata"));

  Options keep;
  keep.remove_metadata = false;
  auto kept = sanitizeBytes(buildDocx(spec), "meta.docx", keep);
  std::string kept_core = readZip(*kept.output)["docProps/core.xml"];
  EXPECT_TRUE(contains(kept_core, "山田太郎"));
  EXPECT_FALSE(contains(readZip(*kept.output)["docProps/app.xml"], "HyperlinkBase"));
}

TEST(OoxmlSanitizer, CleanDocumentIsReportedClean) {
  DocxSpec spec;
  spec.body_xml = paragraph(run("問題のない文書"));
  DocxSpec settings_only = spec;
  Options keep;
  keep.remove_metadata = false;
  auto result = sanitizeBytes(buildDocx(spec), "clean.docx", keep);
  ASSERT_TRUE(result.output.has_value());
  // HyperlinkBase in the fixture's app.xml is always removed, so the verdict says so.
  EXPECT_TRUE(hasAction(result.report, "removed", "metadata"));
  EXPECT_TRUE(contains(readZip(*result.output)["word/document.xml"], "問題のない文書"));
}

// The stored deflate stream of `name` in the package `bytes` (empty when it has none).
std::string storedStream(const std::string& bytes, const std::string& name) {
  Limits limits;
  Budget budget(limits);
  auto reader = zip::Reader::open(asBytes(bytes), budget);
  if (!reader.isOk() || reader->find(name) == nullptr) return {};
  auto packed = reader->packed(*reader->find(name));
  return packed ? std::string(asChars(packed->stream)) : std::string();
}

// `document` replaces word/document.xml of a plain docx.
std::string docxWithDocument(const std::string& document) {
  DocxSpec spec;
  spec.body_xml = paragraph(run("本文"));
  test::PartList parts;
  for (auto& [name, data] : readZip(buildDocx(spec))) {
    parts.emplace_back(name, name == "word/document.xml" ? document : data);
  }
  return test::buildZip(parts);
}

TEST(OoxmlSanitizer, AnUnchangedPartKeepsItsStoredStreamAChangedOneIsRebuilt) {
  const std::string head = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";
  const std::string body = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
                           "wordprocessingml/2006/main\"><w:body>" +
                           paragraph(run("変更のない本文")) + "<w:sectPr/></w:body></w:document>";
  // Word's line break after the declaration and everyone else's: both are the form sanso
  // writes, so the part's bytes go out as they came, without compressing them again.
  for (const std::string& line_break : {std::string("\r\n"), std::string("\n")}) {
    std::string input = docxWithDocument(head + line_break + body);
    auto result = sanitizeBytes(input, "same.docx");
    ASSERT_TRUE(result.output.has_value()) << result.report.reason;
    EXPECT_EQ(readZip(*result.output)["word/document.xml"], head + line_break + body);
    std::string stored = storedStream(input, "word/document.xml");
    ASSERT_FALSE(stored.empty());
    EXPECT_EQ(storedStream(*result.output, "word/document.xml"), stored);
  }
  // A comment, a CDATA section, a single-quoted attribute: the part is written as rebuilt,
  // never as it came.
  const std::string hidden = "<w:document xmlns:w='http://schemas.openxmlformats.org/"
                             "wordprocessingml/2006/main'><w:body><!--隠し-->" +
                             paragraph("<w:r><w:t><![CDATA[本文]]></w:t></w:r>") +
                             "<w:sectPr/></w:body></w:document>";
  std::string input = docxWithDocument(head + "\n" + hidden);
  auto result = sanitizeBytes(input, "changed.docx");
  ASSERT_TRUE(result.output.has_value()) << result.report.reason;
  std::string document = readZip(*result.output)["word/document.xml"];
  EXPECT_FALSE(contains(document, "隠し"));
  EXPECT_FALSE(contains(document, "CDATA"));
  EXPECT_TRUE(contains(document, "<w:t>本文</w:t>"));
  EXPECT_NE(storedStream(*result.output, "word/document.xml"),
            storedStream(input, "word/document.xml"));
}

TEST(OoxmlSanitizer, WorkbookAutoRunMacroSheetsExternalLinksAndDde) {
  test::XlsxSpec spec;
  spec.sheet_data =
      "<row r=\"1\"><c r=\"A1\"><f>SUM(B1:B2)</f><v>3</v></c>"
      "<c r=\"B1\"><f>cmd|' /c calc'!A0</f><v>0</v></c>"
      "<c r=\"C1\"><f>[1]Sheet1!A1</f><v>42</v></c></row>";
  spec.extra_sheets = "<sheet name=\"Macro1\" sheetId=\"2\" state=\"veryHidden\" r:id=\"rIdM\"/>"
                      "<sheet name=\"後\" sheetId=\"3\" r:id=\"rId3\"/>";
  spec.defined_names = "<definedName name=\"_xlnm.Auto_Open\">Macro1!$A$1</definedName>"
                       "<definedName name=\"auto_open2\">Macro1!$A$1</definedName>"
                       "<definedName name=\"範囲\" localSheetId=\"2\">後!$A$1</definedName>";
  spec.extra_rels =
      "<Relationship Id=\"rIdM\" Type=\"http://schemas.microsoft.com/office/2006/relationships/"
      "xlMacrosheet\" Target=\"macrosheets/sheet1.xml\"/>"
      "<Relationship Id=\"rId3\" Type=\"" + kRelType +
      "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
      "<Relationship Id=\"rIdX\" Type=\"" + kRelType +
      "externalLink\" Target=\"externalLinks/externalLink1.xml\"/>";
  spec.extra_types = "<Override PartName=\"/xl/macrosheets/sheet1.xml\" "
                     "ContentType=\"application/vnd.ms-excel.macrosheet+xml\"/>"
                     "<Override PartName=\"/xl/externalLinks/externalLink1.xml\" "
                     "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml."
                     "externalLink+xml\"/>";
  spec.extra_parts = {
      {"xl/macrosheets/sheet1.xml", "<xm:macrosheet xmlns:xm=\"x\">=EXEC(\"calc\")</xm:macrosheet>"},
      {"xl/externalLinks/externalLink1.xml", "<externalLink><ddeLink ddeService=\"cmd\"/></externalLink>"}};
  auto result = sanitizeBytes(test::buildXlsx(spec), "book.xlsm");
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized) << result.report.reason;
  EXPECT_TRUE(hasAction(result.report, "removed", "excel4-macro-sheet"));
  EXPECT_TRUE(hasAction(result.report, "removed", "auto-run-name"));
  EXPECT_TRUE(hasAction(result.report, "removed", "external-link"));
  EXPECT_TRUE(hasAction(result.report, "removed", "external-formula"));
  auto parts = readZip(*result.output);
  std::string all = allParts(parts);
  for (const char* marker : {"macrosheet", "Auto_Open", "auto_open", "EXEC", "cmd|", "[1]",
                             "externalLink", "Macro1"}) {
    EXPECT_FALSE(contains(all, marker)) << marker;
  }
  std::string workbook = parts["xl/workbook.xml"];
  EXPECT_TRUE(contains(workbook, "localSheetId=\"1\""));  // renumbered after the macro sheet
  EXPECT_TRUE(contains(workbook, "activeTab=\"0\""));
  std::string sheet = parts["xl/worksheets/sheet1.xml"];
  EXPECT_TRUE(contains(sheet, "SUM(B1:B2)"));
  EXPECT_TRUE(contains(sheet, "<v>42</v>"));
}

TEST(OoxmlSanitizer, LaunchingFormulasVmlLinksAndRepublishingGo) {
  test::XlsxSpec spec;
  spec.sheet_data =
      "<row r=\"1\"><c r=\"A1\" t=\"str\"><f>HYPERLINK(\"file:///C:/Windows/calc.exe\",\"開く\")</f>"
      "<v>開く</v></c><c r=\"B1\" t=\"str\"><f>HYPERLINK(\"https://www.city.munakata.lg.jp/\","
      "\"市\")</f><v>市</v></c><c r=\"C1\" t=\"str\"><f>HYPERLINK(D1)</f><v>x</v></c>"
      "<c r=\"D1\" t=\"str\"><f>HYPERLINK(\"#データ!A1\")</f><v>y</v></c></row>";
  auto result = sanitizeBytes(test::buildXlsx(spec), "links.xlsx");
  ASSERT_TRUE(result.output.has_value()) << result.report.reason;
  std::string sheet = readZip(*result.output)["xl/worksheets/sheet1.xml"];
  EXPECT_FALSE(contains(sheet, "calc.exe"));
  EXPECT_FALSE(contains(sheet, "HYPERLINK(D1)"));
  EXPECT_TRUE(contains(sheet, "city.munakata"));
  EXPECT_TRUE(contains(sheet, "#データ!A1"));
  EXPECT_TRUE(contains(sheet, "<v>開く</v>"));

  auto parts = readZip(test::buildXlsx(spec));
  parts["xl/worksheets/sheet1.xml"].insert(
      parts["xl/worksheets/sheet1.xml"].find("</worksheet>"),
      "<webPublishItems count=\"1\"><webPublishItem id=\"1\" divId=\"d\" sourceType=\"sheet\" "
      "destinationFile=\"\\\\evil\\share\\x.htm\" autoRepublish=\"1\"/></webPublishItems>");
  test::PartList list(parts.begin(), parts.end());
  auto republish = sanitizeBytes(test::buildZip(list), "pub.xlsx");
  ASSERT_TRUE(republish.output.has_value()) << republish.report.reason;
  EXPECT_FALSE(contains(readZip(*republish.output)["xl/worksheets/sheet1.xml"], "evil"));
  EXPECT_TRUE(hasAction(republish.report, "removed", "web-publishing"));

  DocxSpec doc;
  doc.body_xml = paragraph(
      "<w:r><w:pict><v:shape id=\"a\" href=\"file://evil/share/run.exe\" o:href=\"http://x/y.png\">"
      "<v:imagedata src=\"http://tracker.example/p.png\"/></v:shape>"
      "<v:shape id=\"b\" href=\"https://www.city.munakata.lg.jp/\"/></w:pict></w:r>");
  auto vml = sanitizeBytes(buildDocx(doc), "vml.docx");
  ASSERT_TRUE(vml.output.has_value()) << vml.report.reason;
  std::string body = readZip(*vml.output)["word/document.xml"];
  EXPECT_FALSE(contains(body, "run.exe"));
  EXPECT_FALSE(contains(body, "tracker.example"));
  EXPECT_FALSE(contains(body, "http://x/y.png"));
  EXPECT_TRUE(contains(body, "city.munakata"));
}

// Regressions from the attacker review: text split by comments/PIs/CDATA, hyperlink
// relationships reused by pictures, computed or switched link targets, quoted sheet names,
// formulas outside cells, macro assignments.
TEST(OoxmlSanitizer, ReviewBypassesStayClosed) {
  DocxSpec doc;
  doc.body_xml =
      paragraph(fldChar("begin") +
                "<w:r><w:instrText xml:space=\"preserve\"> <!-- c -->DDEAUTO c:\\\\x.exe MARK1 "
                "</w:instrText></w:r>" + instr("PAGE") + fldChar("separate") + run("r") +
                fldChar("end")) +
      paragraph(fldChar("begin") + "<w:r><w:instrText><![CDATA[DDEAUTO MARK2]]></w:instrText></w:r>" +
                fldChar("end")) +
      paragraph(fldChar("begin") + instr("HYPERLINK \\n \"file:///C:/MARK3.exe\"") +
                fldChar("separate") + run("l") + fldChar("end")) +
      paragraph(fldChar("begin") + instr("HYPERLINK ") + fldChar("begin") +
                instr("QUOTE \"file:///C:/MARK4.exe\"") + fldChar("end") + fldChar("separate") +
                run("q") + fldChar("end")) +
      paragraph("<w:r><w:drawing><a:blip r:link=\"rIdWeb\"/></w:drawing></w:r>") +
      paragraph("<w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:entryMacro w:val=\"MARK5\"/>"
                "</w:ffData></w:fldChar></w:r>" + instr(" FORMTEXT ") + fldChar("end"));
  doc.extra_rels = "<Relationship Id=\"rIdWeb\" Type=\"" + kRelType +
                   "hyperlink\" Target=\"http://tracker.example/MARK6.png\" TargetMode=\"External\"/>";
  auto word = sanitizeBytes(buildDocx(doc), "review.docx");
  ASSERT_TRUE(word.output.has_value()) << word.report.reason;
  std::string body = readZip(*word.output)["word/document.xml"];
  for (const char* marker : {"MARK1", "MARK2", "MARK3", "MARK4", "MARK5", "rIdWeb", "CDATA"}) {
    EXPECT_FALSE(contains(body, marker)) << marker << "\n" << body;
  }

  test::XlsxSpec book;
  book.sheet_data =
      "<row r=\"1\"><c r=\"A1\"><f>1+0<!-- -->+cmd|' /c calc'!A0</f><v>1</v></c>"
      "<c r=\"B1\"><f>1<![CDATA[+cmd|' /c calc'!A0]]></f><v>1</v></c>"
      "<c r=\"C1\"><f>IF(B1,HYPERLINK(\"#データ!A1\"),HYPERLINK(\"file:///C:/X10.exe\"))</f><v>1</v></c>"
      "<c r=\"D1\"><f>hyperlink (\"file:///c:/X8.exe\")</f><v>1</v></c>"
      "<c r=\"E1\"><f>SUM('a\"b'!A1)+cmd|'/c calc\"'!A0</f><v>1</v></c></row>";
  auto parts = readZip(test::buildXlsx(book));
  std::string& sheet_xml = parts["xl/worksheets/sheet1.xml"];
  sheet_xml.insert(sheet_xml.find("</worksheet>"),
                   "<conditionalFormatting sqref=\"A1\"><cfRule type=\"expression\" priority=\"1\">"
                   "<formula>cmd|' /c calc'!A0</formula></cfRule></conditionalFormatting>");
  test::PartList list(parts.begin(), parts.end());
  auto excel = sanitizeBytes(test::buildZip(list), "review.xlsx");
  ASSERT_TRUE(excel.output.has_value()) << excel.report.reason;
  std::string sheet = readZip(*excel.output)["xl/worksheets/sheet1.xml"];
  for (const char* marker : {"cmd|", "X10.exe", "X8.exe", "CDATA", "cfRule"}) {
    EXPECT_FALSE(contains(sheet, marker)) << marker << "\n" << sheet;
  }
}

TEST(OoxmlSanitizer, PresentationActionsAndOleFrames) {
  test::PptxSpec spec;
  auto shape = [](const std::string& id, const std::string& link) {
    return "<p:sp><p:nvSpPr><p:cNvPr id=\"" + id + "\" name=\"s\">" + link +
           "</p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>"
           "<a:p><a:r><a:t>スライド" + id + "</a:t></a:r></a:p></p:txBody></p:sp>";
  };
  spec.shapes_xml =
      shape("2", "<a:hlinkClick r:id=\"\" action=\"ppaction://program\"/>") +
      shape("3", "<a:hlinkClick r:id=\"\" action=\"ppaction://macro?name=Run\"/>") +
      shape("4", "<a:hlinkClick r:id=\"\" action=\"ppaction://hlinkshowjump?jump=nextslide\"/>") +
      "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"5\" name=\"ole\"/><p:cNvGraphicFramePr/>"
      "<p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x=\"1\" y=\"2\"/><a:ext cx=\"3\" cy=\"4\"/>"
      "</p:xfrm><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/presentationml/"
      "2006/ole\"><p:oleObj r:id=\"rIdOle\" progId=\"Package\"><p:embed/><p:pic><p:nvPicPr>"
      "<p:cNvPr id=\"6\" name=\"\"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill>"
      "<a:blip r:embed=\"rIdImg\"/></p:blipFill><p:spPr/></p:pic></p:oleObj></a:graphicData>"
      "</a:graphic></p:graphicFrame>";
  spec.slide_rels = "<Relationship Id=\"rIdOle\" Type=\"" + kRelType +
                    "oleObject\" Target=\"../embeddings/oleObject1.bin\"/>"
                    "<Relationship Id=\"rIdImg\" Type=\"" + kRelType +
                    "image\" Target=\"../media/image1.png\"/>";
  spec.extra_parts = {{"ppt/media/image1.png", test::tinyPng()},
                      {"ppt/embeddings/oleObject1.bin", "ole"}};
  auto result = sanitizeBytes(test::buildPptx(spec), "deck.pptx");
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized) << result.report.reason;
  EXPECT_TRUE(hasAction(result.report, "neutralized", "presentation-action"));
  auto parts = readZip(*result.output);
  std::string slide = parts["ppt/slides/slide1.xml"];
  EXPECT_FALSE(contains(slide, "ppaction://program"));
  EXPECT_FALSE(contains(slide, "ppaction://macro"));
  EXPECT_TRUE(contains(slide, "hlinkshowjump"));
  EXPECT_FALSE(contains(slide, "oleObj"));
  EXPECT_TRUE(contains(slide, "rIdImg")) << slide;  // the preview picture stands in
  EXPECT_TRUE(contains(slide, "a:xfrm"));
  EXPECT_EQ(parts.count("ppt/embeddings/oleObject1.bin"), 0u);
  for (const char* text : {"スライド2", "スライド3", "スライド4"}) EXPECT_TRUE(contains(slide, text));
}

TEST(OoxmlSanitizer, RefusesDoctypeAndBrokenPackages) {
  DocxSpec spec;
  spec.body_xml = paragraph(run("x"));
  std::string good = buildDocx(spec);
  auto parts = readZip(good);
  parts["word/document.xml"] =
      "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]>" +
      parts["word/document.xml"].substr(parts["word/document.xml"].find("<w:document"));
  test::PartList list(parts.begin(), parts.end());
  auto doctype = sanitizeBytes(test::buildZip(list), "bomb.docx");
  EXPECT_EQ(doctype.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(doctype.report.reason, "xml-doctype");
  EXPECT_FALSE(doctype.output.has_value());

  parts = readZip(good);
  parts.erase("[Content_Types].xml");
  test::PartList missing(parts.begin(), parts.end());
  auto broken = sanitizeBytes(test::buildZip(missing), "broken.docx");
  EXPECT_EQ(broken.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(broken.report.reason, "malformed-ooxml");
}

// A cell formula is judged whatever SpreadsheetML namespace its element is in.
TEST(OoxmlSanitizer, CellFormulasInTheOtherSpreadsheetNamespaceAreJudgedToo) {
  test::XlsxSpec spec;
  spec.sheet_data =
      "<row r=\"1\"><c r=\"A1\"><s:f xmlns:s=\"http://purl.oclc.org/ooxml/spreadsheetml/main\">"
      "cmd|' /c calc'!A0</s:f><v>0</v></c><c r=\"B1\"><f>SUM(C1:C2)</f><v>3</v></c></row>";
  auto result = sanitizeBytes(test::buildXlsx(spec), "book.xlsx");
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized) << result.report.reason;
  EXPECT_TRUE(hasAction(result.report, "removed", "external-formula"));
  std::string sheet = readZip(*result.output)["xl/worksheets/sheet1.xml"];
  EXPECT_FALSE(contains(sheet, "cmd|"));
  EXPECT_TRUE(contains(sheet, "SUM(C1:C2)"));
}

// pugixml passes bytes through unchecked; an overlong form (0xC0 0xBC is '<' to a lenient
// decoder) must not reach the output, whether the part is copied, rebuilt or generated.
TEST(OoxmlSanitizer, RefusesPartsThatAreNotStrictUtf8) {
  const std::string overlong = "\xC0\xBCscript";
  DocxSpec copied;  // a part the scan would copy as stored
  copied.body_xml = paragraph(run("宗像" + overlong));
  DocxSpec rebuilt;  // a part the walk changes
  rebuilt.body_xml = paragraph(run("宗像" + overlong) + "<w:r><w:object><w:control/></w:object></w:r>");
  DocxSpec generated;  // a relationship target written into a new .rels
  generated.body_xml = paragraph("<w:hyperlink r:id=\"rIdX\">" + run("x") + "</w:hyperlink>");
  generated.extra_rels = "<Relationship Id=\"rIdX\" Type=\"" + kRelType +
                         "hyperlink\" Target=\"https://example.jp/" + overlong +
                         "\" TargetMode=\"External\"/>";
  for (const auto* spec : {&copied, &rebuilt, &generated}) {
    auto result = sanitizeBytes(buildDocx(*spec), "utf8.docx");
    EXPECT_EQ(result.report.verdict, Verdict::kBlocked);
    EXPECT_EQ(result.report.reason, "malformed-xml");
    EXPECT_FALSE(result.output.has_value());
  }
  DocxSpec valid;
  valid.body_xml = paragraph(run("宗像市 𠮷野家 ﾃｽﾄ"));
  EXPECT_EQ(sanitizeBytes(buildDocx(valid), "utf8.docx").report.verdict, Verdict::kSanitized);
}

TEST(OoxmlSanitizer, TextMethodExtractsJapaneseText) {
  DocxSpec spec;
  spec.body_xml = paragraph(run("情報資産の") + run("機密性")) +
                  paragraph(fldChar("begin") + instr(" DDEAUTO calc ") + fldChar("separate") +
                            run("結果") + fldChar("end"));
  Options options;
  options.method = Method::kText;
  auto result = sanitizeBytes(buildDocx(spec), "text.docx", options);
  ASSERT_TRUE(result.output.has_value()) << result.report.reason;
  EXPECT_EQ(result.report.output->type, "text");
  EXPECT_TRUE(contains(*result.output, "情報資産の機密性\n"));
  EXPECT_TRUE(contains(*result.output, "結果"));
  EXPECT_FALSE(contains(*result.output, "DDEAUTO"));

  test::XlsxSpec book;
  book.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>氏名</t></is></c>"
                    "<c r=\"C1\"><v>12</v></c></row>";
  auto sheet = sanitizeBytes(test::buildXlsx(book), "book.xlsx", options);
  ASSERT_TRUE(sheet.output.has_value()) << sheet.report.reason;
  EXPECT_TRUE(contains(*sheet.output, "## データ\n氏名\t\t12\n"));
}

}  // namespace
}  // namespace sanso::sanitize
