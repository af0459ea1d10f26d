#include "load_sender.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cctype>
#include <exception>
#include <nlohmann/json.hpp>
#include <optional>

#include "http_connection.h"

namespace sanso::bench {
namespace {

namespace asio = boost::asio;
using nlohmann::json;

struct Session {
  std::string cookie;
  std::string csrf;
};

// A step that did not give the expected answer.
struct StepError {
  std::string kind;
};

double msBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

std::string percentEncode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// "STEP: STATUS error-slug" for an unexpected reply.
StepError replyError(const std::string& step, const HttpReply& reply) {
  json body = json::parse(reply.body, nullptr, false);
  std::string slug = body.is_object() && body.contains("error") && body["error"].is_string()
                         ? body["error"].get<std::string>()
                         : "";
  return {step + ": " + std::to_string(reply.status) + (slug.empty() ? "" : " " + slug)};
}

json parseObject(const std::string& step, const HttpReply& reply) {
  if (reply.status != 200) throw replyError(step, reply);
  json body = json::parse(reply.body, nullptr, false);
  if (!body.is_object()) throw StepError{step + ": answer is not a JSON object"};
  return body;
}

asio::awaitable<Session> login(HttpConnection& connection, const std::string& user,
                               const std::string& password) {
  HttpCall call;
  call.content_type = "application/json";
  call.body = json({{"login", user}, {"password", password}}).dump();
  HttpReply reply = co_await connection.request("POST", "/api/v1/login", call);
  json body = parseObject("login", reply);
  if (reply.set_cookie.empty() || !body.contains("csrf_token")) {
    throw StepError{"login: no session in the answer"};
  }
  co_return Session{reply.set_cookie, body["csrf_token"].get<std::string>()};
}

asio::awaitable<void> sleepFor(std::chrono::milliseconds duration) {
  asio::steady_timer timer(co_await asio::this_coro::executor, duration);
  co_await timer.async_wait(asio::use_awaitable);
}

// The times of one complete transfer.
struct Timing {
  Clock::time_point start, created, uploaded, ready, done;
  uint64_t polls = 0;
};

class Sender {
 public:
  Sender(const LoadSettings& settings, asio::any_io_executor executor)
      : settings_(settings),
        internet_(executor, settings.internet_port),
        lgwan_(executor, settings.lgwan_port) {}

  asio::awaitable<void> logIn(int index, const std::string& recipient_cookie) {
    std::string user = settings_.sender_prefix + std::to_string(index % settings_.accounts);
    sender_ = co_await login(internet_, user, settings_.password);
    recipient_cookie_ = recipient_cookie;
  }

  asio::awaitable<Timing> transfer() {
    Timing t;
    t.start = Clock::now();
    HttpCall create{sender_.cookie, sender_.csrf, "application/json",
                    json({{"to_zone", "lgwan"},
                          {"recipients", {settings_.recipient}},
                          {"classification", {{"confidentiality", "2"}}},
                          {"note", "負荷試験 / load test"}})
                        .dump()};
    json created = parseObject("create", co_await internet_.request("POST", kBase, create));
    const std::string id = std::to_string(created.value("id", int64_t{0}));
    t.created = Clock::now();

    HttpCall upload{sender_.cookie, sender_.csrf, "application/octet-stream", settings_.file};
    std::string target =
        std::string(kBase) + "/content?id=" + id + "&name=" + percentEncode(settings_.file_name);
    json uploaded = parseObject("upload", co_await internet_.request("PUT", target, upload));
    t.uploaded = Clock::now();

    auto wait = settings_.poll_first;
    const auto deadline = t.uploaded + settings_.transfer_timeout;
    const bool long_poll = settings_.wait_seconds > 0;
    std::string item_target = std::string(kBase) + "/item?id=" + id;
    if (long_poll) item_target += "&wait=" + std::to_string(settings_.wait_seconds);
    for (;;) {
      if (Clock::now() > deadline) throw StepError{"poll: not ready in time"};
      if (!long_poll) {
        co_await sleepFor(wait);
        wait = std::min(wait * 2, settings_.poll_max);
      }
      HttpCall get{sender_.cookie, "", "", ""};
      json item = parseObject("poll", co_await internet_.request("GET", item_target, get));
      ++t.polls;
      std::string state = item.value("state", "");
      if (state == "available") break;
      if (state != "uploaded" && state != "sanitizing") throw StepError{"transfer " + state};
    }
    t.ready = Clock::now();

    if (settings_.download) {
      HttpCall get{recipient_cookie_, "", "", ""};
      HttpReply file =
          co_await lgwan_.request("GET", std::string(kBase) + "/download?id=" + id, get);
      if (file.status != 200) throw replyError("download", file);
      if (file.body.compare(0, 2, "PK") != 0) throw StepError{"download: not a zip package"};
    }
    t.done = Clock::now();
    co_return t;
  }

 private:
  static constexpr const char* kBase = "/api/v1/transfers";
  const LoadSettings& settings_;
  HttpConnection internet_;
  HttpConnection lgwan_;
  Session sender_;
  std::string recipient_cookie_;
};

void recordError(LoadResults& results, const std::string& kind) {
  std::lock_guard lock(results.mutex);
  ++results.errors;
  ++results.error_kinds[kind];
}

void record(LoadResults& results, const LoadWindow& window, const Timing& t) {
  if (t.done < window.measure_from || t.done > window.measure_to) return;
  std::lock_guard lock(results.mutex);
  ++results.completed;
  results.polls += t.polls;
  results.ready_ms.add(msBetween(t.start, t.ready));
  results.total_ms.add(msBetween(t.start, t.done));
  results.create_ms.add(msBetween(t.start, t.created));
  results.upload_ms.add(msBetween(t.created, t.uploaded));
  results.wait_ms.add(msBetween(t.uploaded, t.ready));
  results.download_ms.add(msBetween(t.ready, t.done));
}

}  // namespace

asio::awaitable<void> loginRecipient(const LoadSettings& settings, LoadWindow& window,
                                     LoadResults& results) {
  if (!settings.download) co_return;
  HttpConnection lgwan(co_await asio::this_coro::executor, settings.lgwan_port);
  std::optional<std::string> failure;
  try {
    Session session = co_await login(lgwan, settings.recipient, settings.password);
    window.recipient_cookie = session.cookie;
  } catch (const StepError& e) {
    failure = e.kind;
  } catch (const std::exception& e) {
    failure = std::string("recipient login: ") + e.what();
  }
  if (failure) recordError(results, *failure);
}

asio::awaitable<void> runSender(const LoadSettings& settings, LoadWindow& window,
                                LoadResults& results, int index) {
  Sender sender(settings, co_await asio::this_coro::executor);
  std::optional<std::string> failure;
  // A login storm would only measure argon2id: two at a time, as the server hashes them.
  while (window.logging_in >= 2) co_await sleepFor(std::chrono::milliseconds(5));
  ++window.logging_in;
  try {
    co_await sender.logIn(index, window.recipient_cookie);
  } catch (const StepError& e) {
    failure = e.kind;
  } catch (const std::exception& e) {
    failure = std::string("login: ") + e.what();
  }
  --window.logging_in;
  if (failure) {
    recordError(results, *failure);
    ++window.failed;
    co_return;
  }
  ++window.logged_in;
  while (!window.open) co_await sleepFor(std::chrono::milliseconds(5));
  while (Clock::now() < window.measure_to) {
    try {
      record(results, window, co_await sender.transfer());
      continue;
    } catch (const StepError& e) {
      failure = e.kind;
    } catch (const std::exception& e) {
      failure = std::string("transport: ") + e.what();
    }
    recordError(results, *failure);
    co_await sleepFor(std::chrono::milliseconds(100));  // no tight loop against a failing server
  }
}

}  // namespace sanso::bench
