// The HTTP(S) server: one listener per zone, every request tagged with the zone of the
// listener it arrived on (never a header or a parameter), bounded in every dimension an
// outside client controls (header size, body size, time, connections).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sanso/common/status.h"
#include "sanso/store/unique_fd.h"

namespace sanso::http {

struct ListenerConfig {
  std::string zone;           // a zone id of the policy pack
  std::string host;           // numeric IPv4 or IPv6 address
  uint16_t port = 0;          // 0: any free port (tests)
  std::string tls_cert_file;  // PEM; both empty: plain HTTP
  std::string tls_key_file;
};

struct ServerLimits {
  size_t max_header_bytes = 16 * 1024;
  uint64_t max_body_bytes = 1 << 20;              // request bodies read into memory (JSON)
  std::chrono::seconds header_timeout{15};        // to receive a whole request head
  std::chrono::seconds body_idle_timeout{30};     // without a byte of the body arriving
  std::chrono::seconds body_total_timeout{1800};  // for one whole body (uploads)
  size_t max_connections = 512;                   // over all listeners; more are closed at once
  uint64_t max_memory_file_bodies = 64ull << 20;  // BodyMode::kFile bodies held in memory, in all
  std::chrono::seconds shutdown_grace{30};        // for requests in flight at stop()
  int threads = 0;                                // 0: twice the number of cores, at least 4
};

// A request as the handler sees it. Header names are lower case; a repeated header keeps
// its values joined by ", " (as RFC 9110 allows for list-valued fields).
struct Request {
  std::string zone;
  std::string remote_address;
  bool tls = false;
  std::string method;  // as sent, e.g. "GET"
  std::string target;  // as sent, e.g. "/api/v1/transfers?state=open"
  std::string path;    // target before '?', not decoded
  std::string query;   // after '?', not decoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;       // BodyMode::kMemory
  std::string body_file;  // BodyMode::kFile: where the body was written
  bool body_in_memory = false;  // body_file is an anonymous memory file (/proc/self/fd/N) that
                                // goes away with the request: nothing to remove

  // The value of header `name` (lower case); empty when absent.
  std::string header(const std::string& name) const;
};

class Deferred;

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string file;  // when set, the body is this file's content (static files)
  // When set (and `file` is not), the body is what this open file yields from its current
  // position; the descriptor stays open until the response is written (downloads).
  std::shared_ptr<store::UniqueFd> file_fd;
  // When set, the answer comes later from this (see Deferred); the rest is a placeholder.
  std::shared_ptr<Deferred> deferred;

  // A JSON response (the body must already be JSON text).
  static Response json(int status, std::string body);
  // A plain-text response.
  static Response text(int status, std::string body);
};

// A response that is not ready yet (long polling). The server holds the connection without
// holding a thread: it calls subscribe() once, then poll(false) at once and again after each
// call of `wake`, and poll(true) at `deadline` or when the server stops (or when subscribe()
// returned false). poll() runs on a server thread (short work only, like Handler::handle) and
// returns nullopt while there is nothing to answer; poll(true) must answer. Headers of the
// placeholder Response that the answer lacks are added to it.
class Deferred {
 public:
  explicit Deferred(std::chrono::steady_clock::time_point deadline) : deadline_(deadline) {}
  virtual ~Deferred() = default;
  Deferred(const Deferred&) = delete;
  Deferred& operator=(const Deferred&) = delete;

  // Arranges for `wake` (callable from any thread, any number of times, also after the
  // Deferred is gone) to be called when poll() may have an answer; false when it cannot.
  virtual bool subscribe(std::function<void()> wake) = 0;
  virtual std::optional<Response> poll(bool last) = 0;
  std::chrono::steady_clock::time_point deadline() const { return deadline_; }

 private:
  std::chrono::steady_clock::time_point deadline_;
};

enum class BodyMode {
  kNone,    // the request must not have a body
  kMemory,  // read into Request::body, up to ServerLimits::max_body_bytes
  kFile,    // streamed into BodyPolicy::file (created, must not exist), up to the limit, or
            // into memory when BodyPolicy::memory_limit allows
};

struct BodyPolicy {
  BodyMode mode = BodyMode::kNone;
  uint64_t limit = 0;  // kFile only
  std::string file;    // kFile only
  // kFile: a body announced (Content-Length) with at most this many bytes is kept in an
  // anonymous memory file instead, while the server's max_memory_file_bodies allows: no file
  // to create and remove for each small upload. A crash loses it (it was not finished anyway).
  uint64_t memory_limit = 0;
};

class Handler {
 public:
  virtual ~Handler() = default;
  // Called once the request head is in, before any of the body is read. May refuse the
  // request outright by returning a response (then no body is read and the connection
  // closes if a body was announced).
  virtual std::pair<BodyPolicy, std::unique_ptr<Response>> admit(const Request& head) = 0;
  // Produces the response. Runs on a server thread; may block for short work (storage),
  // never for long work (sanitizing runs elsewhere).
  virtual Response handle(Request& request) = 0;
};

struct BoundListener {
  std::string zone;
  std::string host;
  uint16_t port;
  bool tls;
};

class Server {
 public:
  // Binds every listener (all or none) and starts serving on background threads.
  static Result<std::unique_ptr<Server>> start(const std::vector<ListenerConfig>& listeners,
                                               const ServerLimits& limits, Handler& handler);
  virtual ~Server() = default;

  // Where each listener is bound (the actual port when 0 was asked for).
  virtual std::vector<BoundListener> listeners() const = 0;
  // Stops accepting, lets requests in flight finish (up to the grace period), then stops.
  // Idempotent; returns when every server thread has ended.
  virtual void stop() = 0;
};

}  // namespace sanso::http
