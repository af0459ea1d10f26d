#include "http_connection.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>
#include <optional>

namespace sanso::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

constexpr uint64_t kMaxReplyBytes = 256ull << 20;

}  // namespace

HttpConnection::HttpConnection(asio::any_io_executor executor, uint16_t port)
    : stream_(std::move(executor)), port_(port) {}

asio::awaitable<void> HttpConnection::connect() {
  beast::error_code ignored;
  stream_.socket().close(ignored);
  buffer_.clear();
  asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port_);
  co_await stream_.async_connect(endpoint, asio::use_awaitable);
  stream_.socket().set_option(asio::ip::tcp::no_delay(true));
  open_ = true;
}

asio::awaitable<HttpReply> HttpConnection::request(const std::string& method,
                                                   const std::string& target, const HttpCall& call,
                                                   std::chrono::seconds timeout) {
  bhttp::request<bhttp::string_body> message;
  message.method_string(method);
  message.target(target);
  message.version(11);
  message.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port_));
  if (!call.cookie.empty()) message.set(bhttp::field::cookie, call.cookie);
  if (!call.csrf.empty()) message.set("X-CSRF-Token", call.csrf);
  if (!call.content_type.empty()) message.set(bhttp::field::content_type, call.content_type);
  message.body() = call.body;
  message.keep_alive(true);
  message.prepare_payload();

  std::optional<bhttp::response_parser<bhttp::string_body>> parser;
  // A reused connection that the server closed while it was idle (its keep-alive timeout)
  // fails before any answer: the request is sent once more on a new connection.
  for (int attempt = 0;; ++attempt) {
    stream_.expires_after(timeout);
    const bool reused = open_;
    if (!open_) co_await connect();
    parser.emplace();
    parser->body_limit(kMaxReplyBytes);
    auto [write_error, written] =
        co_await bhttp::async_write(stream_, message, asio::as_tuple(asio::use_awaitable));
    beast::error_code error = write_error;
    if (!error) {
      auto [read_error, read] = co_await bhttp::async_read(stream_, buffer_, *parser,
                                                           asio::as_tuple(asio::use_awaitable));
      error = read_error;
    }
    if (!error) break;
    open_ = false;
    const bool stale = error == bhttp::error::end_of_stream || error == asio::error::eof ||
                       error == asio::error::connection_reset || error == asio::error::broken_pipe;
    if (!reused || !stale || parser->got_some() || attempt > 0) {
      throw boost::system::system_error(error);
    }
  }
  auto& response = parser->get();
  HttpReply reply;
  reply.status = static_cast<int>(response.result_int());
  auto cookie = response.find(bhttp::field::set_cookie);
  if (cookie != response.end()) {
    std::string value(cookie->value());
    reply.set_cookie = value.substr(0, value.find(';'));
  }
  reply.body = std::move(response.body());
  if (!response.keep_alive()) open_ = false;
  co_return reply;
}

}  // namespace sanso::bench
