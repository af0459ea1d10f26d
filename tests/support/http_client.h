// A minimal HTTP/1.1 client over POSIX sockets, independent of the server's Beast code.
#pragma once

#include <cstdint>
#include <string>

namespace sanso::test {

// A TCP connection to 127.0.0.1:`port` with a 5 s receive timeout; -1 when refused.
int connectLoopback(uint16_t port);
// Sends all of `data` (ignoring a peer that closed).
void sendAll(int fd, const std::string& data);
// Everything received until the peer closes or 5 s pass.
std::string receiveAll(int fd);
// Connects, sends `request` verbatim, returns the whole response ("" when refused).
std::string roundTrip(uint16_t port, const std::string& request);

struct HttpReply {
  int status = 0;
  std::string headers;  // the head, as received
  std::string body;
};

// Sends one request with `Connection: close` and the given extra header lines (each ending
// in "\r\n") and body; parses the status line, head and body.
HttpReply httpRequest(uint16_t port, const std::string& method, const std::string& target,
                      const std::string& extra_headers = "", const std::string& body = "");

}  // namespace sanso::test
