#include <gtest/gtest.h>

#include <string>

#include "policy_fixture.h"
#include "sanso/policy/loader.h"
#include "support/test_util.h"

namespace sanso::policy {
namespace {

using test::kMinimalPack;
using test::withLine;

// The error lines of a refused pack.
std::string errorsOf(const std::string& yaml) {
  auto pack = parsePack(yaml, "test.yaml");
  EXPECT_FALSE(pack.isOk());
  if (pack.isOk()) return "";
  EXPECT_EQ(pack.status().reason(), "policy-pack-invalid");
  return pack.status().message();
}

// kMinimalPack with a dlp section whose one pattern is the regex `regex` (on line 42).
std::string packWithRegex(const std::string& regex) {
  return kMinimalPack +
         "dlp:\n"
         "  on_hit: block\n"
         "  patterns:\n"
         "    - id: staff-id\n"
         "      name: 職員番号\n"
         "      regex: '" +
         regex + "'\n";
}

TEST(PolicyLoader, DlpRegexThatCompilesIsKept) {
  auto pack = parsePack(packWithRegex("職員番号[:：]\\s*\\d{6}"), "test.yaml");
  ASSERT_TRUE(pack.isOk()) << pack.status().toString();
  ASSERT_EQ(pack->dlp.patterns.size(), 1u);
  EXPECT_EQ(pack->dlp.patterns[0].regex, "職員番号[:：]\\s*\\d{6}");
}

TEST(PolicyLoader, DlpRegexThatDoesNotCompileIsAnErrorAtItsPosition) {
  std::string errors = errorsOf(packWithRegex("(職員番号"));
  EXPECT_EQ(errors.rfind("test.yaml:42:14: 'regex': dlp pattern 'staff-id': ", 0), 0u) << errors;
  // Back-references are PCRE but not Hyperscan: refused when the pack is checked, not when the
  // server starts.
  EXPECT_NE(errorsOf(packWithRegex("(a)\\1")).find("dlp pattern 'staff-id'"), std::string::npos);
}

TEST(PolicyLoader, MinimalPackLoads) {
  auto pack = parsePack(kMinimalPack, "test.yaml");
  ASSERT_TRUE(pack.isOk()) << pack.status().toString();
  EXPECT_EQ(pack->urn, "urn:sanso:pack:test");
  EXPECT_EQ(pack->version, 1);
  ASSERT_EQ(pack->zones.size(), 3u);
  EXPECT_TRUE(pack->findZone("mynumber")->isolated);
  EXPECT_TRUE(pack->findZone("internet")->untrusted);
  ASSERT_EQ(pack->flows.size(), 2u);
  const Flow* import = pack->findFlow("internet", "lgwan");
  ASSERT_NE(import, nullptr);
  ASSERT_TRUE(import->sanitize.has_value());
  EXPECT_EQ(import->sanitize->by_type.at("text"),
            std::vector<sanitize::Method>{sanitize::Method::kText});
  const Dimension* confidentiality = pack->findDimension("confidentiality");
  ASSERT_NE(confidentiality, nullptr);
  ASSERT_EQ(confidentiality->levels.size(), 3u);
  EXPECT_EQ(confidentiality->levels[0].id, "3");  // order kept: most protected first
  EXPECT_EQ(confidentiality->levels[0].rules[0].clause, "6(2)");  // inherited
  EXPECT_EQ(pack->uploads.max_bytes, 1048576u);
}

TEST(PolicyLoader, UnknownTopLevelKeyNamesItsLine) {
  std::string errors = errorsOf(kMinimalPack + "colour: red\n");
  EXPECT_EQ(errors.rfind("test.yaml:37:1: unknown key 'colour' in 'pack'", 0), 0u) << errors;
}

TEST(PolicyLoader, DuplicateKeyIsAnError) {
  EXPECT_EQ(errorsOf(kMinimalPack + "version: 2\n"), "test.yaml:37:1: duplicate key 'version'");
}

TEST(PolicyLoader, FlowNamingAnUnknownZone) {
  EXPECT_EQ(errorsOf(withLine(kMinimalPack, 11, "    to: lgwam")),
            "test.yaml:11:9: 'to': unknown zone 'lgwam'");
}

TEST(PolicyLoader, UnknownFileTypeSuggestsTheEngineName) {
  std::string errors = errorsOf(withLine(
      kMinimalPack, 15, "    sanitize: {default: [cdr, image-pdf], by_type: {txt: [text]}}"));
  EXPECT_EQ(errors.rfind("test.yaml:15:53: unknown file type 'txt' (did you mean 'text'?)", 0), 0u)
      << errors;
}

TEST(PolicyLoader, UnknownMethod) {
  std::string errors =
      errorsOf(withLine(kMinimalPack, 15, "    sanitize: {default: [cdr, pdf-image]}"));
  EXPECT_EQ(errors.rfind("test.yaml:15:31: unknown method 'pdf-image'", 0), 0u) << errors;
}

TEST(PolicyLoader, MethodTheEngineDoesNotOfferForTheType) {
  std::string errors = errorsOf(
      withLine(kMinimalPack, 15, "    sanitize: {default: [cdr], by_type: {text: [image-pdf]}}"));
  EXPECT_EQ(errors.rfind("test.yaml:15:49: method 'image-pdf' is not available for text", 0), 0u)
      << errors;
}

TEST(PolicyLoader, RefusedTypeCannotGetMethods) {
  std::string errors = errorsOf(
      withLine(kMinimalPack, 15, "    sanitize: {default: [cdr], by_type: {ole2: [cdr]}}"));
  EXPECT_EQ(errors.rfind("test.yaml:15:42: file type 'ole2' is refused by the engine", 0), 0u)
      << errors;
}

TEST(PolicyLoader, DuplicateZoneId) {
  std::string errors = errorsOf(withLine(
      kMinimalPack, 8, "  - {id: lgwan, name: x, definition: d, clause: c, untrusted: true}"));
  EXPECT_EQ(errors.rfind("test.yaml:8:10: duplicate zone id 'lgwan'", 0), 0u) << errors;
}

TEST(PolicyLoader, WrongTypes) {
  EXPECT_EQ(errorsOf(withLine(kMinimalPack, 2, "version: \"1\"")),
            "test.yaml:2:10: 'version': expected an integer from 1 to 1000000");
  EXPECT_EQ(errorsOf(withLine(kMinimalPack, 12, "    allow: yes")),
            "test.yaml:12:12: 'allow': expected true or false");
  EXPECT_EQ(errorsOf(withLine(kMinimalPack, 22, "    dlp: maybe")),
            "test.yaml:22:10: 'dlp': expected one of off|on|block|escalate");
  EXPECT_EQ(errorsOf(withLine(kMinimalPack, 36, "uploads: [1]")),
            "test.yaml:36:10: 'uploads': expected a mapping");
}

TEST(PolicyLoader, MissingKeyIsReportedAtItsMapping) {
  EXPECT_EQ(errorsOf(withLine(kMinimalPack, 4, "")), "test.yaml:1:1: missing key 'name' in 'pack'");
  EXPECT_EQ(errorsOf(withLine(kMinimalPack, 13, "")),
            "test.yaml:10:5: missing key 'reason' in 'flows'");
}

TEST(PolicyLoader, RuleNamingAnUnknownZone) {
  std::string line28 =
      "      - {id: \"3\", name: n, description: d, rules: [{outside: [lgwan, cloud], "
      "action: deny, reason: r}]}";
  EXPECT_EQ(errorsOf(withLine(kMinimalPack, 28, line28)),
            "test.yaml:28:70: 'outside': unknown zone 'cloud'");
}

TEST(PolicyLoader, DefaultLevelMustExist) {
  EXPECT_EQ(errorsOf(withLine(kMinimalPack, 26, "    clause: 6(2)\n    default_level: \"5\"")),
            "test.yaml:27:20: 'default_level': unknown level '5' in confidentiality");
}

TEST(PolicyLoader, DuplicateLevel) {
  EXPECT_EQ(errorsOf(withLine(kMinimalPack, 30, "      - {id: \"2\", name: n, description: d}")),
            "test.yaml:30:14: duplicate level '2' in confidentiality");
}

TEST(PolicyLoader, AllowedFlowIntoAnIsolatedZoneNeedsAnException) {
  std::string broken = withLine(kMinimalPack, 11, "    to: mynumber");
  std::string errors = errorsOf(broken);
  EXPECT_EQ(errors.rfind("test.yaml:10:5: zone 'mynumber' is isolated", 0), 0u) << errors;
  auto pack = parsePack(withLine(broken, 14, "    clause: 6(3)②\n    exception: 条例で定める例外"),
                        "test.yaml");
  EXPECT_TRUE(pack.isOk()) << pack.status().toString();
}

TEST(PolicyLoader, AllowedFlowFromAnUntrustedZoneMustSanitize) {
  EXPECT_EQ(errorsOf(withLine(kMinimalPack, 15, "")),
            "test.yaml:10:5: zone 'internet' is untrusted: an allowed flow from it needs "
            "'sanitize'");
}

TEST(PolicyLoader, DeniedFlowCannotCarryAllowOnlyKeys) {
  EXPECT_EQ(errorsOf(withLine(kMinimalPack, 18, "    allow: false")),
            "test.yaml:21:15: 'approval' is only meaningful on an allowed flow\n"
            "test.yaml:22:10: 'dlp' is only meaningful on an allowed flow");
}

TEST(PolicyLoader, DuplicateFlow) {
  std::string twice = withLine(kMinimalPack, 17, "    to: internet");
  twice = withLine(twice, 16,
                   "  - from: internet\n    to: lgwan\n    allow: false\n"
                   "    reason: r\n    clause: c\n  - from: lgwan");
  EXPECT_EQ(errorsOf(twice), "test.yaml:16:5: duplicate flow internet -> lgwan");
}

TEST(PolicyLoader, EveryErrorIsReportedInFileOrder) {
  std::string broken = withLine(kMinimalPack, 2, "version: 0");
  broken =
      withLine(broken, 35, "retention: {originals_days: 0, transfers_days: 7, audit_years: 5}");
  EXPECT_EQ(errorsOf(broken),
            "test.yaml:2:10: 'version': expected an integer from 1 to 1000000\n"
            "test.yaml:35:29: 'originals_days': expected an integer from 1 to 3650");
}

TEST(PolicyLoader, YamlSyntaxErrorHasAPosition) {
  EXPECT_EQ(errorsOf(withLine(kMinimalPack, 3, "locale: ja\n\tbad: tab")),
            "test.yaml:4:1: YAML syntax: illegal tab when looking for indentation");
}

TEST(PolicyLoader, ColumnsCountCharactersNotBytes) {
  EXPECT_EQ(errorsOf(withLine(kMinimalPack, 7,
                              "  - {id: lgwan, name: LGWAN接続系, definition: d, clause: 6(3)②, "
                              "untrusted: maybe}")),
            "test.yaml:7:74: 'untrusted': expected true or false");
}

TEST(PolicyLoader, EmptyAndNonMappingDocumentsAreRefused) {
  EXPECT_EQ(errorsOf(""), "test.yaml:0:0: expected exactly one YAML document");
  EXPECT_EQ(errorsOf("- a\n- b\n"), "test.yaml:1:1: 'pack': expected a mapping");
}

TEST(PolicyLoader, OversizedFileIsRefusedBeforeParsing) {
  sanso::test::TempDir dir;
  std::string path = dir.file("big.yaml");
  sanso::test::writeFileOrDie(path, kMinimalPack + std::string(kMaxPackBytes, '#'));
  auto pack = loadPack(path);
  ASSERT_FALSE(pack.isOk());
  EXPECT_TRUE(pack.status().isBlocked());
  EXPECT_NE(pack.status().message().find(path), std::string::npos);
}

TEST(PolicyLoader, MissingFileIsAnIoError) {
  auto pack = loadPack("/nonexistent/pack.yaml");
  ASSERT_FALSE(pack.isOk());
  EXPECT_EQ(pack.status().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace sanso::policy
