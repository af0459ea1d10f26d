// Substitute approvers end to end: `sanso dept substitute-add|list|substitute-remove` on the
// data directory of a running `sanso serve`, or the admin API, and the transfer API: the
// substitute approves an export in the supervisor's stead, a colleague of the same department
// cannot, and once removed the substitute cannot either.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/http_client.h"
#include "support/serve_process.h"
#include "support/test_util.h"

namespace sanso {
namespace {

using nlohmann::json;
using test::shellQuote;

constexpr const char* kPassword = "correct horse battery";

class ServeSubstitute : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.file("data");
    const std::string pack = test::defaultPackPath();
    for (const auto& [login, department] : {std::pair{"taro", "総務課"},
                                            {"boss", "総務課"},
                                            {"hanako", "総務課"},
                                            {"deputy", "企画課"}}) {
      test::addUserWithCli(data_, login, department, "staff", pack, kPassword);
    }
    test::addUserWithCli(data_, "kanri", "情報政策課", "security-manager", pack, kPassword);
    ASSERT_NO_FATAL_FAILURE(test::setSupervisorWithCli(data_, "boss", "総務課"));
    test::writeServeConfig(dir_.file("sanso.toml"), pack);
  }

  // `sanso ARGS --data DATA`; returns the exit code, the output in *out.
  int cli(const std::string& args, std::string* out = nullptr) {
    int code = -1;
    std::string text = test::runCommand(
        shellQuote(SANSO_BINARY) + " " + args + " --data " + shellQuote(data_) + " 2>&1", &code);
    if (out != nullptr) *out = text;
    return code;
  }

  // An export from taro that waits for approval.
  int64_t awaiting(const test::ApiSession& taro) {
    json order = {{"to_zone", "internet"},
                  {"recipients", {"hanako"}},
                  {"classification", {{"confidentiality", "2"}}}};
    auto created = test::apiCall(taro, "POST", "/api/v1/transfers", order.dump());
    EXPECT_EQ(created.status, 200) << created.body;
    if (created.status != 200) return 0;
    int64_t id = json::parse(created.body)["id"].get<int64_t>();
    auto uploaded = test::apiCall(
        taro, "PUT", "/api/v1/transfers/content?id=" + std::to_string(id) + "&name=a.txt",
        "資料\n");
    EXPECT_EQ(uploaded.status, 200) << uploaded.body;
    for (int i = 0; i < 600; ++i) {
      auto item = test::apiCall(taro, "GET", "/api/v1/transfers/item?id=" + std::to_string(id));
      if (item.status == 200 && json::parse(item.body)["state"] == "awaiting_approval") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return id;
  }

  int approve(const test::ApiSession& who, int64_t id) {
    return test::apiCall(who, "POST", "/api/v1/transfers/approve?id=" + std::to_string(id),
                         "{\"comment\":\"所属長不在のため代理で承認\"}")
        .status;
  }

  size_t pending(const test::ApiSession& who) {
    auto reply = test::apiCall(who, "GET", "/api/v1/transfers?box=approvals");
    EXPECT_EQ(reply.status, 200);
    return reply.status == 200 ? json::parse(reply.body)["transfers"].size() : 0;
  }

  test::TempDir dir_;
  std::string data_;
  test::ServeProcess server_;
};

TEST_F(ServeSubstitute, SubstituteApprovesColleagueCannotRemovedCannot) {
  std::string out;
  EXPECT_EQ(cli("dept substitute-add --department 総務課 --login deputy --from 2026-02-30", &out),
            2)
      << out;
  EXPECT_EQ(cli("dept substitute-add --department 存在しない課 --login deputy", &out), 2) << out;
  ASSERT_EQ(cli("dept substitute-add --department 総務課 --login deputy", &out), 0) << out;
  ASSERT_EQ(cli("dept list", &out), 0);
  EXPECT_NE(out.find("substitute: deputy"), std::string::npos) << out;

  ASSERT_NO_FATAL_FAILURE(server_.start(dir_.file("sanso.toml")));
  auto taro = test::loginSession(server_.lgwan(), "taro", kPassword);
  auto deputy = test::loginSession(server_.lgwan(), "deputy", kPassword);
  auto hanako = test::loginSession(server_.lgwan(), "hanako", kPassword);
  int64_t first = awaiting(taro);
  EXPECT_EQ(pending(hanako), 0u);
  EXPECT_EQ(approve(hanako, first), 404);  // same department, not a substitute
  EXPECT_EQ(pending(deputy), 1u);
  EXPECT_EQ(approve(deputy, first), 200);
  auto timeline =
      test::apiCall(taro, "GET", "/api/v1/transfers/timeline?id=" + std::to_string(first));
  EXPECT_NE(timeline.body.find("代理承認者が所属長に代わって承認した"), std::string::npos)
      << timeline.body;

  // Removed while the server runs: refused from the next call on.
  int64_t second = awaiting(taro);
  ASSERT_EQ(cli("dept substitute-remove --department 総務課 --login deputy", &out), 0) << out;
  EXPECT_EQ(pending(deputy), 0u);
  EXPECT_EQ(approve(deputy, second), 404);
  auto boss = test::loginSession(server_.lgwan(), "boss", kPassword);
  EXPECT_EQ(approve(boss, second), 200);

  EXPECT_EQ(server_.terminate(), 0);
  std::string exported;
  ASSERT_EQ(cli("audit export --format jsonl", &exported), 0);
  EXPECT_NE(exported.find("\"capacity\":\"substitute\""), std::string::npos);
  EXPECT_NE(exported.find("dept.substitute_add"), std::string::npos);
  EXPECT_NE(exported.find("dept.substitute_remove"), std::string::npos);
  EXPECT_EQ(cli("audit verify", &out), 0) << out;
}

TEST_F(ServeSubstitute, ASubstituteSetThroughTheAdminApiApproves) {
  ASSERT_NO_FATAL_FAILURE(server_.start(dir_.file("sanso.toml")));
  auto kanri = test::enrolledSession(server_.lgwan(), "kanri", kPassword);
  auto taro = test::loginSession(server_.lgwan(), "taro", kPassword);
  auto deputy = test::loginSession(server_.lgwan(), "deputy", kPassword);
  auto list = test::apiCall(kanri, "GET", "/api/v1/admin/departments");
  ASSERT_EQ(list.status, 200) << list.body;
  std::string soumu;
  const json departments = json::parse(list.body);
  for (const auto& d : departments["departments"]) {
    if (d["name"] == "総務課") soumu = d["id"].dump();
  }
  ASSERT_FALSE(soumu.empty());
  // Staff cannot make themselves substitutes.
  EXPECT_EQ(test::apiCall(deputy, "POST", "/api/v1/admin/departments/substitutes?id=" + soumu,
                          R"({"login":"deputy"})")
                .status,
            403);

  int64_t first = awaiting(taro);
  EXPECT_EQ(approve(deputy, first), 404);
  auto added = test::apiCall(kanri, "POST", "/api/v1/admin/departments/substitutes?id=" + soumu,
                             R"({"login":"deputy","from":"2020-01-01"})");
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(pending(deputy), 1u);
  EXPECT_EQ(approve(deputy, first), 200);

  // A period that has not started yet does not count.
  int64_t second = awaiting(taro);
  ASSERT_EQ(test::apiCall(kanri, "POST", "/api/v1/admin/departments/substitutes?id=" + soumu,
                          R"({"login":"deputy","from":"2099-01-01"})")
                .status,
            200);
  EXPECT_EQ(approve(deputy, second), 404);
  ASSERT_EQ(test::apiCall(kanri, "POST", "/api/v1/admin/departments/substitutes/remove?id=" + soumu,
                          R"({"login":"deputy"})")
                .status,
            200);
  EXPECT_EQ(pending(deputy), 0u);
}

}  // namespace
}  // namespace sanso
