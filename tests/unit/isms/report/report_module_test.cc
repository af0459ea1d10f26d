// The report libraries stay out of sanso's start-up (issue 2 measures `sanso sanitize`'s): they
// are loaded with the report module, which sits beside the executable.
#include <gtest/gtest.h>

#include "support/test_util.h"

namespace sanso::isms {
namespace {

TEST(IsmsReportModule, SansoDoesNotLinkTheReportLibraries) {
  if (!test::haveProgram("ldd")) GTEST_SKIP() << "ldd not installed";
  int code = -1;
  std::string libraries = test::runCommand("ldd " + test::shellQuote(SANSO_BINARY), &code);
  ASSERT_EQ(code, 0) << libraries;
  for (const char* library : {"libxlsxwriter", "libcairo", "libpango", "libfontconfig"}) {
    EXPECT_EQ(libraries.find(library), std::string::npos) << library;
  }
  std::string binary = SANSO_BINARY;
  std::string module = binary.substr(0, binary.rfind('/') + 1) + "sanso-report.so";
  ASSERT_TRUE(test::fileExists(module)) << "the module is built beside sanso";
  std::string exported = test::runCommand("nm -D --defined-only " + test::shellQuote(module));
  EXPECT_NE(exported.find(" T sanso_report_api"), std::string::npos) << exported;
}

}  // namespace
}  // namespace sanso::isms
