#include "sanso/http/policy_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sanso/policy/loader.h"

namespace sanso::http {
namespace {

using nlohmann::json;

json defaultPackAnswer() {
  auto pack = policy::loadPack(std::string(SANSO_SOURCE_DIR) + "/policy/default/basic-policy.yaml");
  EXPECT_TRUE(pack.isOk()) << pack.status().toString();
  return pack.isOk() ? json::parse(policyJson(*pack)) : json::object();
}

TEST(PolicyApi, ListsZonesAndLevelsOfThePackInItsOrder) {
  json answer = defaultPackAnswer();
  ASSERT_TRUE(answer["zones"].is_array());
  std::vector<std::string> zones;
  for (const auto& zone : answer["zones"]) zones.push_back(zone["id"]);
  EXPECT_EQ(zones, (std::vector<std::string>{"mynumber", "lgwan", "internet"}));
  EXPECT_EQ(answer["zones"][1]["name"], "LGWAN接続系");
  EXPECT_EQ(answer["zones"][0]["isolated"], true);

  const json& confidentiality = answer["classification"][0];
  EXPECT_EQ(confidentiality["id"], "confidentiality");
  EXPECT_EQ(confidentiality["name"], "機密性");
  EXPECT_EQ(confidentiality["default_level"], "2");
  std::vector<std::string> levels;
  for (const auto& level : confidentiality["levels"]) levels.push_back(level["id"]);
  EXPECT_EQ(levels, (std::vector<std::string>{"3A", "3B", "3C", "2", "1"}));
  EXPECT_EQ(confidentiality["levels"][0]["name"], "機密性3A");
  EXPECT_EQ(answer["classification"].size(), 3u);
}

TEST(PolicyApi, DescribesFlowsRolesAndLimitsButNotDlpPatternsOrNetworks) {
  json answer = defaultPackAnswer();
  bool import_seen = false;
  bool export_seen = false;
  for (const auto& flow : answer["flows"]) {
    if (flow["from"] == "internet" && flow["to"] == "lgwan") {
      import_seen = true;
      EXPECT_EQ(flow["allow"], true);
      EXPECT_EQ(flow["sanitize"], json({"cdr", "image-pdf"}));
      EXPECT_EQ(flow["approval"], "none");
    }
    if (flow["from"] == "lgwan" && flow["to"] == "internet") {
      export_seen = true;
      EXPECT_EQ(flow["approval"], "supervisor");
      EXPECT_EQ(flow["dlp"], "block");
      EXPECT_TRUE(flow["sanitize"].is_null());
    }
  }
  EXPECT_TRUE(import_seen);
  EXPECT_TRUE(export_seen);
  bool manager_is_admin = false;
  for (const auto& role : answer["roles"]) {
    if (role["id"] == "security-manager") manager_is_admin = role["admin"];
  }
  EXPECT_TRUE(manager_is_admin);
  EXPECT_EQ(answer["max_upload_bytes"], 104857600u);
  EXPECT_EQ(answer["retention"]["transfers_days"], 7);
  const std::string text = answer.dump();
  EXPECT_EQ(text.find("networks"), std::string::npos);
  EXPECT_EQ(text.find("部外秘"), std::string::npos);  // a DLP keyword of the default pack
  EXPECT_FALSE(answer.contains("dlp"));
}

TEST(PolicyApi, IncludesTheIsmsFramework) {
  json answer = defaultPackAnswer();
  ASSERT_TRUE(answer["requirements"].is_array());
  EXPECT_EQ(answer["requirements"][0]["id"], "1");
  EXPECT_EQ(answer["requirements"][0]["parent"], "");
  bool question_seen = false;
  for (const auto& r : answer["requirements"]) {
    if (r["id"] == "6(3)-2") {
      question_seen = true;
      EXPECT_EQ(r["parent"], "6(3)");
      EXPECT_EQ(r["checkable"], true);
      EXPECT_TRUE(r["controls"].is_array());
    }
  }
  EXPECT_TRUE(question_seen);
  bool live_check = false;
  for (const auto& c : answer["controls"]) {
    if (c["check"] == "flows-sanitized") live_check = c["category"] == "technical";
  }
  EXPECT_TRUE(live_check);
  EXPECT_FALSE(answer["threats"][0]["controls"].empty());
  EXPECT_EQ(answer["threats"].size(), 12u);
  EXPECT_EQ(answer["review_cycles"].size(), 7u);
  EXPECT_EQ(answer["incident_levels"][0]["id"], "1");
  EXPECT_TRUE(answer["incident_levels"][0]["notify_roles"].is_array());
  EXPECT_EQ(answer["risk"]["likelihood"].size(), 5u);
  EXPECT_EQ(answer["risk"]["bands"].size(), 4u);
  EXPECT_EQ(answer["risk"]["acceptable_score"], 4);
  EXPECT_EQ(answer["asset_kinds"].size(), 6u);
  bool procedures_closed = false;
  for (const auto& k : answer["document_kinds"]) {
    if (k["id"] == "procedures") procedures_closed = k["public"] == false;
  }
  EXPECT_TRUE(procedures_closed);
  EXPECT_EQ(answer["isms_access"]["readers"], json::array({"auditor"}));
  EXPECT_TRUE(answer["dependencies"].is_array());
}

}  // namespace
}  // namespace sanso::http
