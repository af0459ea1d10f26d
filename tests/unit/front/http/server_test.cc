// The HTTP server, driven over plain POSIX sockets (not Beast): zone from the listener only,
// limits on headers, bodies, time and connections, streamed uploads, graceful stop.
#include "sanso/http/server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/test_util.h"

namespace sanso::http {
namespace {

// A flag that deferred responses wait for.
class Gate {
 public:
  void add(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wakes_.push_back(std::move(wake));
  }
  void open() {
    std::vector<std::function<void()>> wakes;
    {
      std::lock_guard lock(mutex_);
      opened_ = true;
      wakes = wakes_;
    }
    for (const auto& wake : wakes) wake();
  }
  bool opened() {
    std::lock_guard lock(mutex_);
    return opened_;
  }

 private:
  std::mutex mutex_;
  bool opened_ = false;
  std::vector<std::function<void()>> wakes_;
};

class GateWait : public Deferred {
 public:
  explicit GateWait(Gate& gate)
      : Deferred(std::chrono::steady_clock::now() + std::chrono::seconds(30)), gate_(gate) {}
  bool subscribe(std::function<void()> wake) override {
    gate_.add(std::move(wake));
    return true;
  }
  std::optional<Response> poll(bool last) override {
    if (gate_.opened()) return Response::text(200, "opened");
    if (last) return Response::text(200, "not opened");
    return std::nullopt;
  }

 private:
  Gate& gate_;
};

class EchoHandler : public Handler {
 public:
  explicit EchoHandler(std::string upload_dir) : upload_dir_(std::move(upload_dir)) {}

  std::pair<BodyPolicy, std::unique_ptr<Response>> admit(const Request& head) override {
    BodyPolicy policy;
    if (head.path == "/refuse") {
      return {policy, std::make_unique<Response>(Response::text(403, "no"))};
    }
    if (head.path == "/json") policy.mode = BodyMode::kMemory;
    if (head.path == "/upload" || head.path == "/upload-large" || head.path == "/upload-memory") {
      policy.mode = BodyMode::kFile;
      policy.limit = head.path == "/upload" ? 1000 : 1u << 20;
      policy.file = upload_dir_ + "/upload-" + std::to_string(++uploads_);
      if (head.path == "/upload-memory") policy.memory_limit = 100000;
    }
    return {policy, nullptr};
  }

  Response handle(Request& request) override {
    if (request.path == "/slow") {
      std::this_thread::sleep_for(std::chrono::milliseconds(600));
      return Response::text(200, "slow done");
    }
    if (request.path == "/upload" || request.path == "/upload-large") {
      return Response::text(200, "stored " + test::readFileOrDie(request.body_file));
    }
    if (request.path == "/upload-memory") {
      std::string where = request.body_in_memory ? "memory " : "disk ";
      return Response::text(200, where + test::readFileOrDie(request.body_file));
    }
    if (request.path == "/wait") {
      Response placeholder = Response::text(200, "");
      placeholder.headers.emplace_back("X-Placeholder", "kept");
      placeholder.deferred = std::make_shared<GateWait>(gate);
      return placeholder;
    }
    if (request.path == "/download") {
      Response response;
      response.file = upload_dir_ + "/download.bin";
      return response;
    }
    return Response::text(200, "zone=" + request.zone + " body=" + request.body +
                                   " x-zone=" + request.header("x-sanso-zone"));
  }

  Gate gate;

 private:
  std::string upload_dir_;
  std::atomic<int> uploads_{0};
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    handler_ = std::make_unique<EchoHandler>(dir_.path());
    limits_.header_timeout = std::chrono::seconds(1);
    limits_.body_idle_timeout = std::chrono::seconds(1);
    limits_.max_body_bytes = 100;
    limits_.threads = 4;
  }

  void start() {
    auto server =
        Server::start({{"lgwan", "127.0.0.1", 0, "", ""}, {"internet", "127.0.0.1", 0, "", ""}},
                      limits_, *handler_);
    ASSERT_TRUE(server.isOk()) << server.status().toString();
    server_ = std::move(*server);
    for (const auto& bound : server_->listeners()) {
      (bound.zone == "lgwan" ? lgwan_ : internet_) = bound.port;
    }
  }

  test::TempDir dir_;
  std::unique_ptr<EchoHandler> handler_;
  ServerLimits limits_;
  std::unique_ptr<Server> server_;
  uint16_t lgwan_ = 0;
  uint16_t internet_ = 0;
};

TEST_F(ServerTest, ZoneComesFromTheListenerNeverFromHeaders) {
  start();
  std::string forged =
      "GET /x HTTP/1.1\r\nHost: a\r\nX-Sanso-Zone: lgwan\r\nX-Forwarded-For: 10.0.0.1\r\n"
      "Forwarded: for=lgwan\r\nConnection: close\r\n\r\n";
  std::string from_internet = test::roundTrip(internet_, forged);
  EXPECT_NE(from_internet.find("zone=internet "), std::string::npos) << from_internet;
  std::string from_lgwan = test::roundTrip(lgwan_, forged);
  EXPECT_NE(from_lgwan.find("zone=lgwan "), std::string::npos) << from_lgwan;
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  std::string two =
      "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n"
      "Connection: close\r\n\r\n";
  std::string response = test::roundTrip(lgwan_, two);
  size_t first = response.find("HTTP/1.1 200");
  ASSERT_NE(first, std::string::npos) << response;
  EXPECT_NE(response.find("HTTP/1.1 200", first + 1), std::string::npos) << response;
}

TEST_F(ServerTest, OversizeHeadersAndBodiesAreCutOff) {
  limits_.max_header_bytes = 1024;
  start();
  std::string huge_header =
      "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: " + std::string(4000, 'a') + "\r\n\r\n";
  EXPECT_EQ(test::roundTrip(lgwan_, huge_header).rfind("HTTP/1.1 431", 0), 0u);
  std::string big_json =
      "POST /json HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n" + std::string(101, 'x');
  EXPECT_EQ(test::roundTrip(lgwan_, big_json).rfind("HTTP/1.1 413", 0), 0u);
  std::string chunked_big =
      "POST /json HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
      "50\r\n" +
      std::string(80, 'x') + "\r\n50\r\n" + std::string(80, 'x') + "\r\n0\r\n\r\n";
  EXPECT_EQ(test::roundTrip(lgwan_, chunked_big).rfind("HTTP/1.1 413", 0), 0u);
  std::string body_not_allowed = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc";
  EXPECT_EQ(test::roundTrip(lgwan_, body_not_allowed).rfind("HTTP/1.1 413", 0), 0u);
  std::string small_json =
      "POST /json HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
      "Connection: close\r\n\r\n{\"a\"";
  EXPECT_NE(test::roundTrip(lgwan_, small_json).find("body={\"a\""), std::string::npos);
}

TEST_F(ServerTest, UploadsAreStreamedToTheHandlersFileAndRemovedWhenCut) {
  start();
  std::string ok =
      "PUT /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n"
      "Connection: close\r\n\r\nhello world";
  EXPECT_NE(test::roundTrip(lgwan_, ok).find("stored hello world"), std::string::npos);
  std::string too_big =
      "PUT /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3e8\r\n" +
      std::string(1000, 'y') + "\r\n1\r\nz\r\n0\r\n\r\n";
  EXPECT_EQ(test::roundTrip(lgwan_, too_big).rfind("HTTP/1.1 413", 0), 0u);
  EXPECT_FALSE(test::fileExists(dir_.file("upload-2")));  // the partial body is gone
  // A body of many reads arrives whole and in order.
  std::string large(300000, '\0');
  for (size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>('a' + i % 23);
  std::string answer = test::roundTrip(
      lgwan_, "PUT /upload-large HTTP/1.1\r\nHost: a\r\nContent-Length: 300000\r\n"
              "Connection: close\r\n\r\n" + large);
  ASSERT_NE(answer.find("\r\n\r\n"), std::string::npos);
  EXPECT_EQ(answer.substr(answer.find("\r\n\r\n") + 4), "stored " + large);
}

// Small announced bodies may be kept in memory files; the rest, and whatever the server's
// budget for them does not cover, go to disk as before.
TEST_F(ServerTest, SmallFileBodiesMayStayInMemory) {
  limits_.max_memory_file_bodies = 150000;
  start();
  auto put = [&](const std::string& body, bool chunked) {
    std::string head = "PUT /upload-memory HTTP/1.1\r\nHost: a\r\nConnection: close\r\n";
    std::string request =
        chunked ? head + "Transfer-Encoding: chunked\r\n\r\n" + [&] {
          char size[32];
          std::snprintf(size, sizeof size, "%zx", body.size());
          return std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n";
        }()
                : head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    std::string answer = test::roundTrip(lgwan_, request);
    auto end = answer.find("\r\n\r\n");
    return end == std::string::npos ? answer : answer.substr(end + 4);
  };
  std::string small(50000, '\0');
  for (size_t i = 0; i < small.size(); ++i) small[i] = static_cast<char>('a' + i % 19);
  EXPECT_EQ(put(small, false), "memory " + small);
  EXPECT_FALSE(test::fileExists(dir_.file("upload-1")));
  EXPECT_EQ(put(small, true), "disk " + small);  // no length announced
  std::string larger(100001, 'x');
  EXPECT_EQ(put(larger, false), "disk " + larger);  // over the route's memory limit

  // Two bodies at once that the budget cannot both hold: one of them goes to disk.
  std::string part(90000, 'p');
  std::string head = "PUT /upload-memory HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                     "Content-Length: 90000\r\n\r\n";
  int first = test::connectLoopback(lgwan_);
  int second = test::connectLoopback(lgwan_);
  ASSERT_GE(first, 0);
  ASSERT_GE(second, 0);
  // Both heads are in, and both bodies begun, before either body ends.
  test::sendAll(first, head + part.substr(0, 1000));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  test::sendAll(second, head + part.substr(0, 1000));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  test::sendAll(first, part.substr(1000));
  test::sendAll(second, part.substr(1000));
  std::string answers = test::receiveAll(first) + test::receiveAll(second);
  ::close(first);
  ::close(second);
  EXPECT_NE(answers.find("memory " + part), std::string::npos);
  EXPECT_NE(answers.find("disk " + part), std::string::npos) << answers.size();
}

TEST_F(ServerTest, RefusedRequestsGetTheHandlersAnswer) {
  start();
  EXPECT_EQ(
      test::roundTrip(lgwan_, "GET /refuse HTTP/1.1\r\nHost: a\r\n\r\n").rfind("HTTP/1.1 403", 0),
      0u);
}

TEST_F(ServerTest, SlowClientsAreTimedOut) {
  start();
  int fd = test::connectLoopback(lgwan_);
  ASSERT_GE(fd, 0);
  test::sendAll(fd, "GET / HTTP/1.1\r\nHost: a\r\n");  // never finishes the head
  auto started = std::chrono::steady_clock::now();
  std::string response = test::receiveAll(fd);  // the server closes the connection
  ::close(fd);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
  EXPECT_EQ(response.find("200"), std::string::npos);

  // A body that stops arriving: the connection is cut and the partial upload removed.
  fd = test::connectLoopback(lgwan_);
  test::sendAll(fd, "PUT /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nab");
  started = std::chrono::steady_clock::now();
  response = test::receiveAll(fd);
  ::close(fd);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
  EXPECT_EQ(response.find("stored"), std::string::npos) << response;
  // The server removes it right after cutting the connection.
  for (int i = 0; i < 100 && test::fileExists(dir_.file("upload-1")); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_FALSE(test::fileExists(dir_.file("upload-1")));
}

TEST_F(ServerTest, ConnectionsOverTheCapAreClosed) {
  limits_.max_connections = 2;
  start();
  int a = test::connectLoopback(lgwan_);
  int b = test::connectLoopback(lgwan_);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::string third = test::roundTrip(lgwan_, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(third, "");
  ::close(a);
  ::close(b);
}

TEST_F(ServerTest, DownloadsStreamAFile) {
  std::string content(200000, '\0');  // several reads of the file, each sent in order
  for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>('A' + i % 29);
  test::writeFileOrDie(dir_.file("download.bin"), content);
  start();
  std::string response = test::roundTrip(lgwan_,
                                         "GET /download HTTP/1.1\r\nHost: a\r\n"
                                         "Connection: close\r\n\r\n");
  EXPECT_NE(response.find("Content-Length: 200000"), std::string::npos);
  ASSERT_NE(response.find("\r\n\r\n"), std::string::npos);
  EXPECT_EQ(response.substr(response.find("\r\n\r\n") + 4), content);
}

TEST_F(ServerTest, StopLetsRequestsInFlightFinish) {
  start();
  auto slow = std::async(std::launch::async, [this] {
    return test::roundTrip(lgwan_, "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server_->stop();
  std::string response = slow.get();
  EXPECT_NE(response.find("slow done"), std::string::npos) << response;
  EXPECT_NE(response.find("Connection: close"), std::string::npos) << response;
  EXPECT_EQ(test::connectLoopback(lgwan_), -1);  // no longer accepting
}

TEST_F(ServerTest, DeferredAnswersHoldNoThreadWhileTheyWait) {
  start();  // 4 threads
  const std::string wait = "GET /wait HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
  std::vector<std::future<std::string>> waiters;
  for (int i = 0; i < 8; ++i) {
    waiters.push_back(
        std::async(std::launch::async, [this, wait] { return test::roundTrip(lgwan_, wait); }));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::string other =
      test::roundTrip(lgwan_, "GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  EXPECT_NE(other.find("zone=lgwan"), std::string::npos) << other;
  handler_->gate.open();
  for (auto& waiter : waiters) {
    std::string response = waiter.get();
    EXPECT_NE(response.find("opened"), std::string::npos) << response;
    EXPECT_EQ(response.find("not opened"), std::string::npos) << response;
    EXPECT_NE(response.find("X-Placeholder: kept"), std::string::npos) << response;
  }
}

TEST_F(ServerTest, StopAnswersDeferredResponsesAtOnce) {
  start();
  auto waiter = std::async(std::launch::async, [this] {
    return test::roundTrip(lgwan_, "GET /wait HTTP/1.1\r\nHost: a\r\n\r\n");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server_->stop();
  std::string response = waiter.get();  // within the client's 5 s, not the 30 s wait
  EXPECT_NE(response.find("not opened"), std::string::npos) << response;
}

TEST_F(ServerTest, BadListenersAreRefusedWhole) {
  auto server = Server::start({{"lgwan", "localhost", 0, "", ""}}, limits_, *handler_);
  EXPECT_FALSE(server.isOk());
  server = Server::start({{"lgwan", "127.0.0.1", 0, "/nonexistent.pem", ""}}, limits_, *handler_);
  EXPECT_FALSE(server.isOk());
}

}  // namespace
}  // namespace sanso::http
