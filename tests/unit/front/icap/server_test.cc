// The listener over loopback TCP, with a client that behaves like Squid 5.7 (bug 5352): after
// the preview and part of the rest it sends nothing more until the ICAP response head arrives.
#include "sanso/icap/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>

#include "sanso/policy/loader.h"
#include "support/ooxml_fixture.h"
#include "support/test_util.h"

namespace sanso::icap {
namespace {

class Client {
 public:
  explicit Client(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  }
  ~Client() { ::close(fd_); }
  bool connected() const { return connected_; }

  bool send(const std::string& data) {
    return ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
  }

  // Reads until `text` has arrived (true) or the server closes or 20 s pass (false).
  bool readUntil(const std::string& text) {
    while (received.find(text) == std::string::npos) {
      if (!readSome()) return false;
    }
    return true;
  }

  // Reads until the server closes the connection.
  void readToEnd() {
    while (readSome()) {
    }
  }

  std::string received;

 private:
  bool readSome() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 20000) <= 0) return false;
    char data[16384];
    ssize_t n = ::recv(fd_, data, sizeof(data), 0);
    if (n <= 0) return false;
    received.append(data, static_cast<size_t>(n));
    return true;
  }

  int fd_;
  bool connected_ = false;
};

class IcapServer : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.data_dir = dir_.path();
    config_.port = 0;
    std::filesystem::create_directories(dir_.path() + "/work/icap");
    auto pack = policy::loadPack(std::string(SANSO_SOURCE_DIR) + "/" + policy::kDefaultPackPath);
    ASSERT_TRUE(pack.isOk()) << pack.status().toString();
    pack_ = std::move(*pack);
    auto audit = audit::AuditLog::open(dir_.path());
    ASSERT_TRUE(audit.isOk()) << audit.status().toString();
    audit_ = std::move(*audit);
  }

  test::TempDir dir_;
  IcapConfig config_;
  policy::PolicyPack pack_;
  std::unique_ptr<audit::AuditLog> audit_;
};

TEST_F(IcapServer, StallingClientGetsTheHeadEarlyThenTheSanitizedDocx) {
  test::DocxSpec spec;
  for (int i = 0; i < 3000; ++i) {
    spec.body_xml += "<w:p><w:r><w:t>第" + std::to_string(i * 7919 % 100003) +
                     "項 防災無線の点検</w:t></w:r></w:p>";
  }
  spec.macro_enabled = true;
  const std::string body = test::buildDocx(spec);
  ASSERT_GT(body.size(), 8192u);
  Service service(config_, pack_, *audit_);
  auto server = Server::start(config_, service);
  ASSERT_TRUE(server.isOk()) << server.status().toString();
  Client client((*server)->port());
  ASSERT_TRUE(client.connected());

  const std::string req = "GET /plan.docm HTTP/1.1\r\nHost: files.example.jp\r\n\r\n";
  const std::string res = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n";
  ASSERT_TRUE(client.send(
      "RESPMOD icap://127.0.0.1/respmod ICAP/1.0\r\nHost: 127.0.0.1\r\n"
      "Preview: 1024\r\nEncapsulated: req-hdr=0, res-hdr=" +
      std::to_string(req.size()) + ", res-body=" + std::to_string(req.size() + res.size()) +
      "\r\n\r\n" + req + res + encodeChunk(body.substr(0, 1024)) + std::string(kLastChunk)));
  ASSERT_TRUE(client.readUntil("ICAP/1.0 100 Continue\r\n\r\n"));
  const size_t half = body.size() / 2;
  const std::string rest = encodeChunk(body.substr(1024)) + std::string(kLastChunk);
  ASSERT_TRUE(client.send(rest.substr(0, half)));
  ASSERT_TRUE(client.readUntil("ICAP/1.0 200 OK\r\n"));  // the head, before the end arrived
  ASSERT_TRUE(client.readUntil("X-Sanso-Sanitized: docx\r\n\r\n")) << client.received;
  ASSERT_TRUE(client.send(rest.substr(half)));
  ASSERT_TRUE(client.readUntil("\r\n0\r\n\r\n")) << client.received.size();
  EXPECT_EQ(client.received.find("Content-Length"), std::string::npos);
  (*server)->stop();
}

}  // namespace
}  // namespace sanso::icap
