// `sanso policy check` and `sanso policy explain`, run as the real binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "policy_fixture.h"
#include "support/test_util.h"

namespace sanso::policy {
namespace {

using sanso::test::runCommand;
using sanso::test::shellQuote;

const std::string kDefaultPack =
    std::string(SANSO_SOURCE_DIR) + "/policy/default/basic-policy.yaml";

std::string sanso(const std::string& args, int* exit_code) {
  return runCommand(std::string(SANSO_BINARY) + " " + args + " 2>&1", exit_code);
}

TEST(PolicyCommand, CheckAcceptsTheDefaultPack) {
  int code = -1;
  std::string out = sanso("policy check " + shellQuote(kDefaultPack), &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(out, "OK: urn:sanso:pack:munakata-basic-policy version 4\n");
}

TEST(PolicyCommand, CheckPrintsEachErrorWithItsPosition) {
  sanso::test::TempDir dir;
  std::string path = dir.file("bad.yaml");
  sanso::test::writeFileOrDie(path, test::withLine(test::kMinimalPack, 11, "    to: lgwam"));
  int code = -1;
  std::string out = sanso("policy check " + shellQuote(path), &code);
  EXPECT_EQ(code, 3) << out;
  EXPECT_EQ(out, path + ":11:9: 'to': unknown zone 'lgwam'\n");
}

TEST(PolicyCommand, ExplainExportOfConfidentialityTwo) {
  int code = -1;
  std::string out = sanso("policy explain --pack " + shellQuote(kDefaultPack) +
                              " --from lgwan --to internet --type docx --class 2",
                          &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("判定: 許可（所属長の承認を要する）"), std::string::npos) << out;
  EXPECT_NE(out.find("[6(3)②]"), std::string::npos) << out;
  EXPECT_NE(out.find("機密性2: "), std::string::npos) << out;
}

TEST(PolicyCommand, ExplainJsonForAnImport) {
  int code = -1;
  std::string out =
      runCommand(std::string(SANSO_BINARY) + " policy explain --pack " + shellQuote(kDefaultPack) +
                     " --from internet --to lgwan --type pdf --json",
                 &code);
  ASSERT_EQ(code, 0) << out;
  auto json = nlohmann::json::parse(out);
  EXPECT_EQ(json["allowed"], true);
  EXPECT_EQ(json["methods"], nlohmann::json::array({"cdr", "image-pdf"}));
}

TEST(PolicyCommand, ExplainMyNumberIsDenied) {
  int code = -1;
  std::string out = sanso("policy explain --pack " + shellQuote(kDefaultPack) +
                              " --from mynumber --to lgwan --type pdf",
                          &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(out.rfind("判定: 拒否\n", 0), 0u) << out;
  EXPECT_NE(out.find("[6(3)①]"), std::string::npos) << out;
}

TEST(PolicyCommand, ExplainTyposAreUsageErrors) {
  int code = -1;
  std::string base = "policy explain --pack " + shellQuote(kDefaultPack);
  sanso(base + " --from lgwan --to internt", &code);
  EXPECT_EQ(code, 2);
  sanso(base + " --from lgwan --to internet --class 4", &code);
  EXPECT_EQ(code, 2);
  sanso(base + " --from lgwan --to internet --level integrity", &code);
  EXPECT_EQ(code, 2);
  sanso("policy explain --pack /nonexistent.yaml --from lgwan --to internet", &code);
  EXPECT_EQ(code, 1);
}

}  // namespace
}  // namespace sanso::policy
