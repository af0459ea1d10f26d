// The sanso binary reaches qpdf, MuPDF, libarchive, GMime, Gumbo and YARA only through the
// PDF and formats modules it loads on the first job that needs one of them: the executable itself
// must not depend on them (start-up cost of every `sanso sanitize`), an Office Open XML or text job
// must not load the module, and the jobs that need it must still work through it.
#include <gtest/gtest.h>

#include "support/ooxml_fixture.h"
#include "support/test_util.h"

namespace sanso {
namespace {

using test::runCommand;
using test::shellQuote;

TEST(CliFormatsModule, ExecutableDoesNotLinkFormatLibraries) {
  int code = -1;
  std::string libraries = runCommand("ldd " + shellQuote(SANSO_BINARY), &code);
  ASSERT_EQ(code, 0) << libraries;
  for (const char* name : {"libqpdf", "libarchive", "libgmime", "libyara", "libgumbo", "libmujs",
                           "libjbig2dec", "libopenjp2"}) {
    EXPECT_EQ(libraries.find(name), std::string::npos) << name << "\n" << libraries;
  }
}

TEST(CliFormatsModule, DocxAndTextJobsDoNotLoadTheModule) {
  test::TempDir dir;
  test::DocxSpec docx;
  docx.body_xml = "<w:p><w:r><w:t>本文</w:t></w:r></w:p>";
  test::writeFileOrDie(dir.file("in.docx"), test::buildDocx(docx));
  test::writeFileOrDie(dir.file("in.txt"), "plain text\n");
  for (const std::string name : {"in.docx", "in.txt"}) {
    int code = -1;
    std::string log = runCommand("LD_DEBUG=files " + shellQuote(SANSO_BINARY) + " sanitize " +
                                     shellQuote(dir.file(name)) + " " +
                                     shellQuote(dir.file("out-" + name)) + " 2>&1",
                                 &code);
    ASSERT_EQ(code, 0) << log;
    EXPECT_EQ(log.find("sanso-formats"), std::string::npos) << name;
    EXPECT_EQ(log.find("sanso-pdf"), std::string::npos) << name;
    EXPECT_EQ(log.find("libqpdf"), std::string::npos) << name;
  }
}

// A PDF job loads only the PDF module (qpdf, MuPDF), an archive job the formats module.
TEST(CliFormatsModule, PdfAndArchiveJobsRunThroughTheirModules) {
  test::TempDir dir;
  const std::string pdf =
      "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>"
      "endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R"
      "/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
  test::writeFileOrDie(dir.file("in.pdf"), pdf);
  int code = -1;
  std::string report =
      runCommand(shellQuote(SANSO_BINARY) + " sanitize --report - " +
                     shellQuote(dir.file("in.pdf")) + " " + shellQuote(dir.file("out.pdf")),
                 &code);
  ASSERT_EQ(code, 0) << report;
  EXPECT_NE(report.find("\"verdict\": \"sanitized\""), std::string::npos) << report;
  std::string bytes = test::readFileOrDie(dir.file("out.pdf"));
  EXPECT_EQ(bytes.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(bytes.find("JavaScript"), std::string::npos);
  EXPECT_EQ(bytes.find("app.alert"), std::string::npos);

  test::DocxSpec docx;
  docx.body_xml = "<w:p><w:r><w:t>in a zip</w:t></w:r></w:p>";
  test::writeFileOrDie(dir.file("in.zip"), test::buildZip({{"a.docx", test::buildDocx(docx)}}));
  report = runCommand(shellQuote(SANSO_BINARY) + " sanitize --report - " +
                          shellQuote(dir.file("in.zip")) + " " + shellQuote(dir.file("out.zip")),
                      &code);
  ASSERT_EQ(code, 0) << report;
  auto members = test::readZip(test::readFileOrDie(dir.file("out.zip")));
  ASSERT_TRUE(members.count("a.docx")) << report;
}

}  // namespace
}  // namespace sanso
