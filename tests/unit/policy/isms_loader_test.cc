// The ISMS sections of a pack (issue 7): controls, requirements, threat -> controls, review
// cycles, incident levels, risk matrix, asset and document kinds, ISMS access, dependencies.
// Each validation error is reported at its line.
#include <gtest/gtest.h>

#include <string>

#include "policy_fixture.h"
#include "sanso/policy/loader.h"

namespace sanso::policy {
namespace {

using test::kMinimalPack;
using test::withLine;

// kMinimalPack (lines 1-36) and every ISMS section; line numbers in comments.
const std::string kIsmsPack =
    kMinimalPack +
    "controls:\n"  // 37
    "  - {id: C1, name: 監視, description: d, category: operational, clause: 6(7), check: "
    "audit-chain}\n"                                                             // 38
    "  - {id: C2, name: 研修, description: d, category: human, clause: 6(5)}\n"  // 39
    "requirements:\n"                                                            // 40
    "  - {id: \"6\", clause: \"6\", title: 情報セキュリティ対策}\n"              // 41
    "  - {id: 6(1), parent: \"6\", clause: 6(1), title: 組織体制, text: 任命しているか, "
    "checkable: true, controls: [C1], translations: {en: {name: Organisation}}}\n"  // 42
    "review_cycles:\n"                                                              // 43
    "  - {id: audit, name: 監査, months: 12, clause: \"7\"}\n"                      // 44
    "incident_levels:\n"                                                            // 45
    "  - {id: \"1\", name: 重大, description: d, report_within_hours: 1, resolve_within_hours: "
    "72, notify_roles: [staff]}\n"  // 46
    "  - {id: \"2\", name: 軽微, description: d, report_within_hours: 24, notify_roles: "
    "[staff]}\n"                                                                    // 47
    "risk:\n"                                                                       // 48
    "  likelihood: [{id: l1, name: 低, value: 1}, {id: l2, name: 高, value: 2}]\n"  // 49
    "  impact: [{id: i1, name: 小, value: 1}, {id: i2, name: 大, value: 2}]\n"      // 50
    "  bands: [{id: low, name: 低, max_score: 2, treatment: t}, {id: high, name: 高, "
    "max_score: 4, treatment: t}]\n"                                                           // 51
    "  acceptable_score: 2\n"                                                                  // 52
    "asset_kinds:\n"                                                                           // 53
    "  - {id: system, name: 情報システム, clause: 4(2)①}\n"                                    // 54
    "document_kinds:\n"                                                                        // 55
    "  - {id: procedures, name: 実施手順, clause: \"10\", public: false, readers: [staff]}\n"  // 56
    "isms_access: {managers: [staff], readers: [staff]}\n"                                     // 57
    "dependencies: [{urn: \"urn:sanso:pack:base\", min_version: 1}]\n"                         // 58
    "threats:\n"                                                                               // 59
    "  - {id: t1, number: 1, name: 脅威, examples: e, clause: 3(1), controls: [C1, C2]}\n";    // 60

// The error lines of a refused pack.
std::string errorsOf(const std::string& yaml) {
  auto pack = parsePack(yaml, "test.yaml");
  EXPECT_FALSE(pack.isOk());
  if (pack.isOk()) return "";
  EXPECT_EQ(pack.status().reason(), "policy-pack-invalid");
  return pack.status().message();
}

TEST(PolicyIsms, EverySectionLoads) {
  auto pack = parsePack(kIsmsPack, "test.yaml");
  ASSERT_TRUE(pack.isOk()) << pack.status().toString();
  ASSERT_EQ(pack->controls.size(), 2u);
  EXPECT_EQ(pack->findControl("C1")->check, "audit-chain");
  EXPECT_EQ(pack->findControl("C2")->check, "");
  EXPECT_EQ(pack->findControl("C2")->category, "human");
  ASSERT_EQ(pack->requirements.size(), 2u);
  const Requirement* child = pack->findRequirement("6(1)");
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(child->parent, "6");
  EXPECT_TRUE(child->checkable);
  EXPECT_EQ(child->controls, std::vector<std::string>{"C1"});
  EXPECT_EQ(child->translations.at("en").name, "Organisation");
  EXPECT_FALSE(pack->findRequirement("6")->checkable);
  EXPECT_EQ(pack->threats.at(0).controls, (std::vector<std::string>{"C1", "C2"}));
  EXPECT_EQ(pack->findReviewCycle("audit")->months, 12);
  ASSERT_EQ(pack->incident_levels.size(), 2u);
  EXPECT_EQ(pack->findIncidentLevel("1")->resolve_within_hours, 72);
  EXPECT_EQ(pack->findIncidentLevel("2")->resolve_within_hours, 0);
  EXPECT_EQ(pack->risk.likelihood.size(), 2u);
  EXPECT_EQ(pack->risk.acceptable_score, 2);
  ASSERT_NE(pack->risk.bandOf(3), nullptr);
  EXPECT_EQ(pack->risk.bandOf(3)->id, "high");
  EXPECT_EQ(pack->findAssetKind("system")->clause, "4(2)①");
  EXPECT_FALSE(pack->findDocumentKind("procedures")->is_public);
  EXPECT_EQ(pack->isms_access.managers, std::vector<std::string>{"staff"});
  ASSERT_EQ(pack->dependencies.size(), 1u);
  EXPECT_EQ(pack->dependencies[0].min_version, 1);
}

TEST(PolicyIsms, PacksWithoutTheSectionsStillLoad) {
  auto pack = parsePack(kMinimalPack, "test.yaml");
  ASSERT_TRUE(pack.isOk()) << pack.status().toString();
  EXPECT_TRUE(pack->requirements.empty());
  EXPECT_TRUE(pack->controls.empty());
  EXPECT_TRUE(pack->risk.bands.empty());
  EXPECT_EQ(pack->risk.bandOf(1), nullptr);
}

struct Case {
  const char* what;
  int line;
  const char* text;   // replaces the line
  const char* error;  // the errors must contain it
  int at = 0;         // the line of the error when not `line`
};

class PolicyIsmsError : public ::testing::TestWithParam<Case> {};

TEST_P(PolicyIsmsError, IsReportedAtItsLine) {
  const Case& c = GetParam();
  std::string errors = errorsOf(withLine(kIsmsPack, c.line, c.text));
  const int at = c.at != 0 ? c.at : c.line;
  EXPECT_NE(errors.find("test.yaml:" + std::to_string(at) + ":"), std::string::npos)
      << c.what << "\n"
      << errors;
  EXPECT_NE(errors.find(c.error), std::string::npos) << c.what << "\n" << errors;
}

const Case kCases[] = {
    {"unknown key in a control", 38,
     "  - {id: C1, name: 監視, description: d, category: operational, clause: 6(7), colour: red}",
     "unknown key 'colour'"},
    {"duplicate control", 39,
     "  - {id: C1, name: 研修, description: d, category: human, clause: 6(5)}",
     "duplicate control id 'C1'"},
    {"unknown category", 39,
     "  - {id: C2, name: 研修, description: d, category: legal, clause: 6(5)}",
     "'category': expected one of organizational|physical|human|technical|operational"},
    {"unknown check", 38,
     "  - {id: C1, name: 監視, description: d, category: operational, clause: 6(7), check: av}",
     "'check': expected one of flows-sanitized|mfa-mynumber|audit-chain|zones-verified"},
    {"control without a name", 39, "  - {id: C2, description: d, category: human, clause: 6(5)}",
     "missing key 'name'"},
    {"parent listed after its child", 41,
     "  - {id: \"5\", parent: \"6\", clause: \"5\", title: 遵守義務}",
     "'parent': unknown requirement '6'"},
    {"requirement its own parent", 41, "  - {id: \"6\", parent: \"6\", clause: \"6\", title: 対策}",
     "'parent': unknown requirement '6'"},
    {"duplicate requirement", 42, "  - {id: \"6\", clause: \"6\", title: 対策}",
     "duplicate requirement id '6'"},
    {"requirement id with a space", 41, "  - {id: \"6 1\", clause: \"6\", title: 対策}",
     "is not a requirement id"},
    {"requirement naming an unknown control", 42,
     "  - {id: 6(1), parent: \"6\", clause: 6(1), title: 組織体制, controls: [C9]}",
     "'controls': unknown control 'C9'"},
    {"checkable without text", 42,
     "  - {id: 6(1), parent: \"6\", clause: 6(1), title: 組織体制, checkable: true}",
     "a checkable requirement needs 'text'"},
    {"checkable not a boolean", 42,
     "  - {id: 6(1), parent: \"6\", clause: 6(1), title: 組織体制, text: q, checkable: yes}",
     "'checkable': expected true or false"},
    {"requirement translation with a bad locale", 42,
     "  - {id: 6(1), parent: \"6\", clause: 6(1), title: t, translations: {english: {name: x}}}",
     "'english' is not a locale"},
    {"threat naming an unknown control", 60,
     "  - {id: t1, number: 1, name: 脅威, examples: e, clause: 3(1), controls: [C1, C3]}",
     "'controls': unknown control 'C3'"},
    {"threat naming a control twice", 60,
     "  - {id: t1, number: 1, name: 脅威, examples: e, clause: 3(1), controls: [C1, C1]}",
     "'C1' is listed twice"},
    {"unknown review cycle", 44, "  - {id: audits, name: 監査, months: 12, clause: \"7\"}",
     "unknown review cycle 'audits'"},
    {"zero months", 44, "  - {id: audit, name: 監査, months: 0, clause: \"7\"}",
     "'months': expected an integer from 1 to 120"},
    {"ten years and a month", 44, "  - {id: audit, name: 監査, months: 121, clause: \"7\"}",
     "'months': expected an integer from 1 to 120"},
    {"months as a string", 44, "  - {id: audit, name: 監査, months: \"12\", clause: \"7\"}",
     "'months': expected an integer"},
    {"incident notifying an unknown role", 46,
     "  - {id: \"1\", name: 重大, description: d, report_within_hours: 1, notify_roles: [ciso]}",
     "'notify_roles': unknown role 'ciso'"},
    {"incident notifying no one", 46,
     "  - {id: \"1\", name: 重大, description: d, report_within_hours: 1, notify_roles: []}",
     "'notify_roles': expected at least one role"},
    {"zero hours to report", 47,
     "  - {id: \"2\", name: 軽微, description: d, report_within_hours: 0, notify_roles: [staff]}",
     "'report_within_hours': expected an integer from 1"},
    {"duplicate incident level", 47,
     "  - {id: \"1\", name: 軽微, description: d, report_within_hours: 24, notify_roles: [staff]}",
     "duplicate incident level id '1'"},
    {"likelihood values with a gap", 49,
     "  likelihood: [{id: l1, name: 低, value: 1}, {id: l2, name: 高, value: 3}]",
     "'value': expected 2 (values run 1..N"},
    {"impact scale of one step", 50, "  impact: [{id: i1, name: 小, value: 1}]",
     "'impact': expected at least 2 steps"},
    {"duplicate likelihood id", 49,
     "  likelihood: [{id: l1, name: 低, value: 1}, {id: l1, name: 高, value: 2}]",
     "duplicate id 'l1'"},
    {"bands not ascending", 51,
     "  bands: [{id: low, name: 低, max_score: 4, treatment: t}, {id: high, name: 高, "
     "max_score: 4, treatment: t}]",
     "'max_score': bands ascend"},
    {"last band below the top score", 51,
     "  bands: [{id: low, name: 低, max_score: 2, treatment: t}, {id: high, name: 高, "
     "max_score: 3, treatment: t}]",
     "the last band must cover the highest score 4"},
    {"acceptable score above the top", 52, "  acceptable_score: 5",
     "'acceptable_score': expected an integer from 1 to 4"},
    {"unknown key in risk", 52, "  acceptable: 2", "unknown key 'acceptable'"},
    {"duplicate asset kind", 54,
     "  - {id: system, name: a, clause: x}\n  - {id: system, name: b, "
     "clause: y}",
     "duplicate asset kind id 'system'", 55},
    {"non-public document without readers", 56,
     "  - {id: procedures, name: 実施手順, clause: \"10\", public: false}",
     "a non-public document kind needs 'readers'"},
    {"public document with readers", 56,
     "  - {id: procedures, name: 実施手順, clause: \"10\", public: true, readers: [staff]}",
     "a public document kind is read by everyone"},
    {"document reader unknown", 56,
     "  - {id: procedures, name: 実施手順, clause: \"10\", public: false, readers: [auditor]}",
     "'readers': unknown role 'auditor'"},
    {"document without public", 56, "  - {id: procedures, name: 実施手順, clause: \"10\"}",
     "missing key 'public'"},
    {"access naming an unknown role", 57, "isms_access: {managers: [ciso]}",
     "'managers': unknown role 'ciso'"},
    {"access without managers", 57, "isms_access: {readers: [staff]}", "missing key 'managers'"},
    {"dependency on itself", 58, "dependencies: [{urn: \"urn:sanso:pack:test\", min_version: 1}]",
     "a pack cannot depend on itself"},
    {"dependency that is not a urn", 58, "dependencies: [{urn: base, min_version: 1}]",
     "'urn': expected urn:NAMESPACE:NAME"},
    {"dependency listed twice", 58,
     "dependencies: [{urn: \"urn:a:b\", min_version: 1}, {urn: \"urn:a:b\", min_version: 2}]",
     "duplicate dependency 'urn:a:b'"},
    {"unknown top-level key", 58, "isms: {}", "unknown key 'isms' in 'pack'"},
};

INSTANTIATE_TEST_SUITE_P(Cases, PolicyIsmsError, ::testing::ValuesIn(kCases));

TEST(PolicyIsms, LessSevereLevelReportedSoonerIsRefused) {
  std::string errors =
      errorsOf(withLine(kIsmsPack, 46,
                        "  - {id: \"1\", name: 重大, description: d, report_within_hours: 48, "
                        "notify_roles: [staff]}"));
  EXPECT_NE(errors.find("test.yaml:47:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("listed most severe first"), std::string::npos) << errors;
}

TEST(PolicyIsms, ListsHaveALimit) {
  std::string controls = "controls:\n";
  for (int i = 0; i <= 1000; ++i) {
    controls += "  - {id: C" + std::to_string(i) +
                ", name: n, description: d, category: human, clause: \"5\"}\n";
  }
  std::string errors = errorsOf(kMinimalPack + controls);
  EXPECT_NE(errors.find("test.yaml:38:"), std::string::npos) << errors.substr(0, 300);
  EXPECT_NE(errors.find("'controls': more than 1000 items"), std::string::npos);
}

}  // namespace
}  // namespace sanso::policy
