// The sanso binary reaches libvips and Tesseract only through the media module it loads on the
// first image job: the executable itself must not depend on them (start-up cost), and image
// jobs must still work through the module.
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

}  // namespace
}  // namespace sanso
