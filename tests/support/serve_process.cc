#include "support/serve_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <regex>

#include "sanso/auth/totp.h"
#include "support/test_util.h"

namespace sanso::test {
namespace {

// RFC 4648 base32 without padding, as /me/totp/begin gives the secret.
std::vector<uint8_t> fromBase32(const std::string& text) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::vector<uint8_t> bytes;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    size_t value = alphabet.find(c);
    if (value == std::string::npos) continue;
    buffer = (buffer << 5) | static_cast<uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<uint8_t>((buffer >> bits) & 0xff));
    }
  }
  return bytes;
}

}  // namespace

std::string defaultPackPath() {
  return std::string(SANSO_SOURCE_DIR) + "/policy/default/basic-policy.yaml";
}

void writeServeConfig(const std::string& config_file, const std::string& pack) {
  writeFileOrDie(config_file, "data_dir = \"data\"\npolicy = \"" + pack +
                                  "\"\n[listen]\nlgwan = \"127.0.0.1:0\"\n"
                                  "internet = \"127.0.0.1:0\"\n");
}

void setSupervisorWithCli(const std::string& data_dir, const std::string& login,
                          const std::string& department) {
  int code = -1;
  std::string out = runCommand(shellQuote(SANSO_BINARY) + " user supervisor --data " +
                                   shellQuote(data_dir) + " --login " + shellQuote(login) +
                                   " --department " + shellQuote(department) + " 2>&1",
                               &code);
  ASSERT_EQ(code, 0) << "sanso user supervisor " << login << ": " << out;
}

void addUserWithCli(const std::string& data_dir, const std::string& login,
                    const std::string& department, const std::string& role, const std::string& pack,
                    const std::string& password) {
  int code = -1;
  runCommand("echo " + shellQuote(password) + " | " + shellQuote(SANSO_BINARY) +
                 " user add --password-stdin --data " + shellQuote(data_dir) + " --login " +
                 shellQuote(login) + " --department " + shellQuote(department) + " --role " +
                 shellQuote(role) + " --policy " + shellQuote(pack),
             &code);
  EXPECT_EQ(code, 0) << "sanso user add " << login;
}

ServeProcess::~ServeProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void ServeProcess::start(const std::string& config_file) {
  lgwan_ = internet_ = 0;
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    ::execl(SANSO_BINARY, SANSO_BINARY, "serve", "--config", config_file.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  std::string printed;
  char buffer[256];
  const std::regex line("(lgwan|internet): http://127\\.0\\.0\\.1:([0-9]+)/");
  while (lgwan_ == 0 || internet_ == 0) {
    ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n <= 0) {
      ::close(out[0]);
      FAIL() << "server did not start: " << printed;
    }
    printed.append(buffer, static_cast<size_t>(n));
    for (std::sregex_iterator it(printed.begin(), printed.end(), line), end; it != end; ++it) {
      uint16_t port = static_cast<uint16_t>(std::stoi((*it)[2]));
      ((*it)[1] == "lgwan" ? lgwan_ : internet_) = port;
    }
  }
  ::close(out[0]);
}

int ServeProcess::terminate() {
  if (pid_ <= 0 || ::kill(pid_, SIGTERM) != 0) return -1;
  int status = 0;
  pid_t waited = ::waitpid(pid_, &status, 0);
  pid_ = -1;
  if (waited <= 0 || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

void ServeProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

ApiSession loginSession(uint16_t port, const std::string& login, const std::string& password) {
  auto reply = httpRequest(port, "POST", "/api/v1/login", "",
                           "{\"login\":\"" + login + "\",\"password\":\"" + password + "\"}");
  EXPECT_EQ(reply.status, 200) << reply.body;
  std::smatch cookie;
  std::smatch csrf;
  if (!std::regex_search(reply.headers, cookie,
                         std::regex("Set-Cookie: (sanso_session_[a-z]+=[A-Za-z0-9_-]+);")) ||
      !std::regex_search(reply.body, csrf, std::regex("\"csrf_token\":\"([A-Za-z0-9_-]+)\""))) {
    ADD_FAILURE() << "no session in the login reply";
    return {};
  }
  return {port, "Cookie: " + cookie[1].str() + "\r\n", csrf[1].str()};
}

ApiSession enrolledSession(uint16_t port, const std::string& login, const std::string& password) {
  ApiSession session = loginSession(port, login, password);
  auto begin = apiCall(session, "POST", "/api/v1/me/totp/begin");
  EXPECT_EQ(begin.status, 200) << begin.body;
  if (begin.status != 200) return session;
  auto secret = fromBase32(nlohmann::json::parse(begin.body)["secret"].get<std::string>());
  nlohmann::json code = {{"code", auth::totpCode(secret, std::time(nullptr))}};
  auto confirm = apiCall(session, "POST", "/api/v1/me/totp/confirm", code.dump());
  EXPECT_EQ(confirm.status, 200) << confirm.body;
  return session;
}

HttpReply apiCall(const ApiSession& session, const std::string& method, const std::string& target,
                  const std::string& body) {
  std::string headers = session.cookie;
  if (method != "GET") headers += "X-CSRF-Token: " + session.csrf + "\r\n";
  return httpRequest(session.port, method, target, headers, body);
}

}  // namespace sanso::test
