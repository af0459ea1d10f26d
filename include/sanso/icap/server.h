// The ICAP listener: accepts connections on one TCP address and serves each on its own
// thread through a Service, up to max_connections at once.
#pragma once

#include <memory>

#include "sanso/common/status.h"
#include "sanso/icap/config.h"
#include "sanso/icap/service.h"

namespace sanso::icap {

class Server {
 public:
  // Listens on config.host:config.port (port 0: any free port). `config` and `service` must
  // outlive the server.
  static Result<std::unique_ptr<Server>> start(const IcapConfig& config, const Service& service);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  // Stops (see stop()).
  ~Server();

  // The port it listens on.
  uint16_t port() const;
  // Stops accepting, shuts the open connections down and waits for their threads.
  void stop();

  struct State;

 private:
  explicit Server(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sanso::icap
