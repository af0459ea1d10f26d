// Boost.Beast/Asio implementation of sanso::http::Server: C++20 coroutines, one strand per
// connection, a shared pool of threads. Kept in one translation unit because Beast is heavy
// to compile.
#include "sanso/http/server.h"

#include <fcntl.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "file_response_body.h"
#include "sanso/common/ascii.h"
#include "sanso/common/memory_file.h"

namespace sanso::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds kTlsHandshakeTimeout{10};
constexpr std::chrono::seconds kCloseTimeout{5};
constexpr uint64_t kBodyReadChunk = 64 * 1024;  // bytes asked of the socket per read of a body

// The wake functions of deferred responses, so that stop() can answer them at once.
class Waiters {
 public:
  uint64_t add(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wakes_.emplace(++next_, std::move(wake));
    return next_;
  }
  void remove(uint64_t ticket) {
    std::lock_guard lock(mutex_);
    wakes_.erase(ticket);
  }
  void wakeAll() {
    std::vector<std::function<void()>> wakes;
    {
      std::lock_guard lock(mutex_);
      for (const auto& [ticket, wake] : wakes_) wakes.push_back(wake);
    }
    for (const auto& wake : wakes) wake();
  }

 private:
  std::mutex mutex_;
  uint64_t next_ = 0;
  std::map<uint64_t, std::function<void()>> wakes_;
};

struct Shared {
  Shared(const ServerLimits& limits_in, Handler& handler_in)
      : limits(limits_in), handler(handler_in) {}
  const ServerLimits limits;
  Handler& handler;
  std::atomic<size_t> connections{0};
  std::atomic<size_t> in_flight{0};  // requests whose head has been read
  std::atomic<uint64_t> memory_file_bytes{0};  // reserved by bodies kept in memory files
  std::atomic<bool> stopping{false};
  Waiters waiters;
};

// Counts something for as long as it lives.
class Counted {
 public:
  explicit Counted(std::atomic<size_t>& counter) : counter_(counter) { ++counter_; }
  ~Counted() { --counter_; }
  Counted(const Counted&) = delete;
  Counted& operator=(const Counted&) = delete;

 private:
  std::atomic<size_t>& counter_;
};

Request headOf(const bhttp::request<bhttp::empty_body>& message, const std::string& zone,
               const std::string& remote, bool tls) {
  Request request;
  request.zone = zone;
  request.remote_address = remote;
  request.tls = tls;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  auto question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  for (const auto& field : message) {
    std::string name = lowerAscii(field.name_string());
    auto existing = std::find_if(request.headers.begin(), request.headers.end(),
                                 [&](const auto& h) { return h.first == name; });
    if (existing != request.headers.end()) {
      existing->second += ", " + std::string(field.value());
    } else {
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
  }
  return request;
}

Response errorResponse(int status, const std::string& code) {
  return Response::json(status, "{\"error\":\"" + code + "\"}");
}

template <class Stream>
beast::tcp_stream& tcpOf(Stream& stream) {
  return beast::get_lowest_layer(stream);
}

template <class Message>
void applyHeaders(Message& message, const Response& response, unsigned version, bool keep_alive) {
  message.version(version);
  message.result(static_cast<unsigned>(response.status));
  for (const auto& [name, value] : response.headers) message.set(name, value);
  message.keep_alive(keep_alive);
}

// The file a response sends: opened by path, or a duplicate of its descriptor (which shares
// the position: the body closes the duplicate, the Response closes the original). Sends from
// the file's position to its end.
bool openResponseFile(const Response& response, detail::FileResponseBody::value_type& body) {
  beast::error_code ec;
  if (!response.file.empty()) {
    body.file.open(response.file.c_str(), beast::file_mode::scan, ec);
  } else {
    const int fd = ::fcntl(response.file_fd->get(), F_DUPFD_CLOEXEC, 0);
    if (fd < 0) return false;
    body.file.native_handle(fd);
  }
  if (ec) return false;
  const uint64_t size = body.file.size(ec);
  if (ec) return false;
  const uint64_t position = body.file.pos(ec);
  if (ec || position > size) return false;
  body.size = size - position;
  return true;
}

template <class Stream>
asio::awaitable<void> writeResponse(Stream& stream, const Shared& shared, Response response,
                                    unsigned version, bool keep_alive) {
  tcpOf(stream).expires_after(shared.limits.body_total_timeout);
  if (!response.file.empty() || (response.file_fd && response.file_fd->valid())) {
    bhttp::response<detail::FileResponseBody> message;
    if (openResponseFile(response, message.body())) {
      applyHeaders(message, response, version, keep_alive);
      message.prepare_payload();
      co_await bhttp::async_write(stream, message, kAsTuple);
      co_return;
    }
    response = errorResponse(500, "file-unavailable");
  }
  bhttp::response<bhttp::string_body> message;
  applyHeaders(message, response, version, keep_alive);
  message.body() = std::move(response.body);
  message.prepare_payload();
  co_await bhttp::async_write(stream, message, kAsTuple);
}

// Reads the rest of a body: each piece must arrive within the idle timeout and the whole body
// within the total timeout.
template <class Stream, class Parser>
asio::awaitable<beast::error_code> readBody(Stream& stream, beast::flat_buffer& buffer,
                                            Parser& parser, const ServerLimits& limits) {
  const auto deadline = Clock::now() + limits.body_total_timeout;
  // Beast reads as much as the buffer holds (at least 512 bytes): the buffer of the header
  // alone made an upload cost a receive and a write for every kilobyte.
  const auto remaining = parser.content_length_remaining();  // none when chunked
  buffer.reserve(static_cast<size_t>(std::min<uint64_t>(remaining.value_or(kBodyReadChunk),
                                                        kBodyReadChunk)));
  while (!parser.is_done()) {
    tcpOf(stream).expires_at(std::min(Clock::now() + limits.body_idle_timeout, deadline));
    auto [ec, bytes] = co_await bhttp::async_read_some(stream, buffer, parser, kAsTuple);
    if (ec) co_return ec;
  }
  co_return beast::error_code{};
}

Response bodyError(const beast::error_code& ec) {
  if (ec == bhttp::error::body_limit) return errorResponse(413, "body-too-large");
  if (ec == beast::error::timeout) return errorResponse(408, "request-timeout");
  return errorResponse(400, "bad-request");
}

Response handleSafely(Handler& handler, Request& request) {
  try {
    return handler.handle(request);
  } catch (const std::exception&) {
    return errorResponse(500, "internal-error");
  }
}

std::optional<Response> pollSafely(Deferred& deferred, bool last) {
  try {
    std::optional<Response> answer = deferred.poll(last);
    if (!answer && last) return errorResponse(500, "internal-error");
    return answer;
  } catch (const std::exception&) {
    return errorResponse(500, "internal-error");
  }
}

// Waits for the answer of a deferred response without holding a thread: on a timer of the
// connection's strand that the deferred's wake function (or stop()) cancels.
asio::awaitable<Response> awaitDeferred(Shared& shared, Response placeholder) {
  const std::shared_ptr<Deferred> deferred = std::move(placeholder.deferred);
  auto executor = co_await asio::this_coro::executor;
  auto timer = std::make_shared<asio::steady_timer>(executor);
  auto woken = std::make_shared<std::atomic<bool>>(false);
  // The wake function holds no executor: a subscriber may keep it after the server and its
  // io_context are gone (destroying a strand executor then reads freed memory).
  std::function<void()> wake = [weak = std::weak_ptr(timer), woken] {
    woken->store(true);
    if (auto alive = weak.lock()) {
      asio::post(alive->get_executor(), [weak] {
        if (auto still = weak.lock()) still->cancel();
      });
    }
  };
  const uint64_t ticket = shared.waiters.add(wake);
  struct Unregister {
    Waiters& waiters;
    uint64_t ticket;
    ~Unregister() { waiters.remove(ticket); }
  } unregister{shared.waiters, ticket};
  bool subscribed = false;
  try {
    subscribed = deferred->subscribe(wake);
  } catch (const std::exception&) {
    subscribed = false;
  }
  std::optional<Response> answer;
  for (;;) {
    const bool last = !subscribed || shared.stopping || Clock::now() >= deferred->deadline();
    woken->store(false);
    answer = pollSafely(*deferred, last);
    if (answer) break;
    if (woken->load()) continue;
    timer->expires_at(deferred->deadline());
    co_await timer->async_wait(kAsTuple);
  }
  answer->deferred.reset();
  for (auto& header : placeholder.headers) {
    auto present = std::find_if(answer->headers.begin(), answer->headers.end(),
                                [&](const auto& h) { return h.first == header.first; });
    if (present == answer->headers.end()) answer->headers.push_back(std::move(header));
  }
  co_return std::move(*answer);
}

std::optional<uint64_t> announcedLength(const bhttp::request_parser<bhttp::empty_body>& parser) {
  if (parser.content_length()) return *parser.content_length();
  if (parser.chunked()) return std::nullopt;
  return 0;
}

// A kFile body held in a MemoryFile, its announced size reserved from the server's budget for
// as long as this lives. fd() is -1 when the body goes to disk instead: no length announced
// (chunked), more than `limit`, the budget spent, or no memory file to be had. The parser reads
// exactly the announced length, so the file never holds more than was reserved.
class MemoryFileBody {
 public:
  MemoryFileBody(Shared& shared, std::optional<uint64_t> length, uint64_t limit)
      : shared_(shared) {
    if (!length || *length == 0 || *length > limit) return;
    uint64_t used = shared_.memory_file_bytes.load();
    do {
      if (used + *length > shared_.limits.max_memory_file_bodies) return;
    } while (!shared_.memory_file_bytes.compare_exchange_weak(used, used + *length));
    reserved_ = *length;
    auto file = MemoryFile::create("sanso-body");
    if (file.isOk()) file_.emplace(std::move(*file));
  }
  ~MemoryFileBody() { shared_.memory_file_bytes -= reserved_; }
  MemoryFileBody(const MemoryFileBody&) = delete;
  MemoryFileBody& operator=(const MemoryFileBody&) = delete;

  int fd() const { return file_ ? file_->fd() : -1; }
  // The name the handler opens it by.
  std::string path() const { return file_ ? file_->path() : std::string(); }

 private:
  Shared& shared_;
  uint64_t reserved_ = 0;
  std::optional<MemoryFile> file_;
};

// Reads the body the handler asked for and produces the response. Sets `close` when the
// connection cannot be reused (a body was refused or not read to its end).
template <class Stream>
asio::awaitable<Response> respond(Stream& stream, beast::flat_buffer& buffer, Shared& shared,
                                  bhttp::request_parser<bhttp::empty_body>& head, Request& request,
                                  bool& close) {
  std::pair<BodyPolicy, std::unique_ptr<Response>> admitted;
  try {
    admitted = shared.handler.admit(request);
  } catch (const std::exception&) {
    close = true;
    co_return errorResponse(500, "internal-error");
  }
  auto& [policy, refusal] = admitted;
  const std::optional<uint64_t> length = announcedLength(head);
  const bool chunked = head.chunked();
  const bool has_body = !length || *length > 0;
  if (refusal) {
    close = close || has_body;
    co_return std::move(*refusal);
  }
  if (policy.mode == BodyMode::kNone) {
    if (!has_body) co_return handleSafely(shared.handler, request);
    close = true;
    co_return errorResponse(413, "body-not-allowed");
  }
  if (policy.mode == BodyMode::kMemory) {
    const uint64_t limit = shared.limits.max_body_bytes;
    if (length && *length > limit) {
      close = true;
      co_return errorResponse(413, "body-too-large");
    }
    bhttp::request_parser<bhttp::string_body> parser(std::move(head));
    parser.body_limit(limit);
    beast::error_code ec = co_await readBody(stream, buffer, parser, shared.limits);
    buffer.shrink_to_fit();  // as for file bodies below
    if (ec) {
      close = true;
      co_return bodyError(ec);
    }
    request.body = std::move(parser.get().body());
    co_return handleSafely(shared.handler, request);
  }
  if (length && *length > policy.limit) {
    close = true;
    co_return errorResponse(413, "body-too-large");
  }
  bhttp::request_parser<bhttp::file_body> parser(std::move(head));
  parser.body_limit(policy.limit);
  beast::error_code ec;
  MemoryFileBody memory(shared, chunked ? std::nullopt : length, policy.memory_limit);
  if (memory.fd() >= 0) {
    beast::file file;
    file.native_handle(::fcntl(memory.fd(), F_DUPFD_CLOEXEC, 0));  // the body closes its own
    if (file.native_handle() < 0) {
      ec = beast::error_code(errno, beast::system_category());
    } else {
      parser.get().body().reset(std::move(file), ec);
    }
  } else {
    parser.get().body().open(policy.file.c_str(), beast::file_mode::write_new, ec);
  }
  if (ec) {
    close = true;
    co_return errorResponse(500, "cannot-store-body");
  }
  ec = co_await readBody(stream, buffer, parser, shared.limits);
  buffer.shrink_to_fit();  // an idle keep-alive connection keeps only what it still holds
  parser.get().body().close();
  if (ec) {
    std::error_code ignored;
    // Nothing half-written stays behind (a memory file goes with `memory`).
    if (memory.fd() < 0) std::filesystem::remove(policy.file, ignored);
    close = true;
    co_return bodyError(ec);
  }
  request.body_file = memory.fd() >= 0 ? memory.path() : policy.file;
  request.body_in_memory = memory.fd() >= 0;
  co_return handleSafely(shared.handler, request);
}

template <class Stream>
asio::awaitable<void> serveRequests(Stream& stream, Shared& shared, const std::string& zone,
                                    const std::string& remote, bool tls) {
  beast::flat_buffer buffer;
  while (!shared.stopping) {
    bhttp::request_parser<bhttp::empty_body> head;
    head.header_limit(static_cast<std::uint32_t>(shared.limits.max_header_bytes));
    head.body_limit(boost::none);  // each body mode sets its own limit
    tcpOf(stream).expires_after(shared.limits.header_timeout);
    auto [ec, bytes] = co_await bhttp::async_read_header(stream, buffer, head, kAsTuple);
    if (ec) {
      if (ec == bhttp::error::header_limit) {
        co_await writeResponse(stream, shared, errorResponse(431, "header-too-large"), 11, false);
      } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
                 ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
        co_await writeResponse(stream, shared, errorResponse(400, "bad-request"), 11, false);
      }
      co_return;
    }
    Counted in_flight(shared.in_flight);
    Request request = headOf(head.get(), zone, remote, tls);
    const unsigned version = head.get().version();
    bool close = !head.get().keep_alive();
    Response response = co_await respond(stream, buffer, shared, head, request, close);
    if (response.deferred) response = co_await awaitDeferred(shared, std::move(response));
    close = close || shared.stopping;
    co_await writeResponse(stream, shared, std::move(response), version, !close);
    if (close) co_return;
  }
}

asio::awaitable<void> plainConnection(tcp::socket socket, Shared& shared, std::string zone) {
  Counted connection(shared.connections);
  beast::error_code ec;
  std::string remote = socket.remote_endpoint(ec).address().to_string();
  beast::tcp_stream stream(std::move(socket));
  co_await serveRequests(stream, shared, zone, remote, false);
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> tlsConnection(tcp::socket socket, Shared& shared, std::string zone,
                                    std::shared_ptr<ssl::context> context) {
  Counted connection(shared.connections);
  beast::error_code ec;
  std::string remote = socket.remote_endpoint(ec).address().to_string();
  beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *context);
  tcpOf(stream).expires_after(kTlsHandshakeTimeout);
  auto [handshake_ec] = co_await stream.async_handshake(ssl::stream_base::server, kAsTuple);
  if (handshake_ec) co_return;
  co_await serveRequests(stream, shared, zone, remote, true);
  tcpOf(stream).expires_after(kCloseTimeout);
  co_await stream.async_shutdown(kAsTuple);
}

struct ListenerState {
  ListenerConfig config;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::shared_ptr<ssl::context> tls;
};

asio::awaitable<void> acceptLoop(asio::io_context& io, ListenerState& listener, Shared& shared) {
  for (;;) {
    auto [ec, socket] = co_await listener.acceptor->async_accept(asio::make_strand(io), kAsTuple);
    if (shared.stopping || !listener.acceptor->is_open()) co_return;
    if (ec) continue;  // e.g. the peer reset before accept completed
    if (shared.connections.load() >= shared.limits.max_connections) {
      socket.close(ec);  // over the cap: refused at once, nothing read
      continue;
    }
    auto executor = socket.get_executor();
    if (listener.tls) {
      asio::co_spawn(executor,
                     tlsConnection(std::move(socket), shared, listener.config.zone, listener.tls),
                     asio::detached);
    } else {
      asio::co_spawn(executor, plainConnection(std::move(socket), shared, listener.config.zone),
                     asio::detached);
    }
  }
}

Result<std::shared_ptr<ssl::context>> tlsContext(const ListenerConfig& config) {
  if (config.tls_cert_file.empty() && config.tls_key_file.empty()) {
    return std::shared_ptr<ssl::context>();
  }
  if (config.tls_cert_file.empty() || config.tls_key_file.empty()) {
    return Status::invalidArgument("listener " + config.zone + ": TLS needs both cert and key");
  }
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  boost::system::error_code ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                       ec);
  if (!ec) context->use_certificate_chain_file(config.tls_cert_file, ec);
  if (!ec) context->use_private_key_file(config.tls_key_file, ssl::context::pem, ec);
  if (ec) {
    return Status::invalidArgument("listener " + config.zone +
                                   ": TLS setup failed: " + ec.message());
  }
  return context;
}

class BeastServer : public Server {
 public:
  BeastServer(const ServerLimits& limits, Handler& handler) : shared_(limits, handler) {}

  ~BeastServer() override { stop(); }

  Status bind(const std::vector<ListenerConfig>& configs) {
    for (const ListenerConfig& config : configs) {
      ListenerState state;
      state.config = config;
      SANSO_ASSIGN_OR_RETURN(state.tls, tlsContext(config));
      boost::system::error_code ec;
      asio::ip::address address = asio::ip::make_address(config.host, ec);
      if (ec) {
        return Status::invalidArgument("listener " + config.zone + ": '" + config.host +
                                       "' is not a numeric IP address");
      }
      tcp::endpoint endpoint(address, config.port);
      state.acceptor = std::make_unique<tcp::acceptor>(io_);
      state.acceptor->open(endpoint.protocol(), ec);
      if (!ec) state.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
      if (!ec) state.acceptor->bind(endpoint, ec);
      if (!ec) state.acceptor->listen(asio::socket_base::max_listen_connections, ec);
      if (ec) {
        return Status::ioError("listener " + config.zone + " on " + config.host + ":" +
                               std::to_string(config.port) + ": " + ec.message());
      }
      bound_.push_back({config.zone, config.host, state.acceptor->local_endpoint().port(),
                        state.tls != nullptr});
      listeners_.push_back(std::move(state));
    }
    return Status::ok();
  }

  void run() {
    for (ListenerState& listener : listeners_) {
      asio::co_spawn(io_, acceptLoop(io_, listener, shared_), asio::detached);
    }
    int count = shared_.limits.threads;
    if (count <= 0) count = std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency()));
    for (int i = 0; i < count; ++i) threads_.emplace_back([this] { io_.run(); });
  }

  std::vector<BoundListener> listeners() const override { return bound_; }

  void stop() override {
    std::lock_guard<std::mutex> lock(stop_mutex_);
    if (threads_.empty()) return;
    shared_.stopping = true;
    shared_.waiters.wakeAll();  // deferred responses answer now
    asio::post(io_, [this] {
      for (ListenerState& listener : listeners_) {
        boost::system::error_code ec;
        listener.acceptor->close(ec);
      }
    });
    const auto deadline = Clock::now() + shared_.limits.shutdown_grace;
    while (shared_.in_flight.load() > 0 && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    io_.stop();
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
  }

 private:
  asio::io_context io_;
  Shared shared_;
  std::vector<ListenerState> listeners_;
  std::vector<BoundListener> bound_;
  std::vector<std::thread> threads_;
  std::mutex stop_mutex_;
};

}  // namespace

std::string Request::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

Response Response::json(int status, std::string body) {
  Response response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  response.body = std::move(body);
  return response;
}

Response Response::text(int status, std::string body) {
  Response response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  response.body = std::move(body);
  return response;
}

Result<std::unique_ptr<Server>> Server::start(const std::vector<ListenerConfig>& listeners,
                                              const ServerLimits& limits, Handler& handler) {
  if (listeners.empty()) return Status::invalidArgument("no listener configured");
  auto server = std::make_unique<BeastServer>(limits, handler);
  SANSO_RETURN_IF_ERROR(server->bind(listeners));
  server->run();
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace sanso::http
