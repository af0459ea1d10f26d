// The unchanged-part scan: what it accepts, what it gives up on, and (the property that
// matters) that whatever it accepts the tree path gives back byte for byte with nothing logged.
#include "ooxml/unchanged_part.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "support/unchanged_part_oracle.h"

namespace sanso::sanitize::ooxml {
namespace {

using test::checkScanClaim;
using test::ScanClaim;

const std::string kDeclaration =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";
const std::string kSheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const std::string kRootOpen =
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
    "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
    "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\">";

std::string document(const std::string& body) {
  return kDeclaration + kRootOpen + "<w:body>" + body + "</w:body></w:document>";
}

std::string paragraph(const std::string& text) {
  return "<w:p w:rsidR=\"00A1\"><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:rPr>"
         "<w:rFonts w:ascii=\"游明朝\" w:eastAsia=\"游明朝\"/><w:sz w:val=\"21\"/></w:rPr>"
         "<w:t xml:space=\"preserve\">" +
         text + "</w:t></w:r></w:p>";
}

XmlPartContext context() {
  XmlPartContext c;
  c.name = "word/document.xml";
  c.kept_rel_ids = {"rId1", "rId2", "rIdLink"};
  c.external_rel_ids = {"rIdLink"};
  return c;
}

ScanClaim claim(const std::string& xml, std::string* difference = nullptr,
                const XmlPartContext& options = context()) {
  return checkScanClaim(xml, options, Limits{}, difference);
}

TEST(UnchangedPart, AcceptsTextAndFormattingTheTreePathGivesBack) {
  std::string text = "宗像市 &amp; 情報 &lt;基本&gt; 方針 \"引用\" 'x'\ttab\nline";
  for (const std::string& xml :
       {document(paragraph(text)), document(paragraph("a") + "<w:p/>" + paragraph(" ")),
        kDeclaration.substr(0, kDeclaration.size() - 2) + "\n" + kRootOpen + "<w:body/></w:document>",
        document("<w:p><w:pPr><w:jc w:val=\"a&amp;b&lt;c&quot;d>'\"/></w:pPr></w:p>"),
        // m:f is a fraction, not a formula
        kDeclaration +
            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
            "xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\"><w:body><w:p>"
            "<m:oMath><m:f><m:num><m:r><m:t>1</m:t></m:r></m:num></m:f></m:oMath></w:p></w:body>"
            "</w:document>",
        // worksheets without formulas, shared strings
        kDeclaration + "<worksheet xmlns=\"" + kSheetNs +
            "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
            "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>2.5</v></c>"
            "</row></sheetData><drawing r:id=\"rId1\"/></worksheet>",
        kDeclaration + "<sst xmlns=\"" + kSheetNs +
            "\" count=\"1\" uniqueCount=\"1\"><si><t>宗像市</t></si></sst>"}) {
    std::string difference;
    EXPECT_EQ(claim(xml, &difference), ScanClaim::kHolds) << xml << "\n" << difference;
  }
}

TEST(UnchangedPart, NotesRelationshipReferencesAndTheirElements) {
  std::string xml = document("<w:p><w:r><w:drawing><a:blip r:embed=\"rId1\"/></w:drawing></w:r>"
                             "<w:hyperlink r:id=\"rIdLink\"><w:r><w:t>x</w:t></w:r></w:hyperlink>"
                             "</w:p>");
  auto scanned = scanUnchangedPart(xml, Limits{});
  ASSERT_TRUE(scanned);
  ASSERT_EQ(scanned->size(), 2u);
  EXPECT_EQ((*scanned)[0].id, "rId1");
  EXPECT_EQ((*scanned)[0].element_local, "blip");
  EXPECT_EQ((*scanned)[1].element_local, "hyperlink");
  EXPECT_EQ(claim(xml), ScanClaim::kHolds);

  // A reference the part does not keep, or an external one on a picture, is the walk's to
  // remove: the scan's answer is not "unchanged".
  for (const char* body : {"<w:p><w:r><w:drawing><a:blip r:embed=\"rId7\"/></w:drawing></w:r></w:p>",
                           "<w:p><w:r><w:drawing><a:blip r:link=\"rIdLink\"/></w:drawing></w:r></w:p>",
                           "<w:p><w:hyperlink r:id=\"\"/></w:p>"}) {
    const std::string part = document(body);  // the references are views into it
    auto refs = scanUnchangedPart(part, Limits{});
    ASSERT_TRUE(refs) << body;
    EXPECT_FALSE(referencesKept(*refs, context())) << body;
  }
}

// Each of these is either not what serializeXml() writes or has a rule: the scan gives up.
TEST(UnchangedPart, GivesUpOnAnythingTheTreePathWouldChangeOrCannotBeToldCheaply) {
  const std::string root_close = "</w:body></w:document>";
  const std::vector<std::string> cases = {
      // not the serialized form
      kRootOpen + "<w:body/></w:document>",  // no declaration
      kDeclaration + " " + kRootOpen + "<w:body/></w:document>",
      document(paragraph("a") + "<!-- comment -->"),
      document(paragraph("<![CDATA[x]]>")),
      document("<?pi x?>"),
      document(paragraph("&#65;")),
      document(paragraph("&apos;")),
      document(paragraph("a > b")),
      document(paragraph("a\rb")),
      document(paragraph(std::string("a\x01") + "b")),
      document("<w:p></w:p>"),
      document("<w:p w:rsidR='1'/>"),
      document("<w:p w:rsidR = \"1\"/>"),
      document("<w:p  w:rsidR=\"1\"/>"),
      document("<w:p w:rsidR=\"1\" />"),
      document("<w:p w:rsidR=\"a\tb\"/>"),
      document("<w:p w:rsidR=\"a&gt;b\"/>"),
      document("<w:p></w:p >"),
      document("<w:p>") + root_close,
      document("") + " ",
      document("") + "<w:p/>",
      kDeclaration + "<!DOCTYPE w:document>" + kRootOpen + "</w:document>",
      // namespaces the scan does not follow
      document("<w:p xmlns:w=\"urn:other\"><w:control/></w:p>"),
      document("<w:p xmlnsx=\"1\"/>"),
      // rules
      document("<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r></w:p>"),
      document("<w:p><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"),
      document("<w:p><w:fldSimple w:instr=\"PAGE\"/></w:p>"),
      document("<w:p><w:r><w:object><w:control r:id=\"rId1\"/></w:object></w:r></w:p>"),
      document("<w:p><w:r><w:rPr/><w:objectEmbed/></w:r></w:p>"),
      document("<w:p><a:hlinkClick r:id=\"rId1\"/></w:p>"),
      document("<w:p><v:shape xmlns:v=\"urn:schemas-microsoft-com:vml\"/></w:p>"),
      document("<w:p><w:r macro=\"Module1.Run\"/></w:p>"),
      document("<w:p><w:r w:textlink=\"A1\"/></w:p>"),
      document("<w:p><w:r><w:rPr><w:f/></w:rPr></w:r></w:p>"),
      document("<w:p><w:r r:id=\"a&amp;b\"/></w:p>"),
      document("<w:p:/>"),
      // not strict UTF-8: overlong '<', a lone continuation byte, a surrogate, a cut sequence
      document(paragraph("\xC0\xBC")),
      document(paragraph("\xE0\x80\xBC")),
      document(paragraph("\xF4\x90\x80\x80")),
      document(paragraph("\xE3\x81")),
      document(paragraph("a\x80")),
      document(paragraph("\xED\xA0\x80")),
      document(paragraph("\xE5\xAE")),
      document("<w:p w:rsidR=\"\xC0\xBC\"/>"),
      document("<w:p:x/>"),
      kDeclaration + "<workbook xmlns=\"" + kSheetNs + "\"><sheets/></workbook>",
      kDeclaration + "<worksheet xmlns=\"" + kSheetNs +
          "\"><sheetData><row r=\"1\"><c r=\"A1\"><f>SUM(B1:B2)</f><v>3</v></c></row></sheetData>"
          "</worksheet>",
      kDeclaration + "<worksheet xmlns=\"" + kSheetNs + "\"><sheetData/><hyperlinks/></worksheet>",
      kDeclaration +
          "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/"
          "metadata/core-properties\"/>",
      kDeclaration + kRootOpen +
          "<x:hyperlinks xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"
          "</w:document>",
  };
  for (const std::string& xml : cases) {
    EXPECT_FALSE(scanUnchangedPart(xml, Limits{})) << xml;
  }
}

TEST(UnchangedPart, GivesUpBeyondTheDepthAndAttributeLimits) {
  Limits limits;
  limits.max_xml_depth = 4;  // w:document, w:body, w:p, w:r; the text would be at 5
  limits.max_xml_attributes = 4;
  EXPECT_TRUE(scanUnchangedPart(document("<w:p><w:r/></w:p>"), limits));
  EXPECT_FALSE(scanUnchangedPart(document("<w:p><w:r><w:t/></w:r></w:p>"), limits));
  EXPECT_FALSE(scanUnchangedPart(document("<w:p><w:r>x</w:r></w:p>"), limits));
  EXPECT_TRUE(scanUnchangedPart(document("<w:p w:a=\"1\" w:b=\"1\" w:c=\"1\" w:d=\"1\"/>"), limits));
  EXPECT_FALSE(
      scanUnchangedPart(document("<w:p w:a=\"1\" w:b=\"1\" w:c=\"1\" w:d=\"1\" w:e=\"1\"/>"), limits));
}

// The property the rebuilder relies on, over many small corruptions and insertions of a part
// that has a bit of everything: whenever the scan claims "unchanged", the tree path agrees.
// The property the rebuilder relies on, over many small corruptions and insertions of parts
// that have a bit of everything: whenever the scan claims "unchanged", the tree path agrees.
void expectEveryClaimHolds(const std::string& base, const std::vector<std::string>& tokens,
                           uint32_t seed) {
  ASSERT_EQ(claim(base), ScanClaim::kHolds);
  std::mt19937 random(seed);
  int holds = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string xml = base;
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits; ++e) {
      const size_t at = kDeclaration.size() + random() % (xml.size() - kDeclaration.size());
      switch (random() % 4) {
        case 0:
          xml.erase(at, 1 + random() % 8);
          break;
        case 1:
          xml.insert(at, tokens[random() % tokens.size()]);
          break;
        case 2:
          xml[at] = static_cast<char>(random() % 256);
          break;
        default: {
          const size_t from = kDeclaration.size() + random() % (xml.size() - kDeclaration.size());
          xml.insert(at, xml.substr(from, 1 + random() % 40));
        }
      }
    }
    XmlPartContext options = context();
    options.keep_hyperlinks = (i & 1) != 0;
    options.remove_metadata = (i & 2) != 0;
    std::string difference;
    ScanClaim result = claim(xml, &difference, options);
    ASSERT_NE(result, ScanClaim::kViolated) << xml << "\n" << difference;
    holds += result == ScanClaim::kHolds;
  }
  // The property is only worth something if many mutants are still claimed unchanged.
  EXPECT_GT(holds, 1000);
}

const std::vector<std::string> kCommonTokens = {
    "<", ">", "/", "\"", "'", "&", "&amp;", "&#10;", "&apos;", "\r", "\n", "\t", " ", "=",
    ":", "\x01", "\xff", "\xe5", "<!-- c -->", "<![CDATA[x]]>", "<?p?>", " r:id=\"rId9\"",
    " r:id=\"rId2\"", " r:embed=\"rIdLink\"", " macro=\"m\"", " xmlns:w=\"u\"", " xmlns=\"u\"",
    " textlink=\"A1\"", "<a:hlinkClick/>", "w:", "x:"};

TEST(UnchangedPart, EveryClaimHoldsOverMutatedWordParts) {
  std::vector<std::string> tokens = kCommonTokens;
  tokens.insert(tokens.end(),
                {"</w:p>", "<w:p>", "<w:p/>", "<w:t></w:t>", "<w:instrText>x</w:instrText>",
                 "<w:control/>", "<w:f/>", "<w:fldSimple/>", "<m:f/>",
                 " xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\""});
  expectEveryClaimHolds(
      document(paragraph("宗像市 &amp; &lt;a&gt; \"q\" 't'") +
               "<w:p><w:r><w:drawing><a:blip r:embed=\"rId1\"/></w:drawing></w:r>"
               "<w:hyperlink r:id=\"rIdLink\"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>" +
               "<w:p><w:pPr><w:jc w:val=\"a&quot;b'c>\"/></w:pPr><w:r><w:t xml:space=\"preserve\"> "
               "</w:t></w:r></w:p>" +
               "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"),
      tokens, 20261201);
}

TEST(UnchangedPart, EveryClaimHoldsOverMutatedWorksheets) {
  std::vector<std::string> tokens = kCommonTokens;
  tokens.insert(tokens.end(),
                {"<f>[1]Sheet1!A1</f>", "<f>HYPERLINK(\"file:///c:/x\")</f>", "<f>1+1</f>",
                 "<hyperlinks/>", "<definedNames/>", "<oleObjects/>", "<webPublishItems/>",
                 "<workbook>", "<c r=\"A2\">", "</c>", "<v>1</v>", "</row>", "<row r=\"3\">",
                 " t=\"shared\" si=\"0\""});
  expectEveryClaimHolds(
      kDeclaration + "<worksheet xmlns=\"" + kSheetNs +
          "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
          "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><sheetData>"
          "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>2.5</v></c></row>"
          "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>宗像 &amp; x</t></is></c></row>"
          "</sheetData><drawing r:id=\"rId1\"/></worksheet>",
      tokens, 20261202);
}

}  // namespace
}  // namespace sanso::sanitize::ooxml
