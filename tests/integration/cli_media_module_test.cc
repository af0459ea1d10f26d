// The sanso binary reaches libvips and Tesseract only through the media module it loads on the
// first image job that the engine's own PNG/JPEG codec does not take: the executable itself
// must not depend on them (start-up cost), and image jobs must still work through the module.
#include <gtest/gtest.h>

#include "support/ooxml_fixture.h"
#include "support/test_util.h"

namespace sanso {
namespace {

using test::runCommand;
using test::shellQuote;

TEST(CliMediaModule, ExecutableDoesNotLinkImageLibraries) {
  int code = -1;
  std::string libraries = runCommand("ldd " + shellQuote(SANSO_BINARY), &code);
  ASSERT_EQ(code, 0) << libraries;
  EXPECT_EQ(libraries.find("libvips"), std::string::npos) << libraries;
  EXPECT_EQ(libraries.find("libtesseract"), std::string::npos) << libraries;
  EXPECT_EQ(libraries.find("libgomp"), std::string::npos) << libraries;
}

TEST(CliMediaModule, ImageJobsRunThroughTheModule) {
  test::TempDir dir;
  test::writeFileOrDie(dir.file("in.png"), test::tinyPng());
  for (const std::string method : {"cdr", "image-pdf"}) {
    std::string out = dir.file("out-" + method);
    int code = -1;
    std::string report =
        runCommand(shellQuote(SANSO_BINARY) + " sanitize --method " + method + " --report - " +
                       shellQuote(dir.file("in.png")) + " " + shellQuote(out),
                   &code);
    EXPECT_EQ(code, 0) << method << ": " << report;
    EXPECT_NE(report.find("\"verdict\": \"sanitized\""), std::string::npos) << report;
    std::string bytes = test::readFileOrDie(out);
    EXPECT_EQ(bytes.rfind(method == "cdr" ? "\x89PNG" : "%PDF-", 0), 0u) << method;
    EXPECT_EQ(bytes.find("Secret"), std::string::npos) << method;
  }
}

// A docx whose only picture is a plain PNG is sanitized by the engine's own codec: the
// process never opens the media module (the dynamic loader's log names every file it opens).
TEST(CliMediaModule, PlainPngInDocxDoesNotLoadTheModule) {
  test::TempDir dir;
  test::DocxSpec docx;
  docx.body_xml = "<w:p><w:r><w:t>picture</w:t></w:r></w:p>";
  docx.extra_rels =
      "<Relationship Id=\"rIdImg\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
      "2006/relationships/image\" Target=\"media/image1.png\"/>";
  docx.extra_types = "<Default Extension=\"png\" ContentType=\"image/png\"/>";
  docx.extra_parts = {{"word/media/image1.png", test::tinyPng()}};
  test::writeFileOrDie(dir.file("in.docx"), test::buildDocx(docx));
  int code = -1;
  std::string log = runCommand("LD_DEBUG=files " + shellQuote(SANSO_BINARY) +
                                   " sanitize --method cdr " + shellQuote(dir.file("in.docx")) +
                                   " " + shellQuote(dir.file("out.docx")) + " 2>&1",
                               &code);
  ASSERT_EQ(code, 0) << log;
  EXPECT_EQ(log.find("sanso-media"), std::string::npos);
  EXPECT_EQ(log.find("libvips"), std::string::npos);
  auto parts = test::readZip(test::readFileOrDie(dir.file("out.docx")));
  ASSERT_TRUE(parts.count("word/media/image1.png"));
  EXPECT_EQ(parts["word/media/image1.png"].rfind("\x89PNG", 0), 0u);
  EXPECT_EQ(parts["word/media/image1.png"].find("Secret"), std::string::npos);
}

}  // namespace
}  // namespace sanso
