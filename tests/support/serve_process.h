// The real `sanso serve` for integration tests: started on ephemeral ports, accounts made with
// `sanso user add`, and logged-in API sessions (cookie and CSRF token).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "support/http_client.h"

namespace sanso::test {

// The source tree's default policy pack.
std::string defaultPackPath();

// Writes a `sanso serve` configuration at `config_file`: data in "data" beside it, policy
// `pack`, the lgwan and internet listeners on ephemeral loopback ports.
void writeServeConfig(const std::string& config_file, const std::string& pack);

// `sanso user supervisor`: `login` becomes the supervisor of `department`; fails the test
// (ASSERT) when the command fails.
void setSupervisorWithCli(const std::string& data_dir, const std::string& login,
                          const std::string& department);

// `sanso user add` with `password` on stdin; fails the test when the command fails.
void addUserWithCli(const std::string& data_dir, const std::string& login,
                    const std::string& department, const std::string& role, const std::string& pack,
                    const std::string& password);

// A running `sanso serve --config FILE`, killed on destruction if still running.
class ServeProcess {
 public:
  ServeProcess() = default;
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // Starts the server and waits until it has printed the lgwan and internet listener URLs.
  // Fails the test (ASSERT) when it does not.
  void start(const std::string& config_file);
  // Sends SIGTERM and waits; returns the exit code (-1 unless it exited normally).
  int terminate();
  // Sends SIGKILL (a crash at this very moment) and waits until the process is gone.
  void kill();

  uint16_t lgwan() const { return lgwan_; }
  uint16_t internet() const { return internet_; }

 private:
  pid_t pid_ = -1;
  uint16_t lgwan_ = 0;
  uint16_t internet_ = 0;
};

struct ApiSession {
  uint16_t port = 0;
  std::string cookie;  // "Cookie: ...\r\n"
  std::string csrf;
};

// Logs `login` in on `port`; an empty session (and a test failure) when it does not work.
ApiSession loginSession(uint16_t port, const std::string& login, const std::string& password);

// Logs `login` in and enrols TOTP through the API (/me/totp/begin and /me/totp/confirm), as a
// user of an admin role must at the first login; test failures when that does not work.
ApiSession enrolledSession(uint16_t port, const std::string& login, const std::string& password);

// A request in `session`, with the CSRF header on methods other than GET.
HttpReply apiCall(const ApiSession& session, const std::string& method, const std::string& target,
                  const std::string& body = "");

}  // namespace sanso::test
