#include "sanso/icap/server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>

namespace sanso::icap {
namespace {

// Waits until `fd` is ready for `events`, at most `timeout_ms`; blocked "icap-timeout".
Status waitFor(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  while (true) {
    int n = ::poll(&p, 1, timeout_ms);
    if (n > 0) return Status::ok();
    if (n == 0) return Status::blocked("icap-timeout", "connection idle past the timeout");
    if (errno != EINTR) return Status::ioError(std::string("poll: ") + std::strerror(errno));
  }
}

// Before close: sends FIN and reads what the client still sends (a body we answered without
// reading it), for at most 2 s and 16 MB, so that close() does not answer it with a reset
// that could destroy our response before the client read it.
void lingeringClose(int fd) {
  ::shutdown(fd, SHUT_WR);
  char discard[16 << 10];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (int i = 0; i < 1024; ++i) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return;
    ssize_t n = ::recv(fd, discard, sizeof(discard), 0);
    if (n <= 0) return;
  }
}

class SocketStream : public Source, public Sink {
 public:
  SocketStream(int fd, int timeout_ms) : fd_(fd), timeout_ms_(timeout_ms) {}

  Result<size_t> read(char* data, size_t size) override {
    while (true) {
      SANSO_RETURN_IF_ERROR(waitFor(fd_, POLLIN, timeout_ms_));
      ssize_t n = ::recv(fd_, data, size, 0);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR && errno != EAGAIN) {
        return Status::ioError(std::string("recv: ") + std::strerror(errno));
      }
    }
  }

  Result<bool> waitReadable(int timeout_ms) override {
    Status ready = waitFor(fd_, POLLIN, timeout_ms);
    if (ready.isOk()) return true;
    if (ready.reason() == "icap-timeout") return false;
    return ready;
  }

  Status write(std::string_view data) override {
    while (!data.empty()) {
      SANSO_RETURN_IF_ERROR(waitFor(fd_, POLLOUT, timeout_ms_));
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        return Status::ioError(std::string("send: ") + std::strerror(errno));
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return Status::ok();
  }

 private:
  int fd_;
  int timeout_ms_;
};

}  // namespace

struct Server::State {
  const IcapConfig& config;
  const Service& service;
  int listen_fd = -1;
  int wake[2] = {-1, -1};  // a pipe: the accept loop stops when it becomes readable
  uint16_t port = 0;
  std::thread acceptor;
  std::mutex mutex;
  std::condition_variable idle;
  std::set<int> connections;  // open connection sockets
  bool stopped = false;

  State(const IcapConfig& c, const Service& s) : config(c), service(s) {}

  void acceptLoop() {
    while (true) {
      pollfd fds[2] = {{listen_fd, POLLIN, 0}, {wake[0], POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0) {
        if (errno == EINTR) continue;
        return;
      }
      if (fds[1].revents != 0) return;
      int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      std::unique_lock<std::mutex> lock(mutex);
      if (connections.size() >= config.max_connections) {
        lock.unlock();
        static constexpr std::string_view kBusy =
            "ICAP/1.0 503 Service Unavailable\r\nConnection: close\r\n"
            "Encapsulated: null-body=0\r\n\r\n";
        (void)::send(fd, kBusy.data(), kBusy.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        ::close(fd);
        continue;
      }
      connections.insert(fd);
      lock.unlock();
      std::thread([this, fd] {
        SocketStream stream(fd, static_cast<int>(config.timeout_seconds * 1000));
        service.serveConnection(stream, stream);
        lingeringClose(fd);
        std::lock_guard<std::mutex> guard(mutex);
        connections.erase(fd);
        ::close(fd);
        idle.notify_all();
      }).detach();
    }
  }
};

Result<std::unique_ptr<Server>> Server::start(const IcapConfig& config, const Service& service) {
  auto state = std::make_unique<State>(config, service);
  sockaddr_storage address{};
  socklen_t length = 0;
  int family = AF_INET;
  if (config.host.find(':') != std::string::npos) {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&address);
    in6->sin6_family = family = AF_INET6;
    in6->sin6_port = htons(config.port);
    if (inet_pton(AF_INET6, config.host.c_str(), &in6->sin6_addr) != 1) {
      return Status::invalidArgument("bad listen address " + config.host);
    }
    length = sizeof(sockaddr_in6);
  } else {
    auto* in4 = reinterpret_cast<sockaddr_in*>(&address);
    in4->sin_family = AF_INET;
    in4->sin_port = htons(config.port);
    if (inet_pton(AF_INET, config.host.c_str(), &in4->sin_addr) != 1) {
      return Status::invalidArgument("bad listen address " + config.host);
    }
    length = sizeof(sockaddr_in);
  }
  state->listen_fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (state->listen_fd < 0) return Status::ioError("socket failed");
  int one = 1;
  ::setsockopt(state->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (::bind(state->listen_fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::listen(state->listen_fd, 128) != 0) {
    Status status = Status::ioError("cannot listen on " + config.host + ":" +
                                    std::to_string(config.port) + ": " + std::strerror(errno));
    ::close(state->listen_fd);
    return status;
  }
  length = sizeof(address);
  ::getsockname(state->listen_fd, reinterpret_cast<sockaddr*>(&address), &length);
  state->port = ntohs(family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&address)->sin6_port
                                         : reinterpret_cast<sockaddr_in*>(&address)->sin_port);
  if (::pipe2(state->wake, O_CLOEXEC) != 0) {
    ::close(state->listen_fd);
    return Status::ioError("pipe failed");
  }
  State* raw = state.get();
  state->acceptor = std::thread([raw] { raw->acceptLoop(); });
  return std::unique_ptr<Server>(new Server(std::move(state)));
}

Server::Server(std::unique_ptr<State> state) : state_(std::move(state)) {}

Server::~Server() { stop(); }

uint16_t Server::port() const { return state_->port; }

void Server::stop() {
  if (state_->stopped) return;
  state_->stopped = true;
  char byte = 0;
  (void)!::write(state_->wake[1], &byte, 1);
  state_->acceptor.join();
  ::close(state_->listen_fd);
  std::unique_lock<std::mutex> lock(state_->mutex);
  for (int fd : state_->connections) ::shutdown(fd, SHUT_RDWR);
  state_->idle.wait(lock, [this] { return state_->connections.empty(); });
  ::close(state_->wake[0]);
  ::close(state_->wake[1]);
}

}  // namespace sanso::icap
