// A keep-alive HTTP/1.1 client connection to a loopback port for the gateway load benchmark
// (Boost.Beast, C++20 coroutines). One request at a time; reconnects after the server closes.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstdint>
#include <string>

namespace sanso::bench {

struct HttpReply {
  int status = 0;
  std::string set_cookie;  // the first Set-Cookie value, up to its first ';'
  std::string body;
};

// What a request carries besides its method and target.
struct HttpCall {
  std::string cookie;  // "name=value", or empty
  std::string csrf;    // X-CSRF-Token, or empty
  std::string content_type;
  std::string body;
};

class HttpConnection {
 public:
  HttpConnection(boost::asio::any_io_executor executor, uint16_t port);

  // Sends one request and reads the whole answer; throws boost::system::system_error on a
  // transport error or after `timeout`.
  boost::asio::awaitable<HttpReply> request(
      const std::string& method, const std::string& target, const HttpCall& call,
      std::chrono::seconds timeout = std::chrono::seconds(60));

 private:
  boost::asio::awaitable<void> connect();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  uint16_t port_;
  bool open_ = false;
};

}  // namespace sanso::bench
