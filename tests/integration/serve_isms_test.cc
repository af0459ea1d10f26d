// Runs the real `sanso serve` with the default pack and drives the ISMS API from the outside:
// a self-inspection campaign from creation to roll-up with department isolation, an incident
// from report to closure, the dashboard, the statement of applicability with live checks,
// register import and export (CSV, XLSX, PDF), non-public procedures, CSRF and the audit chain.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/http_client.h"
#include "support/serve_process.h"
#include "support/test_util.h"

namespace sanso {
namespace {

using nlohmann::json;
using test::apiCall;

constexpr const char* kPassword = "correct horse battery";

class ServeIsms : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string data = dir_.file("data");
    const std::string pack = test::defaultPackPath();
    test::addUserWithCli(data, "somu", "総務課", "staff", pack, kPassword);
    test::addUserWithCli(data, "kikaku", "企画課", "staff", pack, kPassword);
    test::addUserWithCli(data, "ciso", "情報政策課", "ciso", pack, kPassword);
    test::addUserWithCli(data, "kansa", "監査室", "auditor", pack, kPassword);
    test::writeServeConfig(dir_.file("sanso.toml"), pack);
    server_.start(dir_.file("sanso.toml"));
    port_ = server_.lgwan();
  }

  static json body(const test::HttpReply& reply) {
    json parsed = json::parse(reply.body, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << reply.body;
    return parsed;
  }

  static json call(const test::ApiSession& s, const std::string& method, const std::string& target,
                   const json& payload = json(), int expect = 200) {
    auto reply = apiCall(s, method, target, payload.is_null() ? "" : payload.dump());
    EXPECT_EQ(reply.status, expect) << method << " " << target << ": " << reply.body;
    return body(reply);
  }

  static int64_t departmentId(const json& kinds, const std::string& name) {
    for (const auto& d : kinds["departments"]) {
      if (d["name"] == name) return d["id"].get<int64_t>();
    }
    ADD_FAILURE() << "no department " << name;
    return 0;
  }

  static json field(const json& kinds, const std::string& kind, const std::string& name) {
    for (const auto& k : kinds["kinds"]) {
      if (k["id"] != kind) continue;
      for (const auto& f : k["fields"]) {
        if (f["name"] == name) return f;
      }
    }
    ADD_FAILURE() << "no field " << kind << "." << name;
    return json::object();
  }

  test::TempDir dir_;
  test::ServeProcess server_;
  uint16_t port_ = 0;
};

TEST_F(ServeIsms, CampaignIncidentDashboardAndReports) {
  auto auditor = test::enrolledSession(port_, "kansa", kPassword);
  auto ciso = test::enrolledSession(port_, "ciso", kPassword);
  auto somu = test::loginSession(port_, "somu", kPassword);
  auto kikaku = test::loginSession(port_, "kikaku", kPassword);

  json kinds = call(auditor, "GET", "/api/v1/isms/kinds");
  EXPECT_TRUE(kinds["reader"].get<bool>());
  int64_t somu_dept = departmentId(kinds, "総務課");
  int64_t kikaku_dept = departmentId(kinds, "企画課");
  json requirements = json::array();
  const json checklist = field(kinds, "campaign", "requirements");
  for (const auto& c : checklist["choices"]) {
    if (requirements.size() < 3) requirements.push_back(c["id"]);
  }
  ASSERT_EQ(requirements.size(), 3u) << "the default pack has checkable requirements";

  // The auditor runs a self-inspection of two departments.
  json campaign = call(auditor, "POST", "/api/v1/isms/records",
                       {{"kind", "campaign"},
                        {"fields",
                         {{"type", "self-inspection"},
                          {"title", "令和8年度 自己点検"},
                          {"deadline", "2027-03-31"},
                          {"requirements", requirements},
                          {"departments", {somu_dept, kikaku_dept}},
                          {"status", "open"}}}})["record"];
  int64_t campaign_id = campaign["id"].get<int64_t>();
  for (const auto& r : requirements) {
    call(somu, "POST", "/api/v1/isms/answers",
         {{"campaign", campaign_id},
          {"requirement", r},
          {"result", "implemented"},
          {"comment", "実施済み"}});
  }
  call(kikaku, "POST", "/api/v1/isms/answers",
       {{"campaign", campaign_id}, {"requirement", requirements[0]}, {"result", "partial"}});
  // 企画課 neither answers for 総務課 nor reads its answers.
  call(kikaku, "POST", "/api/v1/isms/answers",
       {{"campaign", campaign_id},
        {"department_id", somu_dept},
        {"requirement", requirements[1]},
        {"result", "implemented"}},
       403);
  json seen =
      call(kikaku, "GET", "/api/v1/isms/records?kind=answer&parent=" + std::to_string(campaign_id));
  EXPECT_EQ(seen["records"].size(), 1u);
  json own = call(kikaku, "GET",
                  "/api/v1/isms/records?kind=answer&department=" + std::to_string(somu_dept));
  EXPECT_TRUE(own["records"].empty());
  json rollup = call(auditor, "GET", "/api/v1/isms/rollup?campaign=" + std::to_string(campaign_id));
  ASSERT_EQ(rollup["departments"].size(), 2u);
  for (const auto& d : rollup["departments"]) {
    if (d["id"] == somu_dept) {
      EXPECT_EQ(d["counts"]["implemented"], 3);
    } else {
      EXPECT_EQ(d["counts"]["unanswered"], 2);
    }
  }

  // 総務課 reports an incident; 企画課 cannot see it; the CISO triages it.
  json incident =
      call(somu, "POST", "/api/v1/isms/incidents/report",
           {{"fields",
             {{"title", "誤送信"}, {"description", "委託先へ別の住民の書類を送付"}}}})["record"];
  int64_t incident_id = incident["id"].get<int64_t>();
  call(kikaku, "GET", "/api/v1/isms/record?id=" + std::to_string(incident_id), json(), 404);
  json level = field(kinds, "incident", "level")["choices"][0]["id"];
  call(ciso, "POST", "/api/v1/isms/incidents/event",
       {{"id", incident_id},
        {"event", "triage"},
        {"text", "初動"},
        {"changes", {{"level", level}}}});

  json board = call(ciso, "GET", "/api/v1/isms/dashboard");
  EXPECT_EQ(board["incidents"]["open"].size(), 1u);
  ASSERT_EQ(board["campaigns"].size(), 1u);
  EXPECT_EQ(board["campaigns"][0]["answered"], 4);
  EXPECT_EQ(board["campaigns"][0]["total"], 6);
  EXPECT_TRUE(board["blocked_transfers"].is_object());

  call(ciso, "POST", "/api/v1/isms/incidents/event",
       {{"id", incident_id},
        {"event", "close"},
        {"text", "終結"},
        {"changes", {{"root_cause", "宛先確認の漏れ"}, {"prevention", "ダブルチェックの徹底"}}}});
  board = call(ciso, "GET", "/api/v1/isms/dashboard");
  EXPECT_TRUE(board["incidents"]["open"].empty());

  // The statement of applicability runs the live checks of the default pack's controls.
  json soa = call(auditor, "GET", "/api/v1/isms/soa");
  int live = 0;
  for (const auto& c : soa["controls"]) {
    if (c["check"] == "flows-sanitized" || c["check"] == "audit-chain") {
      EXPECT_EQ(c["check_state"], "pass") << c.dump();
      ++live;
    }
  }
  EXPECT_GE(live, 2);
  call(somu, "GET", "/api/v1/isms/soa", json(), 403);

  // Import an asset register from CSV as Excel writes it, then export it three ways.
  json asset_kind = field(kinds, "asset", "asset_kind")["choices"][0]["label"];
  json conf = field(kinds, "asset", "confidentiality")["choices"];
  std::string csv = "資産名,資産の種類,機密性,完全性,可用性,保管場所\r\n";
  csv += "住民基本台帳,\"" + asset_kind.get<std::string>() + "\"," +
         conf[0]["label"].get<std::string>() + ",2,2,本庁舎\r\n";
  csv += "\"会議録, 公開前\"," + asset_kind.get<std::string>() + "," +
         conf.back()["id"].get<std::string>() + ",1,1,\"=HYPERLINK(\"\"x\"\")\"\r\n";
  auto imported = apiCall(somu, "POST", "/api/v1/isms/import?kind=asset", csv);
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(body(imported)["created"], 2);
  auto bad = apiCall(somu, "POST", "/api/v1/isms/import?kind=asset", "資産名,秘密の列\r\nx,y\r\n");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("秘密の列"), std::string::npos);
  json assets = call(kikaku, "GET", "/api/v1/isms/records?kind=asset");
  EXPECT_TRUE(assets["records"].empty());

  auto exported = apiCall(somu, "GET", "/api/v1/isms/export?report=asset&format=csv");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_NE(exported.body.find("会議録, 公開前"), std::string::npos);
  EXPECT_NE(exported.body.find("\"'=HYPERLINK"), std::string::npos);  // not a formula in Excel
  auto xlsx = apiCall(ciso, "GET", "/api/v1/isms/export?report=asset&format=xlsx");
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  auto pdf = apiCall(
      auditor, "GET",
      "/api/v1/isms/export?report=rollup&format=pdf&campaign=" + std::to_string(campaign_id));
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");

  // Procedures are not public: staff do not see them.
  json doc_kinds = field(kinds, "document", "doc_kind")["choices"];
  bool has_procedures = false;
  for (const auto& k : doc_kinds) has_procedures |= k["id"] == "procedures";
  ASSERT_TRUE(has_procedures);
  call(ciso, "POST", "/api/v1/isms/records",
       {{"kind", "document"},
        {"fields",
         {{"doc_kind", "procedures"},
          {"title", "実施手順"},
          {"version", "1.0"},
          {"reason", "制定"},
          {"status", "approved"}}}});
  EXPECT_TRUE(call(somu, "GET", "/api/v1/isms/records?kind=document")["records"].empty());
  EXPECT_EQ(call(auditor, "GET", "/api/v1/isms/records?kind=document")["records"].size(), 1u);

  // State changes need the CSRF token.
  auto no_csrf = test::httpRequest(port_, "POST", "/api/v1/isms/incidents/report",
                                   somu.cookie + "Content-Type: application/json\r\n",
                                   R"({"fields":{"title":"x","description":"y"}})");
  EXPECT_EQ(no_csrf.status, 403) << no_csrf.body;

  // Every change is in the audit chain, which verifies.
  json audit = call(auditor, "GET", "/api/v1/audit?limit=200");
  int isms_events = 0;
  for (const auto& r : audit["records"]) {
    isms_events += r["action"].get<std::string>().rfind("isms.", 0) == 0;
  }
  EXPECT_GE(isms_events, 12);
  EXPECT_EQ(call(auditor, "GET", "/api/v1/audit/verify")["ok"], true);
}

}  // namespace
}  // namespace sanso
