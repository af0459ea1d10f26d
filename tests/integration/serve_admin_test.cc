// Runs the real `sanso serve` and checks the audit and administration API from the outside:
// only security managers and auditors read and verify the audit log, only security managers
// manage users, supervisors, substitute approvers and others' passwords, state changes need the
// CSRF token, every change is in the audit chain, a tampered chain is reported through the API,
// and every user changes their own password with the current one.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "sanso/audit/audit_log.h"
#include "sanso/store/database.h"
#include "support/http_client.h"
#include "support/serve_process.h"
#include "support/test_util.h"

namespace sanso {
namespace {

using nlohmann::json;
using test::apiCall;
using test::httpRequest;

constexpr const char* kPassword = "correct horse battery";

class ServeAdmin : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.file("data");
    const std::string pack = test::defaultPackPath();
    test::addUserWithCli(data_, "taro", "総務課", "staff", pack, kPassword);
    test::addUserWithCli(data_, "admin", "情報政策課", "security-manager", pack, kPassword);
    test::addUserWithCli(data_, "kansa", "監査室", "auditor", pack, kPassword);
    test::writeServeConfig(dir_.file("sanso.toml"), pack);
    server_.start(dir_.file("sanso.toml"));
    lgwan_ = server_.lgwan();
  }

  // A session of an administrator role, with TOTP enrolled through the API.
  test::ApiSession enrolled(const std::string& login) {
    return test::enrolledSession(lgwan_, login, kPassword);
  }

  // The id of department `name` from GET /api/v1/admin/departments.
  std::string departmentId(const test::ApiSession& admin, const std::string& name) {
    auto reply = apiCall(admin, "GET", "/api/v1/admin/departments");
    EXPECT_EQ(reply.status, 200) << reply.body;
    const json answer = json::parse(reply.body);
    for (const auto& d : answer["departments"]) {
      if (d["name"] == name) return d["id"].dump();
    }
    ADD_FAILURE() << "no department " << name;
    return "0";
  }

  // The audit records (newest first) whose action is one of `actions`.
  std::vector<json> auditRecords(const test::ApiSession& admin, std::set<std::string> actions) {
    auto reply = apiCall(admin, "GET", "/api/v1/audit?limit=200");
    EXPECT_EQ(reply.status, 200) << reply.body;
    std::vector<json> out;
    const json answer = json::parse(reply.body);
    for (const auto& record : answer["records"]) {
      if (actions.count(record["action"].get<std::string>())) out.push_back(record);
    }
    return out;
  }

  // The "error" slug of a reply with `status`, or a description of what came instead.
  static std::string refusal(const test::HttpReply& reply, int status) {
    if (reply.status != status) return "HTTP " + std::to_string(reply.status) + " " + reply.body;
    return json::parse(reply.body)["error"].get<std::string>();
  }

  test::TempDir dir_;
  std::string data_;
  test::ServeProcess server_;
  uint16_t lgwan_ = 0;
};

TEST_F(ServeAdmin, StaffGetsNoAuditAndNoAdministration) {
  auto staff = test::loginSession(lgwan_, "taro", kPassword);
  for (const char* path :
       {"/api/v1/admin/departments/supervisor?id=1", "/api/v1/admin/departments/substitutes?id=1",
        "/api/v1/admin/departments/substitutes/remove?id=1", "/api/v1/admin/users/password?id=2"}) {
    auto reply = apiCall(staff, "POST", path, R"({"login":"taro","generate":true})");
    EXPECT_EQ(refusal(reply, 403), "forbidden") << path;
  }
  for (const char* path : {"/api/v1/audit", "/api/v1/audit/verify", "/api/v1/admin/users",
                           "/api/v1/admin/departments"}) {
    auto reply = apiCall(staff, "GET", path);
    EXPECT_EQ(reply.status, 403) << path << ": " << reply.body;
  }
  auto create = apiCall(staff, "POST", "/api/v1/admin/users",
                        R"({"login":"mallory","department":"総務課","role":"security-manager"})");
  EXPECT_EQ(create.status, 403) << create.body;
  EXPECT_EQ(httpRequest(lgwan_, "GET", "/api/v1/audit").status, 401);
}

TEST_F(ServeAdmin, AnAuditorReadsAndVerifiesTheLogButDoesNotManageUsers) {
  auto auditor = enrolled("kansa");
  auto page = apiCall(auditor, "GET", "/api/v1/audit?limit=3");
  ASSERT_EQ(page.status, 200) << page.body;
  json first = json::parse(page.body);
  ASSERT_EQ(first["records"].size(), 3u);
  EXPECT_GT(first["records"][0]["seq"], first["records"][1]["seq"]);  // newest first
  EXPECT_EQ(first["records"][0]["action"], "totp.enrol");
  ASSERT_TRUE(first["next_before"].is_number());
  auto older =
      apiCall(auditor, "GET", "/api/v1/audit?limit=200&before=" + first["next_before"].dump());
  ASSERT_EQ(older.status, 200) << older.body;
  json rest = json::parse(older.body);
  ASSERT_FALSE(rest["records"].empty());
  EXPECT_LT(rest["records"][0]["seq"], first["records"][2]["seq"]);
  EXPECT_EQ(rest["records"].back()["seq"], 1);
  EXPECT_TRUE(rest["next_before"].is_null());
  EXPECT_EQ(page.body.find(kPassword), std::string::npos);
  EXPECT_EQ(older.body.find(kPassword), std::string::npos);
  for (const char* bad : {"?limit=0", "?limit=201", "?limit=x", "?before=-1", "?limit=1&limit=2"}) {
    EXPECT_EQ(apiCall(auditor, "GET", std::string("/api/v1/audit") + bad).status, 400) << bad;
  }

  auto verify = apiCall(auditor, "GET", "/api/v1/audit/verify");
  ASSERT_EQ(verify.status, 200) << verify.body;
  json report = json::parse(verify.body);
  EXPECT_TRUE(report["ok"].get<bool>()) << verify.body;
  EXPECT_TRUE(report["problem"].is_null());
  EXPECT_GE(report["records"].get<int>(), 5);

  EXPECT_EQ(apiCall(auditor, "GET", "/api/v1/admin/users").status, 403);
  EXPECT_EQ(apiCall(auditor, "POST", "/api/v1/admin/users",
                    R"({"login":"jiro","department":"総務課","role":"staff"})")
                .status,
            403);
  EXPECT_EQ(apiCall(auditor, "POST", "/api/v1/admin/users/disable?id=1", "{}").status, 403);
}

TEST_F(ServeAdmin, ASecurityManagerManagesUsersWithCsrfAndEveryChangeIsAudited) {
  auto admin = enrolled("admin");
  const std::string order = R"({"login":"jiro","display_name":"次郎","department":"企画課",)"
                            R"("role":"staff"})";
  // No CSRF header: refused, nothing created.
  auto no_csrf = httpRequest(lgwan_, "POST", "/api/v1/admin/users", admin.cookie, order);
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_NE(no_csrf.body.find("\"csrf\""), std::string::npos) << no_csrf.body;
  EXPECT_EQ(apiCall(admin, "POST", "/api/v1/admin/users",
                    R"({"login":"jiro","department":"企画課","role":"emperor"})")
                .status,
            400);

  auto created = apiCall(admin, "POST", "/api/v1/admin/users", order);
  ASSERT_EQ(created.status, 200) << created.body;
  json answer = json::parse(created.body);
  const std::string password = answer["initial_password"];
  const int64_t id = answer["user"]["id"];
  EXPECT_EQ(answer["user"]["display_name"], "次郎");
  auto jiro = test::loginSession(lgwan_, "jiro", password);
  EXPECT_EQ(apiCall(jiro, "GET", "/api/v1/me").status, 200);

  auto users = apiCall(admin, "GET", "/api/v1/admin/users");
  ASSERT_EQ(users.status, 200);
  EXPECT_NE(users.body.find("\"jiro\""), std::string::npos);
  EXPECT_EQ(users.body.find(password), std::string::npos);  // shown once only
  auto departments = apiCall(admin, "GET", "/api/v1/admin/departments");
  ASSERT_EQ(departments.status, 200);
  EXPECT_NE(departments.body.find("企画課"), std::string::npos);

  const std::string target = "?id=" + std::to_string(id);
  EXPECT_EQ(httpRequest(lgwan_, "POST", "/api/v1/admin/users/disable" + target, admin.cookie, "{}")
                .status,
            403);
  auto disabled = apiCall(admin, "POST", "/api/v1/admin/users/disable" + target, "{}");
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_TRUE(json::parse(disabled.body)["user"]["disabled"].get<bool>());
  EXPECT_EQ(apiCall(jiro, "GET", "/api/v1/me").status, 401);  // its session ended
  auto enabled = apiCall(admin, "POST", "/api/v1/admin/users/enable" + target, "{}");
  ASSERT_EQ(enabled.status, 200) << enabled.body;
  EXPECT_EQ(apiCall(admin, "POST", "/api/v1/admin/users/totp-reset" + target, "{}").status, 200);
  auto auditor = enrolled("kansa");
  auto kansa = json::parse(apiCall(auditor, "GET", "/api/v1/me").body)["user"];
  EXPECT_TRUE(kansa["totp_enabled"].get<bool>());
  auto reset =
      apiCall(admin, "POST", "/api/v1/admin/users/totp-reset?id=" + kansa["id"].dump(), "{}");
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_FALSE(json::parse(reset.body)["user"]["totp_enabled"].get<bool>());
  EXPECT_EQ(apiCall(admin, "POST", "/api/v1/admin/users/disable?id=999", "{}").status, 404);
  for (const char* bad : {"", "?id=0", "?id=01", "?id=x", "?id=1&id=2"}) {
    EXPECT_EQ(apiCall(admin, "POST", std::string("/api/v1/admin/users/enable") + bad, "{}").status,
              400)
        << bad;
  }
  // Disabling oneself would lock the last administrator out.
  auto me = json::parse(apiCall(admin, "GET", "/api/v1/me").body);
  EXPECT_EQ(
      apiCall(admin, "POST", "/api/v1/admin/users/disable?id=" + me["user"]["id"].dump(), "{}")
          .status,
      400);

  auto log = json::parse(apiCall(admin, "GET", "/api/v1/audit?limit=20").body);
  std::vector<std::string> actions;
  for (const auto& record : log["records"]) {
    if (record["object_id"] == std::to_string(id)) actions.push_back(record["action"]);
    EXPECT_EQ(record.dump().find(password), std::string::npos);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"user.totp_reset", "user.enable", "user.disable",
                                               "user.create"}));
  EXPECT_EQ(log["records"][0]["action"], "user.totp_reset");
  EXPECT_EQ(log["records"][0]["object_id"], kansa["id"].dump());
}

// Regression: `sanso user totp-reset` reset the TOTP and then failed to record it, because
// "user.totp-reset" is not a valid audit action name.
TEST_F(ServeAdmin, TheCliTotpResetIsRecordedLikeTheApis) {
  auto auditor = enrolled("kansa");
  int code = -1;
  std::string out = test::runCommand(test::shellQuote(SANSO_BINARY) + " user totp-reset --data " +
                                         test::shellQuote(data_) + " --login kansa 2>&1",
                                     &code);
  EXPECT_EQ(code, 0) << out;
  auto admin = enrolled("admin");
  auto log = json::parse(apiCall(admin, "GET", "/api/v1/audit?limit=5").body);
  bool found = false;
  for (const auto& record : log["records"]) {
    found = found || (record["action"] == "user.totp_reset" && record["actor"] == "cli");
  }
  EXPECT_TRUE(found) << log.dump();
}

TEST_F(ServeAdmin, ASecurityManagerSetsSupervisorsAndSubstitutesAndEachChangeIsAudited) {
  auto admin = enrolled("admin");
  const std::string soumu = departmentId(admin, "総務課");
  const std::string supervisor = "/api/v1/admin/departments/supervisor?id=" + soumu;
  const std::string add = "/api/v1/admin/departments/substitutes?id=" + soumu;
  const std::string remove = "/api/v1/admin/departments/substitutes/remove?id=" + soumu;
  EXPECT_EQ(
      refusal(httpRequest(lgwan_, "POST", supervisor, admin.cookie, R"({"login":"taro"})"), 403),
      "csrf");
  EXPECT_EQ(refusal(apiCall(admin, "POST", supervisor, R"({"login":"nobody"})"), 400),
            "unknown-login");
  EXPECT_EQ(refusal(apiCall(admin, "POST", supervisor, R"({"login":"TARO; --"})"), 400),
            "unknown-login");
  EXPECT_EQ(refusal(apiCall(admin, "POST", supervisor, "{}"), 400), "invalid-argument");
  EXPECT_EQ(refusal(apiCall(admin, "POST", supervisor, R"({"login":7})"), 400), "invalid-argument");
  EXPECT_EQ(refusal(apiCall(admin, "POST", supervisor, "[]"), 400), "invalid-argument");
  EXPECT_EQ(
      refusal(apiCall(admin, "POST", "/api/v1/admin/departments/supervisor?id=999", "{}"), 404),
      "not-found");
  EXPECT_EQ(refusal(apiCall(admin, "POST", "/api/v1/admin/departments/supervisor?id=x", "{}"), 400),
            "invalid-argument");

  auto set = apiCall(admin, "POST", supervisor, R"({"login":"taro"})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(json::parse(set.body)["department"]["supervisor_login"], "taro");

  for (const auto& [order, slug] : std::vector<std::pair<std::string, std::string>>{
           {R"({"login":"kansa","from":"2026-02-30"})", "bad-date"},
           {R"({"login":"kansa","until":"2026/03/01"})", "bad-date"},
           {R"({"login":"kansa","from":"1969-12-31"})", "bad-date"},
           {R"({"login":"kansa","from":"2026-04-02","until":"2026-04-01"})", "period-reversed"},
           {R"({"login":"nobody"})", "unknown-login"},
           {std::string(R"({"login":")") + std::string(5000, 'a') + R"("})", "unknown-login"}}) {
    EXPECT_EQ(refusal(apiCall(admin, "POST", add, order), 400), slug) << order.substr(0, 80);
  }
  auto added =
      apiCall(admin, "POST", add, R"({"login":"kansa","from":"2020-01-01","until":"2099-12-31"})");
  ASSERT_EQ(added.status, 200) << added.body;
  json subs = json::parse(added.body)["department"]["substitutes"];
  ASSERT_EQ(subs.size(), 1u) << added.body;
  EXPECT_EQ(subs[0]["login"], "kansa");
  EXPECT_EQ(subs[0]["from"], "2020-01-01");
  EXPECT_EQ(subs[0]["until"], "2099-12-31");
  EXPECT_EQ(subs[0]["valid_from"], 1577804400);  // 2020-01-01 00:00 JST
  EXPECT_TRUE(subs[0]["active"].get<bool>());
  // Listed with the department; a later period of the same person replaces the earlier one.
  auto later = apiCall(admin, "POST", add, R"({"login":"kansa","from":"2098-01-01"})");
  ASSERT_EQ(later.status, 200) << later.body;
  subs = json::parse(later.body)["department"]["substitutes"];
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_FALSE(subs[0]["active"].get<bool>());
  EXPECT_EQ(subs[0]["until"], "");
  auto listed = apiCall(admin, "GET", "/api/v1/admin/departments");
  EXPECT_NE(listed.body.find("\"from\":\"2098-01-01\""), std::string::npos) << listed.body;

  EXPECT_EQ(refusal(apiCall(admin, "POST", remove, R"({"login":"taro"})"), 400),
            "not-a-substitute");
  auto removed = apiCall(admin, "POST", remove, R"({"login":"kansa"})");
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_TRUE(json::parse(removed.body)["department"]["substitutes"].empty());
  auto cleared = apiCall(admin, "POST", supervisor, R"({"login":null})");
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(json::parse(cleared.body)["department"]["supervisor_id"].is_null());

  // A disabled user can be neither.
  std::string kansa_id;
  const json users = json::parse(apiCall(admin, "GET", "/api/v1/admin/users").body);
  for (const auto& user : users["users"]) {
    if (user["login"] == "kansa") kansa_id = user["id"].dump();
  }
  ASSERT_EQ(apiCall(admin, "POST", "/api/v1/admin/users/disable?id=" + kansa_id, "{}").status, 200);
  EXPECT_EQ(refusal(apiCall(admin, "POST", add, R"({"login":"kansa"})"), 400), "user-disabled");
  EXPECT_EQ(refusal(apiCall(admin, "POST", supervisor, R"({"login":"kansa"})"), 400),
            "user-disabled");

  // Recorded as `sanso user supervisor` and `sanso dept substitute-*` record them, by the admin.
  const std::string admin_id =
      json::parse(apiCall(admin, "GET", "/api/v1/me").body)["user"]["id"].dump();
  auto records = auditRecords(admin, {"user.supervisor", "dept.supervisor_clear",
                                      "dept.substitute_add", "dept.substitute_remove"});
  std::vector<std::string> actions;
  for (const auto& record : records) {
    actions.push_back(record["action"]);
    EXPECT_EQ(record["actor"], admin_id);
    EXPECT_EQ(record["details"]["via"], "api");
    EXPECT_EQ(record["details"]["department"], "総務課");
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"dept.supervisor_clear", "dept.substitute_remove",
                                               "dept.substitute_add", "dept.substitute_add",
                                               "user.supervisor"}));
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(records[0]["object_id"], "department:" + soumu);
  EXPECT_EQ(records[0]["details"]["login"], "taro");            // the supervisor it had
  EXPECT_EQ(records[3]["details"]["valid_until"], 4102412399);  // 2099-12-31 23:59:59 JST
  EXPECT_EQ(records[4]["details"]["login"], "taro");
}

TEST_F(ServeAdmin, AnAdministratorResetsAPasswordAndTheUsersSessionsEnd) {
  auto admin = enrolled("admin");
  auto taro = test::loginSession(lgwan_, "taro", kPassword);
  const std::string taro_id =
      json::parse(apiCall(taro, "GET", "/api/v1/me").body)["user"]["id"].dump();
  const std::string reset = "/api/v1/admin/users/password?id=" + taro_id;
  EXPECT_EQ(refusal(httpRequest(lgwan_, "POST", reset, admin.cookie, R"({"generate":true})"), 403),
            "csrf");
  for (const char* body : {"{}", R"({"generate":false})", R"({"generate":"yes"})",
                           R"({"generate":true,"password":"another long password"})"}) {
    EXPECT_EQ(refusal(apiCall(admin, "POST", reset, body), 400), "invalid-argument") << body;
  }
  EXPECT_EQ(refusal(apiCall(admin, "POST", reset, R"({"password":"short"})"), 400),
            "password-rules");
  EXPECT_EQ(refusal(apiCall(admin, "POST", reset, R"({"password":"twelve chars\nnewline"})"), 400),
            "password-rules");
  EXPECT_EQ(
      refusal(apiCall(admin, "POST", reset, R"({"password":")" + std::string(257, 'x') + R"("})"),
              400),
      "password-rules");
  EXPECT_EQ(
      refusal(apiCall(admin, "POST", "/api/v1/admin/users/password?id=999", R"({"generate":true})"),
              404),
      "not-found");
  const std::string admin_id =
      json::parse(apiCall(admin, "GET", "/api/v1/me").body)["user"]["id"].dump();
  EXPECT_EQ(refusal(apiCall(admin, "POST", "/api/v1/admin/users/password?id=" + admin_id,
                            R"({"generate":true})"),
                    400),
            "self-password");
  EXPECT_EQ(apiCall(taro, "GET", "/api/v1/me").status, 200);  // nothing changed so far

  auto generated = apiCall(admin, "POST", reset, R"({"generate":true})");
  ASSERT_EQ(generated.status, 200) << generated.body;
  const std::string password = json::parse(generated.body)["generated_password"];
  EXPECT_EQ(password.size(), 20u);
  EXPECT_EQ(apiCall(taro, "GET", "/api/v1/me").status, 401);  // its sessions ended
  EXPECT_EQ(httpRequest(lgwan_, "POST", "/api/v1/login", "",
                        json({{"login", "taro"}, {"password", kPassword}}).dump())
                .status,
            401);
  // The reset password is temporary: until taro changes it, only the account's own routes work.
  auto reset_session = test::loginSession(lgwan_, "taro", password);
  auto me = apiCall(reset_session, "GET", "/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json::parse(me.body)["user"]["must_change_password"], true);
  EXPECT_EQ(refusal(apiCall(reset_session, "GET", "/api/v1/transfers?box=inbox"), 403),
            "password-change-required");
  EXPECT_EQ(refusal(apiCall(reset_session, "GET", "/api/v1/policy"), 403),
            "password-change-required");
  auto own_choice = apiCall(
      reset_session, "POST", "/api/v1/me/password",
      json({{"current_password", password}, {"new_password", "taro's own choice now"}}).dump());
  ASSERT_EQ(own_choice.status, 200) << own_choice.body;
  EXPECT_EQ(
      json::parse(apiCall(reset_session, "GET", "/api/v1/me").body)["user"]["must_change_password"],
      false);
  EXPECT_EQ(apiCall(reset_session, "GET", "/api/v1/transfers?box=inbox").status, 200);

  auto chosen = apiCall(admin, "POST", reset, R"({"password":"an administrator's choice"})");
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  EXPECT_FALSE(json::parse(chosen.body).contains("generated_password"));
  EXPECT_EQ(chosen.body.find("choice"), std::string::npos);
  test::loginSession(lgwan_, "taro", "an administrator's choice");

  // Two resets by the administrator, and taro's own change in between.
  std::vector<json> records;
  int own_changes = 0;
  for (const auto& record : auditRecords(admin, {"user.passwd"})) {
    if (record["actor"] == taro_id) {
      ++own_changes;
      EXPECT_EQ(record["object_id"], taro_id);
    } else {
      records.push_back(record);
    }
  }
  EXPECT_EQ(own_changes, 1);
  ASSERT_EQ(records.size(), 2u);
  for (const auto& record : records) {
    EXPECT_EQ(record["actor"], admin_id);
    EXPECT_EQ(record["object_id"], taro_id);
    EXPECT_EQ(record["details"]["login"], "taro");
    EXPECT_EQ(record["details"]["via"], "api");
    EXPECT_EQ(record.dump().find(password), std::string::npos);
    EXPECT_EQ(record.dump().find("choice"), std::string::npos);
  }
  EXPECT_FALSE(records[0]["details"]["generated"].get<bool>());
  EXPECT_TRUE(records[1]["details"]["generated"].get<bool>());
}

TEST_F(ServeAdmin, EveryUserChangesTheirOwnPasswordWithTheCurrentOne) {
  auto taro = test::loginSession(lgwan_, "taro", kPassword);
  auto other = test::loginSession(lgwan_, "taro", kPassword);  // e.g. another browser
  const std::string next = "新しいパスワード、十二文字以上";
  auto change = [&](const std::string& current, const std::string& wanted) {
    return apiCall(taro, "POST", "/api/v1/me/password",
                   json({{"current_password", current}, {"new_password", wanted}}).dump());
  };
  EXPECT_EQ(
      refusal(httpRequest(lgwan_, "POST", "/api/v1/me/password", taro.cookie,
                          json({{"current_password", kPassword}, {"new_password", next}}).dump()),
              403),
      "csrf");
  EXPECT_EQ(refusal(httpRequest(lgwan_, "POST", "/api/v1/me/password", "", "{}"), 401),
            "no-session");
  EXPECT_EQ(refusal(change("wrong password!", next), 403), "wrong-password");
  EXPECT_EQ(refusal(change(kPassword, "short"), 400), "password-rules");
  EXPECT_EQ(refusal(change(kPassword, kPassword), 400), "password-unchanged");
  EXPECT_EQ(refusal(apiCall(taro, "POST", "/api/v1/me/password", "not json"), 400),
            "invalid-argument");
  EXPECT_EQ(apiCall(other, "GET", "/api/v1/me").status, 200);

  auto changed = change(kPassword, next);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(apiCall(taro, "GET", "/api/v1/me").status, 200);   // this session stays
  EXPECT_EQ(apiCall(other, "GET", "/api/v1/me").status, 401);  // the others end
  test::loginSession(lgwan_, "taro", next);

  auto admin = enrolled("admin");
  auto records = auditRecords(admin, {"user.passwd", "user.passwd_failure"});
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["action"], "user.passwd");
  EXPECT_EQ(records[0]["actor"], records[0]["object_id"]);
  EXPECT_TRUE(records[0]["details"]["self"].get<bool>());
  EXPECT_EQ(records[1]["action"], "user.passwd_failure");
  for (const auto& record : records) EXPECT_EQ(record.dump().find(next), std::string::npos);
}

TEST_F(ServeAdmin, TheCliPasswdEndsTheUsersSessionsLikeTheApi) {
  auto taro = test::loginSession(lgwan_, "taro", kPassword);
  ASSERT_EQ(apiCall(taro, "GET", "/api/v1/me").status, 200);
  int code = -1;
  std::string out =
      test::runCommand("echo 'a password set by the cli' | " + test::shellQuote(SANSO_BINARY) +
                           " user passwd --data " + test::shellQuote(data_) + " --login taro 2>&1",
                       &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(apiCall(taro, "GET", "/api/v1/me").status, 401);
  test::loginSession(lgwan_, "taro", "a password set by the cli");
}

TEST_F(ServeAdmin, ATamperedChainIsReportedWithItsRecord) {
  auto auditor = enrolled("kansa");
  {
    auto db = store::Database::open(data_ + "/" + audit::kAuditDatabaseFile);
    ASSERT_TRUE(db.isOk());
    auto tx = (*db)->begin();
    ASSERT_TRUE(tx.isOk());
    ASSERT_TRUE(tx->exec("DROP TRIGGER audit_records_no_update;"
                         "UPDATE audit_records SET actor = 'someone' WHERE seq = 2;")
                    .isOk());
    ASSERT_TRUE(tx->commit().isOk());
  }
  auto verify = apiCall(auditor, "GET", "/api/v1/audit/verify");
  ASSERT_EQ(verify.status, 200) << verify.body;
  json report = json::parse(verify.body);
  EXPECT_FALSE(report["ok"].get<bool>());
  EXPECT_EQ(report["problem"]["kind"], "edited");
  EXPECT_EQ(report["problem"]["seq"], 2);
}

}  // namespace
}  // namespace sanso
