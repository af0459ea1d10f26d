// Runs the real `sanso serve` on ephemeral ports with accounts made by `sanso user add`, and
// checks the account API's security properties from the outside: the zone is the listener's,
// sessions do not cross listeners, CSRF is required, brute force locks out, administrators
// are held to TOTP enrolment, SIGTERM shuts down cleanly and the audit chain verifies.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>

#include "support/http_client.h"
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
    addUser("taro", "staff");
    addUser("admin", "security-manager");
    test::writeFileOrDie(dir_.file("sanso.toml"),
                         "data_dir = \"data\"\n"
                         "policy = \"" +
                             std::string(SANSO_SOURCE_DIR) +
                             "/policy/default/basic-policy.yaml\"\n"
                             "[listen]\nlgwan = \"127.0.0.1:0\"\ninternet = \"127.0.0.1:0\"\n");
    startServer();
  }

  void TearDown() override {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  void addUser(const std::string& login, const std::string& role) {
    int code = -1;
    test::runCommand(
        "echo " + shellQuote(kPassword) + " | " + shellQuote(SANSO_BINARY) +
            " user add --password-stdin --data " + shellQuote(data_) + " --login " + login +
            " --department 情報政策課 --role " + role + " --policy " +
            shellQuote(std::string(SANSO_SOURCE_DIR) + "/policy/default/basic-policy.yaml"),
        &code);
    ASSERT_EQ(code, 0) << login;
  }

  void startServer() {
    int out[2];
    ASSERT_EQ(::pipe(out), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      ::execl(SANSO_BINARY, SANSO_BINARY, "serve", "--config", dir_.file("sanso.toml").c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    std::string printed;
    char buffer[256];
    const std::regex line("(lgwan|internet): http://127\\.0\\.0\\.1:([0-9]+)/");
    while (lgwan_ == 0 || internet_ == 0) {
      ssize_t n = ::read(out[0], buffer, sizeof buffer);
      ASSERT_GT(n, 0) << "server did not start: " << printed;
      printed.append(buffer, static_cast<size_t>(n));
      for (std::sregex_iterator it(printed.begin(), printed.end(), line), end; it != end; ++it) {
        uint16_t port = static_cast<uint16_t>(std::stoi((*it)[2]));
        ((*it)[1] == "lgwan" ? lgwan_ : internet_) = port;
      }
    }
    ::close(out[0]);
  }

  // Logs in on `port`; returns the Cookie header line and the CSRF token.
  std::pair<std::string, std::string> login(uint16_t port, const std::string& user) {
    auto reply = httpRequest(port, "POST", "/api/v1/login", "",
                             "{\"login\":\"" + user + "\",\"password\":\"" + kPassword + "\"}");
    EXPECT_EQ(reply.status, 200) << reply.body;
    std::smatch cookie;
    std::regex set_cookie("Set-Cookie: (sanso_session_[a-z]+=[A-Za-z0-9_-]+);");
    if (!std::regex_search(reply.headers, cookie, set_cookie)) return {};
    std::smatch csrf;
    std::regex_search(reply.body, csrf, std::regex("\"csrf_token\":\"([A-Za-z0-9_-]+)\""));
    return {"Cookie: " + cookie[1].str() + "\r\n", csrf[1].str()};
  }

  test::TempDir dir_;
  std::string data_;
  pid_t pid_ = -1;
  uint16_t lgwan_ = 0;
  uint16_t internet_ = 0;
};

TEST_F(ServeApi, ZoneIsTheListenersAndSessionsDoNotCrossListeners) {
  auto health = httpRequest(internet_, "GET", "/api/v1/health",
                            "X-Sanso-Zone: lgwan\r\nForwarded: for=lgwan\r\n");
  EXPECT_NE(health.body.find("\"zone\":\"internet\""), std::string::npos) << health.body;
  auto [cookie, csrf] = login(internet_, "taro");
  ASSERT_FALSE(cookie.empty());
  EXPECT_EQ(httpRequest(internet_, "GET", "/api/v1/me", cookie).status, 200);
  // The internet listener's cookie, renamed for the LGWAN listener, is still refused there.
  std::string renamed =
      std::regex_replace(cookie, std::regex("sanso_session_internet"), "sanso_session_lgwan");
  EXPECT_EQ(httpRequest(lgwan_, "GET", "/api/v1/me", renamed).status, 401);
  EXPECT_EQ(httpRequest(lgwan_, "GET", "/api/v1/me", cookie).status, 401);
}

TEST_F(ServeApi, StateChangesNeedTheCsrfToken) {
  auto [cookie, csrf] = login(lgwan_, "taro");
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

TEST_F(ServeApi, SigtermStopsCleanlyAndTheAuditChainVerifies) {
  (void)login(lgwan_, "taro");
  (void)httpRequest(lgwan_, "POST", "/api/v1/login", "", "{\"login\":\"taro\",\"password\":\"x\"}");
  ASSERT_EQ(::kill(pid_, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid_, &status, 0), pid_);
  pid_ = -1;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
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
