#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "sanso/gateway/mail.h"

namespace sanso::gateway {
namespace {

constexpr size_t kMaxReplyBytes = 64 * 1024;

class SmtpConnection {
 public:
  ~SmtpConnection() {
    if (fd_ >= 0) ::close(fd_);
  }

  Status connect(const SmtpRelay& relay) {
    sockaddr_storage address{};
    socklen_t length = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
    if (inet_pton(AF_INET, relay.host.c_str(), &v4->sin_addr) == 1) {
      v4->sin_family = AF_INET;
      v4->sin_port = htons(relay.port);
      length = sizeof *v4;
    } else if (inet_pton(AF_INET6, relay.host.c_str(), &v6->sin6_addr) == 1) {
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(relay.port);
      length = sizeof *v6;
    } else {
      return Status::invalidArgument("relay host must be a numeric address");
    }
    fd_ = ::socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return Status::ioError("socket: " + std::string(std::strerror(errno)));
    timeval timeout{static_cast<time_t>(relay.timeout.count()), 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0) {
      return Status::ioError("cannot reach the mail relay: " + std::string(std::strerror(errno)));
    }
    return Status::ok();
  }

  // Reads one (possibly multi-line) reply; ok when its code is in [min, max].
  Status expect(int min, int max, const std::string& step) {
    for (;;) {
      size_t end = buffer_.find("\r\n");
      while (end == std::string::npos) {
        if (buffer_.size() > kMaxReplyBytes) return Status::ioError("relay reply too long");
        char chunk[1024];
        ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return Status::ioError("relay closed the connection at " + step);
        buffer_.append(chunk, static_cast<size_t>(n));
        end = buffer_.find("\r\n");
      }
      std::string line = buffer_.substr(0, end);
      buffer_.erase(0, end + 2);
      if (line.size() < 3) return Status::ioError("malformed relay reply at " + step);
      if (line.size() > 3 && line[3] == '-') continue;  // more lines follow
      int code = std::atoi(line.substr(0, 3).c_str());
      if (code < min || code > max) {
        return Status::ioError("relay refused " + step + ": " + line.substr(0, 200));
      }
      return Status::ok();
    }
  }

  Status send(const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return Status::ioError("cannot write to the mail relay");
      done += static_cast<size_t>(n);
    }
    return Status::ok();
  }

  Status command(const std::string& line, int min, int max, const std::string& step) {
    SANSO_RETURN_IF_ERROR(send(line + "\r\n"));
    return expect(min, max, step);
  }

 private:
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace

Status sendMail(const SmtpRelay& relay, const std::string& from, const std::vector<std::string>& to,
                const std::string& data) {
  if (!isPlainAddress(from) || to.empty()) return Status::invalidArgument("bad envelope");
  SmtpConnection smtp;
  SANSO_RETURN_IF_ERROR(smtp.connect(relay));
  SANSO_RETURN_IF_ERROR(smtp.expect(220, 220, "greeting"));
  if (!smtp.command("EHLO sanso", 250, 250, "EHLO").isOk()) {
    SANSO_RETURN_IF_ERROR(smtp.command("HELO sanso", 250, 250, "HELO"));
  }
  SANSO_RETURN_IF_ERROR(smtp.command("MAIL FROM:<" + from + ">", 250, 250, "MAIL FROM"));
  for (const auto& recipient : to) {
    if (!isPlainAddress(recipient)) return Status::invalidArgument("bad recipient address");
    SANSO_RETURN_IF_ERROR(smtp.command("RCPT TO:<" + recipient + ">", 250, 251, "RCPT TO"));
  }
  SANSO_RETURN_IF_ERROR(smtp.command("DATA", 354, 354, "DATA"));
  SANSO_RETURN_IF_ERROR(smtp.send(data));
  SANSO_RETURN_IF_ERROR(smtp.command(".", 250, 250, "end of data"));
  (void)smtp.command("QUIT", 221, 221, "QUIT");
  return Status::ok();
}

}  // namespace sanso::gateway
