#include "sanso/gateway/mail.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <iconv.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "sanso/gateway/mail_notifier.h"
#include "support/test_util.h"

namespace sanso::gateway {
namespace {

// A one-connection SMTP relay on loopback that records the envelope and the data.
class FakeRelay {
 public:
  explicit FakeRelay(std::string rcpt_reply = "250 ok") : rcpt_reply_(std::move(rcpt_reply)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 1);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeRelay() {
    thread_.join();
    ::close(listener_);
  }
  uint16_t port() const { return port_; }
  std::string transcript;  // commands as received
  std::string data;        // between DATA and "."

 private:
  void serve() {
    int fd = ::accept(listener_, nullptr, nullptr);
    auto say = [&](const std::string& line) { (void)::send(fd, line.data(), line.size(), 0); };
    say("220 fake ESMTP\r\n");
    std::string buffer;
    bool in_data = false;
    char chunk[4096];
    for (;;) {
      size_t end;
      while ((end = buffer.find("\r\n")) == std::string::npos) {
        ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
          ::close(fd);
          return;
        }
        buffer.append(chunk, static_cast<size_t>(n));
      }
      std::string line = buffer.substr(0, end);
      buffer.erase(0, end + 2);
      if (in_data) {
        if (line == ".") {
          in_data = false;
          say("250 queued\r\n");
        } else {
          data += line + "\r\n";
        }
        continue;
      }
      transcript += line + "\n";
      if (line.rfind("EHLO", 0) == 0) {
        say("250-fake\r\n250 8BITMIME\r\n");
      } else if (line.rfind("RCPT", 0) == 0) {
        say(rcpt_reply_ + "\r\n");
      } else if (line == "DATA") {
        in_data = true;
        say("354 go\r\n");
      } else if (line == "QUIT") {
        say("221 bye\r\n");
        ::close(fd);
        return;
      } else {
        say("250 ok\r\n");
      }
    }
  }

  std::string rcpt_reply_;
  int listener_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

std::string fromJis(const std::string& jis) {
  iconv_t cd = iconv_open("UTF-8", "ISO-2022-JP");
  std::string out(jis.size() * 3 + 16, '\0');
  char* in = const_cast<char*>(jis.data());
  size_t in_left = jis.size();
  char* o = out.data();
  size_t out_left = out.size();
  iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

MailMessage sample() {
  MailMessage message;
  message.from = "sanso@city.example.lg.jp";
  message.to = {"tanaka@city.example.lg.jp"};
  message.subject = "【sanso】承認依頼: 転送 #7";
  message.body = "田中 様\n\n.先頭のドット\n承認してください。";
  message.date = 1764460800;
  return message;
}

TEST(Mail, ComposesIso2022JpWithEncodedSubjectAndDotStuffing) {
  auto data = composeMail(sample(), "ISO-2022-JP");
  ASSERT_TRUE(data.isOk()) << data.status().toString();
  EXPECT_NE(data->find("Subject: =?ISO-2022-JP?B?"), std::string::npos);
  EXPECT_NE(data->find("Content-Type: text/plain; charset=ISO-2022-JP"), std::string::npos);
  EXPECT_NE(data->find("Date: Sun, 30 Nov 2025 00:00:00 +0000"), std::string::npos) << *data;
  for (unsigned char c : *data) EXPECT_LT(c, 0x80);  // 7bit on the wire
  std::string body = data->substr(data->find("\r\n\r\n") + 4);
  EXPECT_NE(body.find("\r\n..\x1b"), std::string::npos);  // the leading dot is doubled
  std::string decoded = fromJis(body);
  EXPECT_NE(decoded.find("承認してください。"), std::string::npos) << decoded;
}

TEST(Mail, FallsBackToUtf8WhenJisCannotSayIt) {
  MailMessage message = sample();
  message.body = "髙橋 様 ①";  // no code in JIS X 0208
  auto data = composeMail(message, "ISO-2022-JP");
  ASSERT_TRUE(data.isOk());
  EXPECT_NE(data->find("charset=UTF-8"), std::string::npos);
  EXPECT_NE(data->find("Content-Transfer-Encoding: base64"), std::string::npos);
}

TEST(Mail, RefusesHeaderInjection) {
  MailMessage message = sample();
  message.to = {"a@b.example\r\nBcc: evil@example.com"};
  EXPECT_FALSE(composeMail(message, "UTF-8").isOk());
  message = sample();
  message.subject = "x\r\nBcc: evil@example.com";
  EXPECT_FALSE(composeMail(message, "UTF-8").isOk());
  EXPECT_FALSE(isPlainAddress("<a@b>"));
  EXPECT_FALSE(isPlainAddress("a b@c"));
  EXPECT_TRUE(isPlainAddress("tanaka.taro@city.munakata.lg.jp"));
}

TEST(Mail, DeliversThroughARelay) {
  FakeRelay relay;
  auto data = composeMail(sample(), "ISO-2022-JP");
  ASSERT_TRUE(data.isOk());
  Status sent = sendMail({"127.0.0.1", relay.port(), std::chrono::seconds(5)},
                         "sanso@city.example.lg.jp", {"tanaka@city.example.lg.jp"}, *data);
  EXPECT_TRUE(sent.isOk()) << sent.toString();
  EXPECT_NE(relay.transcript.find("MAIL FROM:<sanso@city.example.lg.jp>"), std::string::npos);
  EXPECT_NE(relay.transcript.find("RCPT TO:<tanaka@city.example.lg.jp>"), std::string::npos);
  EXPECT_EQ(relay.data, *data);
}

TEST(Mail, ReportsARefusingRelay) {
  FakeRelay relay("550 no such user");
  Status sent = sendMail({"127.0.0.1", relay.port(), std::chrono::seconds(5)},
                         "sanso@city.example.lg.jp", {"x@city.example.lg.jp"}, "x\r\n");
  EXPECT_FALSE(sent.isOk());
  EXPECT_NE(sent.message().find("550"), std::string::npos);
}

TEST(Mail, ReportsAnUnreachableRelay) {
  Status sent = sendMail({"127.0.0.1", 1, std::chrono::seconds(2)}, "sanso@city.example.lg.jp",
                         {"x@city.example.lg.jp"}, "x\r\n");
  EXPECT_EQ(sent.code(), StatusCode::kIoError);
}

// A notification queued while the relay is down outlives the server: the next start sends it.
TEST(MailNotifier, QueuedMailIsKeptUntilANextStartSendsIt) {
  test::TempDir dir;
  auto db = store::Database::open(dir.file("sanso.db"));
  ASSERT_TRUE(db.isOk());
  auto accounts = auth::Accounts::open(**db);
  ASSERT_TRUE(accounts.isOk());
  auto hanako = (*accounts)->addUser({"hanako", "花子", "総務課", "staff",
                                      "hanako@city.example.lg.jp", "correct horse battery"});
  ASSERT_TRUE(hanako.isOk()) << hanako.status().toString();
  Transfer transfer;
  transfer.id = 42;
  transfer.from_zone = "internet";
  transfer.to_zone = "lgwan";
  transfer.output_name = "報告書.docx";
  transfer.recipients = {hanako->id};

  MailNotifierSettings settings;
  settings.relay = {"127.0.0.1", 1, std::chrono::seconds(2)};  // nothing listens there
  settings.from = "sanso@city.example.lg.jp";
  settings.attempts = 100;
  settings.retry_delay = std::chrono::seconds(30);
  settings.queue_db = db->get();
  {
    auto down = MailNotifier::open(**accounts, settings);
    ASSERT_TRUE(down.isOk()) << down.status().toString();
    (*down)->available(transfer);
  }  // stopped while retrying
  auto count = [&] {
    auto session = (*db)->read();
    auto st = session->prepare("SELECT count(*) FROM mail_queue");
    EXPECT_TRUE(st.isOk() && *st->step());
    return st->columnInt64(0);
  };
  EXPECT_EQ(count(), 1);

  FakeRelay relay;
  settings.relay = {"127.0.0.1", relay.port(), std::chrono::seconds(5)};
  {
    auto up = MailNotifier::open(**accounts, settings);
    ASSERT_TRUE(up.isOk());
    (*up)->drain();
  }
  EXPECT_NE(relay.transcript.find("RCPT TO:<hanako@city.example.lg.jp>"), std::string::npos);
  EXPECT_NE(relay.data.find("42"), std::string::npos);
  EXPECT_EQ(count(), 0);
}

TEST(MailNotifier, NoticesReachTheUsersAddress) {
  test::TempDir dir;
  auto db = store::Database::open(dir.file("sanso.db"));
  ASSERT_TRUE(db.isOk());
  auto accounts = auth::Accounts::open(**db);
  ASSERT_TRUE(accounts.isOk());
  auto hanako = (*accounts)->addUser({"hanako", "花子", "総務課", "staff",
                                      "hanako@city.example.lg.jp", "correct horse battery"});
  ASSERT_TRUE(hanako.isOk()) << hanako.status().toString();
  FakeRelay relay;
  MailNotifierSettings settings;
  settings.relay = {"127.0.0.1", relay.port(), std::chrono::seconds(5)};
  settings.from = "sanso@city.example.lg.jp";
  settings.charset = "UTF-8";
  auto notifier = MailNotifier::open(**accounts, settings);
  ASSERT_TRUE(notifier.isOk());
  (*notifier)->notice(hanako->id, "期限のお知らせ", "是正期限: 2026-12-01");
  (*notifier)->notice(9999, "x", "y");  // no such user: nothing
  (*notifier)->drain();
  EXPECT_NE(relay.transcript.find("RCPT TO:<hanako@city.example.lg.jp>"), std::string::npos);
  EXPECT_NE(relay.data.find("Subject:"), std::string::npos);
}

}  // namespace
}  // namespace sanso::gateway
