// Office documents through LibreOffice in its sandbox: legacy Office cdr to OOXML, and
// image-pdf and text for OOXML, legacy Office and ODF. One warm instance serves the whole
// suite (each LibreOffice start costs seconds). Outputs are checked with libzip, poppler's
// pdftoppm/pdffonts/pdftotext and qpdf, not with sanso's own parsers.
#include <gtest/gtest.h>

#include <sstream>

#include "office/office_converter.h"
#include "sanso/sanitize/office_pool.h"
#include "support/ooxml_fixture.h"
#include "support/sanitize_runner.h"
#include "support/test_util.h"

namespace sanso::sanitize::office {
namespace {

using test::hasAction;
using test::readZip;
using test::runCommand;
using test::sanitizeBytes;
using test::shellQuote;

const std::string kJapanese = "住民票の写しを交付します";

std::string japaneseDocx(const std::string& extra_body = "") {
  test::DocxSpec spec;
  spec.body_xml = "<w:p><w:r><w:rPr><w:sz w:val=\"48\"/></w:rPr><w:t>" + kJapanese +
                  "</w:t></w:r></w:p>" + extra_body;
  return test::buildDocx(spec);
}

// A Writer ODF package (mimetype first and stored, as ODF requires).
std::string japaneseOdt() {
  const std::string office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
  const std::string text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
  return test::buildZip({
      {"mimetype", "application/vnd.oasis.opendocument.text"},
      {"META-INF/manifest.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest "
       "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" "
       "manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" "
       "manifest:media-type=\"application/vnd.oasis.opendocument.text\"/><manifest:file-entry "
       "manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
       "</manifest:manifest>"},
      {"content.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content "
                      "xmlns:office=\"" + office + "\" xmlns:text=\"" + text +
                      "\" office:version=\"1.2\"><office:body><office:text><text:p>" +
                      kJapanese + "</text:p></office:text></office:body>"
                      "</office:document-content>"},
  });
}

// The legacy twin of an OOXML document, made by LibreOffice through the same sandbox.
std::string toLegacy(const std::string& ooxml, Conversion conversion) {
  Budget budget{Limits{}};
  auto out = convertDocument(asBytes(ooxml), conversion, budget);
  EXPECT_TRUE(out.isOk()) << out.status().toString();
  return out.isOk() ? *out : std::string();
}

// Dark pixels of page 1 rendered in grey at 50 dpi.
long darkPixels(const std::string& pdf) {
  test::TempDir dir;
  test::writeFileOrDie(dir.file("in.pdf"), pdf);
  std::string pgm = runCommand("pdftoppm -gray -r 50 -f 1 -l 1 -singlefile " +
                               shellQuote(dir.file("in.pdf")) + " " + shellQuote(dir.file("p")) +
                               " && cat " + shellQuote(dir.file("p.pgm")));
  // P5 header: magic, width, height, maxval, then one byte per pixel.
  std::istringstream header(pgm);
  std::string magic;
  int width = 0, height = 0, maxval = 0;
  header >> magic >> width >> height >> maxval;
  if (magic != "P5" || width <= 0 || height <= 0) return -1;
  size_t start = pgm.size() - static_cast<size_t>(width) * static_cast<size_t>(height);
  long dark = 0;
  for (size_t i = start; i < pgm.size(); ++i) dark += static_cast<uint8_t>(pgm[i]) < 128;
  return dark;
}

std::string commandOnFile(const std::string& command, const std::string& bytes) {
  test::TempDir dir;
  test::writeFileOrDie(dir.file("f"), bytes);
  return runCommand(command + " " + shellQuote(dir.file("f")) + " 2>&1");
}

class Office : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (officeConverterInstalled()) {
      Status status = startOfficePool(1, Limits{});
      ASSERT_TRUE(status.isOk()) << status.toString();
    }
  }
  static void TearDownTestSuite() { stopOfficePool(); }
  void SetUp() override {
    if (!officeConverterInstalled()) GTEST_SKIP() << "bubblewrap or LibreOffice is missing";
  }
};

TEST_F(Office, LegacyWordBecomesASanitizedDocxWithItsJapaneseText) {
  // A DDE field that Word would run on open; it must not survive the round trip.
  std::string dde =
      "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> DDEAUTO c:\\\\"
      "windows\\\\system32\\\\cmd.exe \"/k calc.exe\" </w:instrText></w:r><w:r><w:fldChar "
      "w:fldCharType=\"end\"/></w:r></w:p>";
  std::string doc = toLegacy(japaneseDocx(dde), {"MS Word 2007 XML", "MS Word 97"});
  ASSERT_TRUE(doc.starts_with("\xD0\xCF\x11\xE0"));
  auto outcome = sanitizeBytes(doc, "notice.doc");
  ASSERT_EQ(outcome.report.verdict, Verdict::kSanitized) << outcome.report.reason;
  EXPECT_EQ(outcome.report.input.type, "doc");
  EXPECT_EQ(outcome.report.output->type, "docx");
  EXPECT_TRUE(hasAction(outcome.report, "converted", "legacy-office"));
  auto parts = readZip(*outcome.output);
  ASSERT_TRUE(parts.count("word/document.xml"));
  EXPECT_NE(parts["word/document.xml"].find(kJapanese), std::string::npos);
  for (const auto& [name, body] : parts) {
    EXPECT_EQ(body.find("DDEAUTO"), std::string::npos) << name;
    EXPECT_EQ(name.find("vbaProject"), std::string::npos) << name;
  }
}

TEST_F(Office, LegacyExcelAndPowerPointBecomeXlsxAndPptx) {
  test::XlsxSpec sheet;
  sheet.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" + kJapanese +
                     "</t></is></c><c r=\"B1\"><f>1+1</f><v>2</v></c></row>";
  std::string xls = toLegacy(test::buildXlsx(sheet), {"Calc MS Excel 2007 XML", "MS Excel 97"});
  auto xlsx = sanitizeBytes(xls, "table.xls");
  ASSERT_EQ(xlsx.report.verdict, Verdict::kSanitized) << xlsx.report.reason;
  EXPECT_EQ(xlsx.report.output->type, "xlsx");
  auto cells = readZip(*xlsx.output);
  EXPECT_NE(cells["xl/sharedStrings.xml"].find(kJapanese), std::string::npos);

  test::PptxSpec slide;
  slide.shapes_xml = "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"t\"/><p:cNvSpPr/><p:nvPr/>"
                     "</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>" + kJapanese +
                     "</a:t></a:r></a:p></p:txBody></p:sp>";
  std::string ppt = toLegacy(test::buildPptx(slide),
                             {"Impress MS PowerPoint 2007 XML", "MS PowerPoint 97"});
  auto pptx = sanitizeBytes(ppt, "slides.ppt");
  ASSERT_EQ(pptx.report.verdict, Verdict::kSanitized) << pptx.report.reason;
  EXPECT_EQ(pptx.report.output->type, "pptx");
  auto slides = readZip(*pptx.output);
  EXPECT_NE(slides["ppt/slides/slide1.xml"].find(kJapanese), std::string::npos);
}

TEST_F(Office, JapaneseDocxRendersToAnImagePdfWithGlyphs) {
  Options options;
  options.method = Method::kImagePdf;
  // Macro-enabled: the package is sanitized before LibreOffice reads it.
  test::DocxSpec macro;
  macro.body_xml = "<w:p><w:r><w:rPr><w:sz w:val=\"48\"/></w:rPr><w:t>" + kJapanese +
                   "</w:t></w:r></w:p>";
  macro.macro_enabled = true;
  macro.extra_rels = "<Relationship Id=\"rIdVba\" Type=\"http://schemas.microsoft.com/office/"
                     "2006/relationships/vbaProject\" Target=\"vbaProject.bin\"/>";
  macro.extra_types = "<Override PartName=\"/word/vbaProject.bin\" "
                      "ContentType=\"application/vnd.ms-office.vbaProject\"/>";
  macro.extra_parts = {{"word/vbaProject.bin", "Attribute VB_Name = \"AutoOpen\""}};
  auto text = sanitizeBytes(test::buildDocx(macro), "notice.docm", options);
  ASSERT_EQ(text.report.verdict, Verdict::kSanitized) << text.report.reason;
  EXPECT_EQ(text.report.output->type, "pdf");
  EXPECT_TRUE(hasAction(text.report, "removed", "vba-project"));
  auto blank = sanitizeBytes(test::buildDocx({}), "blank.docx", options);
  ASSERT_EQ(blank.report.verdict, Verdict::kSanitized) << blank.report.reason;

  long text_dark = darkPixels(*text.output);
  long blank_dark = darkPixels(*blank.output);
  ASSERT_GE(blank_dark, 0);
  // Twelve 24-point CJK glyphs at 50 dpi: several hundred dark pixels; a render with missing
  // glyphs (tofu boxes) or none would be far below or near blank.
  EXPECT_GT(text_dark, blank_dark + 300) << text_dark << " vs " << blank_dark;
  // Image-only: no fonts, no text left in the PDF.
  EXPECT_EQ(commandOnFile("pdffonts", *text.output).find("Type"),
            commandOnFile("pdffonts", *blank.output).find("Type"));
  EXPECT_EQ(commandOnFile("pdftotext -q", *text.output).find("住民"), std::string::npos);
}

TEST_F(Office, LegacyAndOdfDocumentsGiveTheirText) {
  Options options;
  options.method = Method::kText;
  std::string doc = toLegacy(japaneseDocx(), {"MS Word 2007 XML", "MS Word 97"});
  auto doc_text = sanitizeBytes(doc, "notice.doc", options);
  ASSERT_EQ(doc_text.report.verdict, Verdict::kSanitized) << doc_text.report.reason;
  EXPECT_NE(doc_text.output->find(kJapanese), std::string::npos) << *doc_text.output;

  auto odt_text = sanitizeBytes(japaneseOdt(), "notice.odt", options);
  ASSERT_EQ(odt_text.report.verdict, Verdict::kSanitized) << odt_text.report.reason;
  EXPECT_NE(odt_text.output->find(kJapanese), std::string::npos) << *odt_text.output;

  options.method = Method::kImagePdf;
  auto odt_image = sanitizeBytes(japaneseOdt(), "notice.odt", options);
  ASSERT_EQ(odt_image.report.verdict, Verdict::kSanitized) << odt_image.report.reason;
  EXPECT_GT(darkPixels(*odt_image.output), 100);
}

TEST_F(Office, RtfIsSanitizedBeforeItRendersToAnImagePdf) {
  Options options;
  options.method = Method::kImagePdf;
  // Japanese as \uN (kept) and an embedded OLE object (removed before LibreOffice reads it).
  std::string rtf = "{\\rtf1\\ansi\\uc1{\\fs48 ";
  for (char32_t c : {U'住', U'民', U'票', U'の', U'写', U'し'}) {
    rtf += "\\u" + std::to_string(static_cast<int>(c)) + "?";
  }
  rtf += "\\par}{\\object\\objemb{\\*\\objclass Package}{\\*\\objdata d0cf11e0a1b11ae1}}}";
  auto image = sanitizeBytes(rtf, "notice.rtf", options);
  ASSERT_EQ(image.report.verdict, Verdict::kSanitized) << image.report.reason;
  EXPECT_EQ(image.report.output->type, "pdf");
  bool object_removed = false;
  for (const auto& action : image.report.actions) {
    object_removed |= action.action == "removed" && action.what.find("object") != std::string::npos;
  }
  EXPECT_TRUE(object_removed);
  auto blank = sanitizeBytes("{\\rtf1\\ansi \\par}", "blank.rtf", options);
  ASSERT_EQ(blank.report.verdict, Verdict::kSanitized) << blank.report.reason;
  EXPECT_GT(darkPixels(*image.output), darkPixels(*blank.output) + 200);
}

TEST_F(Office, AnUnreadableDocumentIsBlockedAndThePoolKeepsWorking) {
  Budget budget{Limits{}};
  auto broken = convertDocument(asBytes(std::string("not a word file at all")),
                                {"MS Word 97", "MS Word 2007 XML"}, budget);
  ASSERT_FALSE(broken.isOk());
  EXPECT_EQ(broken.status().reason(), "office-conversion-failed");
  std::string doc = toLegacy(japaneseDocx(), {"MS Word 2007 XML", "MS Word 97"});
  EXPECT_TRUE(doc.starts_with("\xD0\xCF\x11\xE0"));
}

TEST_F(Office, ConversionTimeIsBounded) {
  Limits limits;
  limits.max_office_time = std::chrono::milliseconds(1);
  Budget budget{limits};
  auto late = convertDocument(asBytes(japaneseDocx()), {"MS Word 2007 XML", "MS Word 97"},
                              budget);
  ASSERT_FALSE(late.isOk());
  EXPECT_EQ(late.status().reason(), "limit-office-time");
}

}  // namespace
}  // namespace sanso::sanitize::office

namespace sanso::sanitize::office {
namespace {

// LibreOffice turns a legacy macro sheet's Auto_Open into "Excel_BuiltIn_Auto_Open" and reads
// that back as the built-in: the OOXML pass after the conversion removes it.
TEST(OfficeOutputs, LibreOfficeSpellingOfAutoOpenIsRemoved) {
  test::XlsxSpec sheet;
  sheet.sheet_data = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>";
  sheet.defined_names =
      "<definedName name=\"Excel_BuiltIn_Auto_Open\">'データ'!$A$1</definedName>";
  auto outcome = test::sanitizeBytes(test::buildXlsx(sheet), "book.xlsx");
  ASSERT_EQ(outcome.report.verdict, Verdict::kSanitized) << outcome.report.reason;
  EXPECT_TRUE(test::hasAction(outcome.report, "removed", "auto-run-name"));
  EXPECT_EQ(test::readZip(*outcome.output)["xl/workbook.xml"].find("Auto_Open"),
            std::string::npos);
}

}  // namespace
}  // namespace sanso::sanitize::office
