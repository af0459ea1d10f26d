// Runs the real `sanso serve` on ephemeral ports with accounts made by `sanso user add`, and
// checks the account API's security properties from the outside: the zone is the listener's,
// sessions do not cross listeners, CSRF is required, brute force locks out, administrators
// are held to TOTP enrolment, SIGTERM shuts down cleanly and the audit chain verifies.
#include <gtest/gtest.h>

#include <regex>

#include "support/http_client.h"
#include "support/serve_process.h"
#include "support/test_util.h"

namespace sanso {
namespace {

using test::httpRequest;
using test::shellQuote;

constexpr const char* kPassword = "correct horse battery";

class ServeApi : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.file("data");
    const std::string pack = test::defaultPackPath();
    test::addUserWithCli(data_, "taro", "情報政策課", "staff", pack, kPassword);
    test::addUserWithCli(data_, "admin", "情報政策課", "security-manager", pack, kPassword);
    test::writeServeConfig(dir_.file("sanso.toml"), pack);
    server_.start(dir_.file("sanso.toml"));
    lgwan_ = server_.lgwan();
    internet_ = server_.internet();
  }

  test::TempDir dir_;
  std::string data_;
  test::ServeProcess server_;
  uint16_t lgwan_ = 0;
  uint16_t internet_ = 0;
};

TEST_F(ServeApi, ZoneIsTheListenersAndSessionsDoNotCrossListeners) {
  auto health = httpRequest(internet_, "GET", "/api/v1/health",
                            "X-Sanso-Zone: lgwan\r\nForwarded: for=lgwan\r\n");
  EXPECT_NE(health.body.find("\"zone\":\"internet\""), std::string::npos) << health.body;
  EXPECT_EQ(health.status, 200);
  EXPECT_NE(health.body.find("\"audit\":\"ok\""), std::string::npos) << health.body;
  std::string cookie = test::loginSession(internet_, "taro", kPassword).cookie;
  ASSERT_FALSE(cookie.empty());
  EXPECT_EQ(httpRequest(internet_, "GET", "/api/v1/me", cookie).status, 200);
  // The internet listener's cookie, renamed for the LGWAN listener, is still refused there.
  std::string renamed =
      std::regex_replace(cookie, std::regex("sanso_session_internet"), "sanso_session_lgwan");
  EXPECT_EQ(httpRequest(lgwan_, "GET", "/api/v1/me", renamed).status, 401);
  EXPECT_EQ(httpRequest(lgwan_, "GET", "/api/v1/me", cookie).status, 401);
}

TEST_F(ServeApi, StateChangesNeedTheCsrfToken) {
  auto [port, cookie, csrf] = test::loginSession(lgwan_, "taro", kPassword);
  EXPECT_EQ(httpRequest(lgwan_, "POST", "/api/v1/logout", cookie).status, 403);
  EXPECT_EQ(
      httpRequest(lgwan_, "POST", "/api/v1/logout", cookie + "X-CSRF-Token: wrong\r\n").status,
      403);
  EXPECT_EQ(httpRequest(lgwan_, "POST", "/api/v1/logout", cookie + "X-CSRF-Token: " + csrf + "\r\n")
                .status,
            200);
  EXPECT_EQ(httpRequest(lgwan_, "GET", "/api/v1/me", cookie).status, 401);  // logged out
}

TEST_F(ServeApi, BruteForceIsLockedOutAndAdminsMustEnrolTotp) {
  for (int i = 0; i < 5; ++i) {
    auto reply =
        httpRequest(lgwan_, "POST", "/api/v1/login", "",
                    "{\"login\":\"taro\",\"password\":\"guess number " + std::to_string(i) + "\"}");
    EXPECT_EQ(reply.status, 401);
  }
  auto locked = httpRequest(lgwan_, "POST", "/api/v1/login", "",
                            std::string("{\"login\":\"taro\",\"password\":\"") + kPassword + "\"}");
  EXPECT_EQ(locked.status, 403);
  EXPECT_NE(locked.body.find("\"locked\""), std::string::npos) << locked.body;

  auto admin = httpRequest(lgwan_, "POST", "/api/v1/login", "",
                           std::string("{\"login\":\"admin\",\"password\":\"") + kPassword + "\"}");
  ASSERT_EQ(admin.status, 200);
  EXPECT_NE(admin.body.find("\"mfa_ok\":false"), std::string::npos) << admin.body;
  // A TOTP code can never be skipped by sending garbage instead of it.
  auto bad_json = httpRequest(lgwan_, "POST", "/api/v1/login", "", "{\"login\":");
  EXPECT_EQ(bad_json.status, 400);
}

TEST_F(ServeApi, ThePolicyNeedsALoginAndGivesThePacksZonesAndLevels) {
  auto anonymous = httpRequest(internet_, "GET", "/api/v1/policy");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_NE(anonymous.body.find("\"no-session\""), std::string::npos) << anonymous.body;
  // An administrator who has not enrolled TOTP yet cannot read it either.
  auto admin = test::loginSession(lgwan_, "admin", kPassword);
  EXPECT_EQ(test::apiCall(admin, "GET", "/api/v1/policy").status, 403);

  auto staff = test::loginSession(internet_, "taro", kPassword);
  auto reply = test::apiCall(staff, "GET", "/api/v1/policy");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_NE(reply.body.find("\"id\":\"internet\""), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find("\"id\":\"3A\""), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find("\"name\":\"機密性2\""), std::string::npos) << reply.body;
  EXPECT_EQ(test::apiCall(staff, "POST", "/api/v1/policy").status, 405);
}

TEST_F(ServeApi, SigtermStopsCleanlyAndTheAuditChainVerifies) {
  (void)test::loginSession(lgwan_, "taro", kPassword);
  (void)httpRequest(lgwan_, "POST", "/api/v1/login", "", "{\"login\":\"taro\",\"password\":\"x\"}");
  EXPECT_EQ(server_.terminate(), 0);
  int code = -1;
  std::string verify = test::runCommand(
      shellQuote(SANSO_BINARY) + " audit verify --data " + shellQuote(data_), &code);
  EXPECT_EQ(code, 0) << verify;
  std::string exported = test::runCommand(
      shellQuote(SANSO_BINARY) + " audit export --format jsonl --data " + shellQuote(data_));
  EXPECT_NE(exported.find("login.success"), std::string::npos);
  EXPECT_NE(exported.find("login.failure"), std::string::npos);
  EXPECT_EQ(exported.find(kPassword), std::string::npos);  // never a password in the log
}

}  // namespace
}  // namespace sanso
