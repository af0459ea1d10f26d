#include "support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sanso::test {

int connectLoopback(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return fd;
}

void sendAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

std::string receiveAll(int fd) {
  std::string out;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

std::string roundTrip(uint16_t port, const std::string& request) {
  int fd = connectLoopback(port);
  if (fd < 0) return {};
  sendAll(fd, request);
  std::string response = receiveAll(fd);
  ::close(fd);
  return response;
}

HttpReply httpRequest(uint16_t port, const std::string& method, const std::string& target,
                      const std::string& extra_headers, const std::string& body) {
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n" +
                        extra_headers + "Content-Length: " + std::to_string(body.size()) +
                        "\r\n\r\n" + body;
  std::string raw = roundTrip(port, request);
  HttpReply reply;
  size_t head_end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || head_end == std::string::npos) return reply;
  reply.status = std::stoi(raw.substr(9, 3));
  reply.headers = raw.substr(0, head_end);
  reply.body = raw.substr(head_end + 4);
  return reply;
}

}  // namespace sanso::test
