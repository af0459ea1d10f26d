// decide() on small packs: strictest wins, fail closed, every reason listed.
#include "sanso/policy/decision.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "policy_fixture.h"
#include "sanso/policy/loader.h"

namespace sanso::policy {
namespace {

using sanitize::Method;

PolicyPack minimal(const std::string& yaml = test::kMinimalPack) {
  auto pack = parsePack(yaml, "test.yaml");
  EXPECT_TRUE(pack.isOk()) << pack.status().toString();
  return pack.isOk() ? std::move(pack).value() : PolicyPack{};
}

TEST(PolicyDecision, FlowsNotNamedAreDenied) {
  PolicyPack pack = minimal();
  Decision d = decide(pack, {"lgwan", "mynumber", "pdf", {}});
  EXPECT_FALSE(d.allowed);
  ASSERT_EQ(d.reasons.size(), 1u);
  EXPECT_NE(d.reasons[0].text.find("既定で拒否"), std::string::npos);
  EXPECT_EQ(d.reasons[0].clause, "6(3)①");  // the isolated zone's clause
}

TEST(PolicyDecision, UnknownOrSameZonesAreDenied) {
  PolicyPack pack = minimal();
  EXPECT_FALSE(decide(pack, {"cloud", "lgwan", "pdf", {}}).allowed);
  EXPECT_FALSE(decide(pack, {"lgwan", "lgwan", "pdf", {}}).allowed);
  EXPECT_EQ(checkQuery(pack, {"cloud", "lgwan", "", {}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(checkQuery(pack, {"lgwan", "internet", "txt", {}}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(checkQuery(pack, {"lgwan", "internet", "", {{"secrecy", "1"}}}).code(),
            StatusCode::kInvalidArgument);
}

TEST(PolicyDecision, DefaultChainKeepsOnlyMethodsTheTypeOffers) {
  PolicyPack pack = minimal();
  EXPECT_EQ(decide(pack, {"internet", "lgwan", "pptx", {}}).methods,
            (std::vector<Method>{Method::kCdr, Method::kImagePdf}));
  EXPECT_EQ(decide(pack, {"internet", "lgwan", "csv", {}}).methods,
            std::vector<Method>{Method::kCdr});
  EXPECT_EQ(decide(pack, {"internet", "lgwan", "gif", {}}).methods,
            (std::vector<Method>{Method::kCdr, Method::kImagePdf}));
  EXPECT_EQ(decide(pack, {"internet", "lgwan", "text", {}}).methods,
            std::vector<Method>{Method::kText});
}

TEST(PolicyDecision, TypeWithNoApplicableMethodIsDenied) {
  PolicyPack pack =
      minimal(test::withLine(test::kMinimalPack, 15, "    sanitize: {default: [image-pdf]}"));
  Decision d = decide(pack, {"internet", "lgwan", "csv", {}});
  EXPECT_FALSE(d.allowed);
  EXPECT_TRUE(d.methods.empty());
}

TEST(PolicyDecision, ClassificationApprovalRaisesAnApprovalFreeFlow) {
  PolicyPack pack = minimal(test::withLine(test::kMinimalPack, 21, "    approval: none"));
  Decision one = decide(pack, {"lgwan", "internet", "", {{"confidentiality", "1"}}});
  EXPECT_TRUE(one.allowed);
  EXPECT_EQ(one.approval, Approval::kNone);
  Decision two = decide(pack, {"lgwan", "internet", "", {{"confidentiality", "2"}}});
  EXPECT_TRUE(two.allowed);
  EXPECT_EQ(two.approval, Approval::kSupervisor);
}

TEST(PolicyDecision, DenyBeatsApprovalAndClearsTheActions) {
  PolicyPack pack = minimal();
  Decision d = decide(pack, {"lgwan", "internet", "", {{"confidentiality", "3"}}});
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.approval, Approval::kNone);
  EXPECT_EQ(d.dlp, DlpMode::kOff);
  // The flow's own reasons come first, then the level's.
  ASSERT_GE(d.reasons.size(), 2u);
  EXPECT_EQ(d.reasons.front().text, "承認を経て送る");
  EXPECT_EQ(d.reasons.back().text, "機密性3: 外へ出せない");
  EXPECT_EQ(d.reasons.back().clause, "6(2)");
}

TEST(PolicyDecision, ExceptionFlowIntoAnIsolatedZoneIsAllowedAndSaysWhy) {
  std::string yaml = test::withLine(test::kMinimalPack, 11, "    to: mynumber");
  yaml = test::withLine(yaml, 14, "    clause: 6(3)①\n    exception: 条例で定める例外");
  PolicyPack pack = minimal(yaml);
  Decision d = decide(pack, {"internet", "mynumber", "pdf", {}});
  EXPECT_TRUE(d.allowed);
  bool says = false;
  for (const auto& r : d.reasons) says = says || r.text == "例外: 条例で定める例外";
  EXPECT_TRUE(says);
}

TEST(PolicyDecision, IsolatedZoneWithoutExceptionIsDeniedEvenIfBuiltByHand) {
  PolicyPack pack = minimal();
  Flow flow;
  flow.from = "lgwan";
  flow.to = "mynumber";
  flow.allow = true;
  flow.reason = "r";
  pack.flows.push_back(flow);
  EXPECT_FALSE(decide(pack, {"lgwan", "mynumber", "", {}}).allowed);
}

TEST(PolicyDecision, JsonHasTheDecisionAndItsReasons) {
  PolicyPack pack = minimal();
  auto json = nlohmann::json::parse(
      toJson(decide(pack, {"lgwan", "internet", "", {{"confidentiality", "2"}}})));
  EXPECT_EQ(json["allowed"], true);
  EXPECT_EQ(json["approval"], "supervisor");
  EXPECT_EQ(json["dlp"], "block");
  EXPECT_EQ(json["retention"]["transfers_days"], 7);
  ASSERT_TRUE(json["reasons"].is_array());
  EXPECT_EQ(json["reasons"][0]["clause"], "6(3)②");
}

}  // namespace
}  // namespace sanso::policy
