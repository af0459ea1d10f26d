#include "clamd_client.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sanso::sanitize::scan {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;
constexpr size_t kMaxReplyBytes = 4096;

Status unavailable(const std::string& message) {
  return Status::blocked("scanner-unavailable", "clamd: " + message);
}

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Waits until `fd` is ready for `events` within what is left until `deadline`.
bool waitFor(int fd, short events, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), 60000)));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

// False when the peer is gone or the deadline passes (clamd closes the connection after an
// INSTREAM size limit error; the reply is read after that).
bool sendAll(int fd, const uint8_t* data, size_t size,
             std::chrono::steady_clock::time_point deadline) {
  while (size > 0) {
    if (!waitFor(fd, POLLOUT, deadline)) return false;
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// Reads up to the terminating NUL (or end of stream) within the deadline and the length bound.
Result<std::string> readReply(int fd, std::chrono::steady_clock::time_point deadline) {
  std::string reply;
  char buf[512];
  for (;;) {
    if (!waitFor(fd, POLLIN, deadline)) return unavailable("no reply in time");
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return unavailable(std::string("cannot read the reply: ") + std::strerror(errno));
    }
    if (n == 0) break;
    reply.append(buf, static_cast<size_t>(n));
    if (reply.find('\0') != std::string::npos) break;
    if (reply.size() > kMaxReplyBytes) return unavailable("reply too long");
  }
  if (auto nul = reply.find('\0'); nul != std::string::npos) reply.resize(nul);
  while (!reply.empty() && (reply.back() == '\n' || reply.back() == '\r')) reply.pop_back();
  return reply;
}

Result<ClamdVerdict> parseReply(const std::string& reply) {
  const std::string prefix = "stream: ";
  if (reply.rfind(prefix, 0) != 0) return unavailable("unexpected reply '" + reply + "'");
  const std::string rest = reply.substr(prefix.size());
  if (rest == "OK") return ClamdVerdict{};
  const std::string found = " FOUND";
  if (rest.size() > found.size() &&
      rest.compare(rest.size() - found.size(), found.size(), found) == 0) {
    return ClamdVerdict{true, rest.substr(0, rest.size() - found.size())};
  }
  return unavailable(rest);
}

}  // namespace

Result<ClamdVerdict> clamdScan(const std::string& socket_path, ByteView data,
                               std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socket_path.empty() || socket_path.size() >= sizeof addr.sun_path) {
    return unavailable("socket path '" + socket_path + "' is empty or too long");
  }
  std::memcpy(addr.sun_path, socket_path.data(), socket_path.size());
  Socket sock(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (sock.fd() < 0) return unavailable(std::string("socket: ") + std::strerror(errno));
  if (::connect(sock.fd(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    if (errno != EINPROGRESS) {
      return unavailable("cannot connect to " + socket_path + ": " + std::strerror(errno));
    }
    int err = 0;
    socklen_t len = sizeof err;
    if (!waitFor(sock.fd(), POLLOUT, deadline) ||
        ::getsockopt(sock.fd(), SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
      return unavailable("cannot connect to " + socket_path);
    }
  }
  static const char kCommand[] = "zINSTREAM";  // sent with its terminating NUL
  bool sent = sendAll(sock.fd(), reinterpret_cast<const uint8_t*>(kCommand), sizeof kCommand,
                      deadline);
  for (size_t offset = 0; sent && offset < data.size(); offset += kChunkBytes) {
    const size_t n = std::min(kChunkBytes, data.size() - offset);
    const uint8_t header[4] = {static_cast<uint8_t>(n >> 24), static_cast<uint8_t>(n >> 16),
                               static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)};
    sent = sendAll(sock.fd(), header, sizeof header, deadline) &&
           sendAll(sock.fd(), data.data() + offset, n, deadline);
  }
  if (sent) {
    const uint8_t end[4] = {0, 0, 0, 0};
    sent = sendAll(sock.fd(), end, sizeof end, deadline);
  }
  // clamd may stop reading and answer early (size limit): its reply says why.
  SANSO_ASSIGN_OR_RETURN(std::string reply, readReply(sock.fd(), deadline));
  if (reply.empty()) return unavailable(sent ? "empty reply" : "connection lost while sending");
  return parseReply(reply);
}

}  // namespace sanso::sanitize::scan
