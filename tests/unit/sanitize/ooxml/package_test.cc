#include "ooxml/package.h"

#include <gtest/gtest.h>

#include "ooxml/part_policy.h"
#include "ooxml/word_fields.h"
#include "ooxml/spreadsheet.h"

namespace sanso::sanitize::ooxml {
namespace {

TEST(Package, ResolvesTargetsInsideThePackageOnly) {
  EXPECT_EQ(resolveTarget("word/document.xml", "media/image1.png"), "word/media/image1.png");
  EXPECT_EQ(resolveTarget("ppt/slides/slide1.xml", "../media/a%20b.png"), "ppt/media/a b.png");
  EXPECT_EQ(resolveTarget("word/document.xml", "/customXml/item1.xml"), "customXml/item1.xml");
  EXPECT_EQ(resolveTarget("", "word/document.xml"), "word/document.xml");
  EXPECT_EQ(resolveTarget("word/document.xml", "../../etc/passwd"), "");
  EXPECT_EQ(resolveTarget("word/document.xml", "http://example.com/x"), "");
  EXPECT_EQ(resolveTarget("word/document.xml", "..\\x"), "");
  EXPECT_EQ(resolveTarget("word/document.xml", "bad%zz"), "");
  EXPECT_EQ(relsPartFor("word/document.xml"), "word/_rels/document.xml.rels");
  EXPECT_EQ(relsPartFor(""), "_rels/.rels");
}

TEST(PartPolicy, DropsActiveKindsAndUnknownTypes) {
  EXPECT_FALSE(decidePart("vbaProject", "application/vnd.ms-office.vbaProject", false).keep);
  EXPECT_EQ(decidePart("oleObject", "application/vnd.openxmlformats-officedocument.oleObject",
                       false).what, "ole-object");
  // An allowed role cannot smuggle a forbidden content type.
  EXPECT_FALSE(decidePart("styles", "application/vnd.ms-office.activeX+xml", false).keep);
  EXPECT_FALSE(decidePart("image", "image/x-emf", false).keep);
  EXPECT_TRUE(decidePart("image", "image/png", false).keep);
  EXPECT_FALSE(decidePart("", "application/xml", false).keep);
  EXPECT_FALSE(decidePart("custom-properties",
                          "application/vnd.openxmlformats-officedocument.custom-properties+xml",
                          false).keep);
  EXPECT_TRUE(decidePart("custom-properties",
                         "application/vnd.openxmlformats-officedocument.custom-properties+xml",
                         true).keep);
  EXPECT_EQ(relationshipKind("http://schemas.openxmlformats.org/officeDocument/2006/"
                             "relationships/hyperlink"), "hyperlink");
  EXPECT_EQ(relationshipKind("http://evil.example/relationships/hyperlink"), "");
  EXPECT_EQ(outputContentType("application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
}

TEST(WordFields, AllowlistsFieldTypes) {
  FieldPolicy keep{true};
  EXPECT_EQ(fieldType("  ddeauto c:\\x"), "DDEAUTO");
  EXPECT_EQ(fieldType("=SUM(ABOVE)"), "=");
  EXPECT_EQ(fieldType("\"quoted\""), "");
  EXPECT_TRUE(fieldAllowed(" PAGE \\* MERGEFORMAT ", keep));
  EXPECT_FALSE(fieldAllowed(" DDE cmd \"/c calc\" ", keep));
  EXPECT_FALSE(fieldAllowed("INCLUDEPICTURE \"http://x/y.png\" \\d", keep));
  EXPECT_FALSE(fieldAllowed("MACROBUTTON Run Click", keep));
  EXPECT_FALSE(fieldAllowed("", keep));
  EXPECT_TRUE(fieldAllowed("HYPERLINK \"https://www.city.munakata.lg.jp/\"", keep));
  EXPECT_TRUE(fieldAllowed("HYPERLINK \\l \"bookmark\"", keep));
  EXPECT_FALSE(fieldAllowed("HYPERLINK \"file:///c:/windows/calc.exe\"", keep));
  EXPECT_FALSE(fieldAllowed("HYPERLINK \"https://www.city.munakata.lg.jp/\"", FieldPolicy{false}));
}

TEST(Spreadsheet, RecognisesFormulasThatLeaveTheWorkbook) {
  EXPECT_TRUE(formulaReachesOutside("cmd|' /c calc'!A0"));
  EXPECT_TRUE(formulaReachesOutside("'cmd'|'/c calc'!_xlbgnm.A1"));
  EXPECT_TRUE(formulaReachesOutside("[1]Sheet1!A1+1"));
  EXPECT_TRUE(formulaReachesOutside("SUM('C:\\data\\[book.xlsx]S'!A1)"));
  EXPECT_TRUE(formulaReachesOutside("webservice(\"http://x\")"));
  EXPECT_FALSE(formulaReachesOutside("SUM(A1:A3)&\"a|b\""));
  EXPECT_FALSE(formulaReachesOutside("Table1[[#This Row],[金額]]"));
  EXPECT_TRUE(formulaLaunches("HYPERLINK(\"\\\\\\\\server\\\\x.exe\")", true));
  EXPECT_FALSE(formulaLaunches("HYPERLINK(\"https://example.jp/a\",\"a\")", true));
  EXPECT_TRUE(formulaLaunches("HYPERLINK(A1)", true));
  EXPECT_FALSE(formulaLaunches("SUM(A1)", false));
}

}  // namespace
}  // namespace sanso::sanitize::ooxml
