// Runs the real `sanso` binary on hostile Office files and checks that LibreOffice opens every
// output (headless conversion to PDF succeeds) with the benign text intact.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/ooxml_fixture.h"
#include "support/test_util.h"

namespace sanso {
namespace {

using test::runCommand;
using test::shellQuote;

const std::string kRelType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

std::string wordParagraph(const std::string& text) {
  return "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>";
}

int sanitize(const std::string& in, const std::string& out, const std::string& extra = "") {
  int code = -1;
  runCommand(shellQuote(SANSO_BINARY) + " sanitize " + extra + " " + shellQuote(in) + " " +
                 shellQuote(out) + " 2>/dev/null",
             &code);
  return code;
}

TEST(CliLibreOffice, SanitizedOfficeFilesOpenInLibreOffice) {
  if (!test::haveProgram("soffice")) GTEST_SKIP() << "LibreOffice is not installed";
  test::TempDir dir;
  std::map<std::string, std::string> inputs;

  test::DocxSpec docx;
  docx.macro_enabled = true;
  docx.body_xml =
      wordParagraph("情報セキュリティ基本方針") +
      "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>DDEAUTO "
      "c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc\"</w:instrText></w:r><w:r><w:fldChar "
      "w:fldCharType=\"separate\"/></w:r><w:r><w:t>フィールド結果</w:t></w:r><w:r><w:fldChar "
      "w:fldCharType=\"end\"/></w:r></w:p>" +
      "<w:p><w:r><w:object><v:shape id=\"s1\" style=\"width:40pt;height:40pt\"><v:imagedata "
      "r:id=\"rIdImg\"/></v:shape><o:OLEObject Type=\"Embed\" ProgID=\"Package\" ShapeID=\"s1\" "
      "r:id=\"rIdOle\"/></w:object></w:r></w:p>";
  docx.extra_rels = "<Relationship Id=\"rIdImg\" Type=\"" + kRelType +
                    "image\" Target=\"media/image1.png\"/><Relationship Id=\"rIdOle\" Type=\"" +
                    kRelType + "oleObject\" Target=\"embeddings/oleObject1.bin\"/>"
                    "<Relationship Id=\"rIdVba\" Type=\"http://schemas.microsoft.com/office/2006/"
                    "relationships/vbaProject\" Target=\"vbaProject.bin\"/>";
  docx.extra_types = "<Override PartName=\"/word/vbaProject.bin\" "
                     "ContentType=\"application/vnd.ms-office.vbaProject\"/>";
  docx.extra_parts = {{"word/media/image1.png", test::tinyPng()},
                      {"word/embeddings/oleObject1.bin", "ole"},
                      {"word/vbaProject.bin", "vba"}};
  inputs["macro.docm"] = test::buildDocx(docx);

  test::XlsxSpec xlsx;
  xlsx.macro_enabled = true;
  xlsx.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>予算額</t></is></c>"
                    "<c r=\"B1\"><f>cmd|' /c calc'!A0</f><v>7</v></c></row>";
  xlsx.extra_sheets = "<sheet name=\"Macro1\" sheetId=\"2\" r:id=\"rIdM\"/>";
  xlsx.defined_names = "<definedName name=\"_xlnm.Auto_Open\">Macro1!$A$1</definedName>";
  xlsx.extra_rels = "<Relationship Id=\"rIdM\" Type=\"http://schemas.microsoft.com/office/2006/"
                    "relationships/xlMacrosheet\" Target=\"macrosheets/sheet1.xml\"/>";
  xlsx.extra_types = "<Override PartName=\"/xl/macrosheets/sheet1.xml\" "
                     "ContentType=\"application/vnd.ms-excel.macrosheet+xml\"/>";
  xlsx.extra_parts = {{"xl/macrosheets/sheet1.xml", "<x/>"}};
  inputs["book.xlsm"] = test::buildXlsx(xlsx);

  test::PptxSpec pptx;
  pptx.shapes_xml =
      "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"t\"><a:hlinkClick r:id=\"\" "
      "action=\"ppaction://program\"/></p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm>"
      "<a:off x=\"0\" y=\"0\"/><a:ext cx=\"3000000\" cy=\"1000000\"/></a:xfrm></p:spPr><p:txBody>"
      "<a:bodyPr/><a:p><a:r><a:t>スライド本文</a:t></a:r></a:p></p:txBody></p:sp>";
  inputs["deck.pptx"] = test::buildPptx(pptx);

  std::string outputs;
  for (const auto& [name, bytes] : inputs) {
    std::string in = dir.file(name);
    test::writeFileOrDie(in, bytes);
    std::string ext = name.substr(name.rfind('.') + 1);
    ext = ext == "docm" ? "docx" : ext == "xlsm" ? "xlsx" : ext;
    std::string out = dir.file("clean-" + name.substr(0, name.rfind('.')) + "." + ext);
    ASSERT_EQ(sanitize(in, out), 0) << name;
    outputs += " " + shellQuote(out);
  }
  // Files shipped in examples/ too.
  for (const auto& entry : std::filesystem::directory_iterator(SANSO_SOURCE_DIR "/examples")) {
    std::string ext = entry.path().extension().string();
    if (ext != ".docm" && ext != ".xlsm") continue;
    std::string out = dir.file("example-" + std::to_string(outputs.size()) +
                               (ext == ".docm" ? ".docx" : ".xlsx"));
    ASSERT_EQ(sanitize(entry.path().string(), out), 0) << entry.path();
    outputs += " " + shellQuote(out);
  }

  std::string pdf_dir = dir.file("pdf");
  int code = -1;
  std::string log = runCommand(
      "cd " + shellQuote(dir.path()) + " && timeout 300 soffice --headless --norestore " +
          "-env:UserInstallation=file://" + dir.path() + "/profile --convert-to pdf --outdir " +
          shellQuote(pdf_dir) + outputs + " 2>&1",
      &code);
  ASSERT_EQ(code, 0) << log;
  std::string all_text;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    std::string name = entry.path().filename().string();
    if (name.rfind("clean-", 0) != 0 && name.rfind("example-", 0) != 0) continue;
    std::string pdf = pdf_dir + "/" + entry.path().stem().string() + ".pdf";
    ASSERT_TRUE(test::fileExists(pdf)) << "LibreOffice did not convert " << name << "\n" << log;
    all_text += runCommand("pdftotext " + shellQuote(pdf) + " - 2>/dev/null");
  }
  for (const char* text : {"情報セキュリティ基本方針", "フィールド結果", "予算額", "スライド本文"}) {
    EXPECT_NE(all_text.find(text), std::string::npos) << text;
  }
  EXPECT_EQ(all_text.find("calc"), std::string::npos);
}

TEST(CliLibreOffice, BlockedInputLeavesNoOutput) {
  test::TempDir dir;
  std::string in = dir.file("program.docx");
  test::writeFileOrDie(in, "MZ\x90\x00 this is not a document");
  std::string out = dir.file("out.docx");
  int code = -1;
  std::string report = runCommand(shellQuote(SANSO_BINARY) + " sanitize --report - " +
                                      shellQuote(in) + " " + shellQuote(out) + " 2>/dev/null",
                                  &code);
  EXPECT_EQ(code, 3);
  EXPECT_FALSE(test::fileExists(out));
  EXPECT_NE(report.find("\"verdict\": \"blocked\""), std::string::npos) << report;
  EXPECT_NE(report.find("\"name_mismatch\": \"extension 'docx' but content is 'executable'\""),
            std::string::npos)
      << report;
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()) ||
              std::distance(std::filesystem::directory_iterator(dir.path()),
                            std::filesystem::directory_iterator()) == 1);
}

TEST(CliLibreOffice, UsageErrorsExitWithTwo) {
  int code = -1;
  runCommand(shellQuote(SANSO_BINARY) + " sanitize --method nonsense a b 2>/dev/null", &code);
  EXPECT_EQ(code, 2);
  runCommand(shellQuote(SANSO_BINARY) + " sanitize onlyone 2>/dev/null", &code);
  EXPECT_EQ(code, 2);
}

}  // namespace
}  // namespace sanso
