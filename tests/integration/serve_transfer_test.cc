// Runs the real `sanso serve` on ephemeral ports and drives the transfer API from the outside:
// import with 無害化 (a macro document arrives as a docx without its macros), export with the
// supervisor's approval, DLP, IDOR and wrong-listener access, hostile file names and an
// oversize upload.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "support/http_client.h"
#include "support/ooxml_fixture.h"
#include "support/serve_process.h"
#include "sanso/store/database.h"
#include "support/test_util.h"

namespace sanso {
namespace {

using nlohmann::json;
using test::httpRequest;
using test::shellQuote;

constexpr const char* kPassword = "correct horse battery";
constexpr uint64_t kUploadLimit = 65536;

using Session = test::ApiSession;

std::string percentEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      out += static_cast<char>(c);
    } else {
      char escape[4];
      std::snprintf(escape, sizeof escape, "%%%02X", c);
      out += escape;
    }
  }
  return out;
}

class ServeTransfer : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.file("data");
    const std::string pack = test::defaultPackPath();
    // The default pack with a small upload limit, so that an oversize upload is cheap.
    std::string text = test::readFileOrDie(pack);
    text = std::regex_replace(text, std::regex("max_bytes: [0-9]+"),
                              "max_bytes: " + std::to_string(kUploadLimit));
    test::writeFileOrDie(dir_.file("pack.yaml"), text);
    for (const auto& [login, department] : {std::pair{"taro", "総務課"},
                                            {"boss", "総務課"},
                                            {"hanako", "総務課"},
                                            {"eve", "企画課"}}) {
      test::addUserWithCli(data_, login, department, "staff", pack, kPassword);
    }
    ASSERT_NO_FATAL_FAILURE(test::setSupervisorWithCli(data_, "boss", "総務課"));
    test::writeServeConfig(dir_.file("sanso.toml"), dir_.file("pack.yaml"));
    server_.start(dir_.file("sanso.toml"));
    lgwan_ = server_.lgwan();
    internet_ = server_.internet();
  }

  Session login(uint16_t port, const std::string& user) {
    return test::loginSession(port, user, kPassword);
  }

  test::HttpReply call(const Session& s, const std::string& method, const std::string& target,
                       const std::string& body = "") {
    return test::apiCall(s, method, target, body);
  }

  // Creates a transfer to `to_zone` for `recipient`; returns its id.
  int64_t create(const Session& s, const std::string& to_zone, const std::string& recipient) {
    json order = {{"to_zone", to_zone},
                  {"recipients", {recipient}},
                  {"classification", {{"confidentiality", "2"}}},
                  {"note", "テスト"}};
    auto reply = call(s, "POST", "/api/v1/transfers", order.dump());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? json::parse(reply.body)["id"].get<int64_t>() : 0;
  }

  test::HttpReply upload(const Session& s, int64_t id, const std::string& name,
                         const std::string& bytes) {
    return call(
        s, "PUT",
        "/api/v1/transfers/content?id=" + std::to_string(id) + "&name=" + percentEncode(name),
        bytes);
  }

  // The transfer once it left the queue (up to 60 s).
  json settled(const Session& s, int64_t id) {
    json item;
    for (int i = 0; i < 600; ++i) {
      auto reply = call(s, "GET", "/api/v1/transfers/item?id=" + std::to_string(id));
      if (reply.status != 200) return json{{"status", reply.status}};
      item = json::parse(reply.body);
      std::string state = item["state"];
      if (state != "uploaded" && state != "sanitizing") return item;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return item;
  }

  std::string get(const std::string& path) { return "/api/v1/transfers/" + path; }

  test::TempDir dir_;
  std::string data_;
  test::ServeProcess server_;
  uint16_t lgwan_ = 0;
  uint16_t internet_ = 0;
};

std::string macroDocument() {
  test::DocxSpec spec;
  spec.macro_enabled = true;
  spec.body_xml = "<w:p><w:r><w:t>宗像市 お知らせ</w:t></w:r></w:p>";
  spec.extra_rels =
      "<Relationship Id=\"rIdVba\" "
      "Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" "
      "Target=\"vbaProject.bin\"/>";
  spec.extra_types =
      "<Override PartName=\"/word/vbaProject.bin\" "
      "ContentType=\"application/vnd.ms-office.vbaProject\"/>";
  spec.extra_parts = {{"word/vbaProject.bin", "Attribute VB_Name = \"ThisDocument\"\nShell"}};
  return test::buildDocx(spec);
}

TEST_F(ServeTransfer, ImportArrivesSanitizedOnTheLgwanListenerOnly) {
  Session taro = login(internet_, "taro");
  int64_t id = create(taro, "lgwan", "hanako");
  ASSERT_GT(id, 0);
  auto uploaded = upload(taro, id, "お知らせ.docm", macroDocument());
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  json item = settled(taro, id);
  ASSERT_EQ(item["state"], "available") << item.dump();
  EXPECT_EQ(item["file_type"], "docm");
  EXPECT_FALSE(item["report"].is_null());
  auto timeline = call(taro, "GET", get("timeline?id=") + std::to_string(id));
  EXPECT_EQ(timeline.status, 200);

  // The recipient, on the wrong listener, sees nothing.
  Session hanako_internet = login(internet_, "hanako");
  EXPECT_EQ(call(hanako_internet, "GET", get("download?id=") + std::to_string(id)).status, 404);
  EXPECT_EQ(call(hanako_internet, "GET", get("item?id=") + std::to_string(id)).status, 404);

  Session hanako = login(lgwan_, "hanako");
  auto inbox = call(hanako, "GET", "/api/v1/transfers?box=inbox");
  ASSERT_EQ(inbox.status, 200);
  EXPECT_EQ(json::parse(inbox.body)["transfers"].size(), 1u);
  auto file = call(hanako, "GET", get("download?id=") + std::to_string(id));
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_NE(file.headers.find("filename*=UTF-8''"), std::string::npos) << file.headers;
  EXPECT_NE(file.headers.find(".docx"), std::string::npos) << file.headers;
  EXPECT_NE(file.headers.find("X-Content-Type-Options: nosniff"), std::string::npos);
  auto parts = test::readZip(file.body);
  EXPECT_EQ(parts.count("word/document.xml"), 1u);
  EXPECT_EQ(parts.count("word/vbaProject.bin"), 0u);
}

TEST_F(ServeTransfer, ExportNeedsTheSupervisorsApproval) {
  Session taro = login(lgwan_, "taro");
  int64_t id = create(taro, "internet", "hanako");
  ASSERT_GT(id, 0);
  ASSERT_EQ(upload(taro, id, "memo.txt", "会議は 10 時からです。\n").status, 200);
  json item = settled(taro, id);
  ASSERT_EQ(item["state"], "awaiting_approval") << item.dump();
  // The sender cannot approve their own transfer; the supervisor on the internet side neither.
  EXPECT_EQ(call(taro, "POST", get("approve?id=") + std::to_string(id), "{}").status, 404);
  Session boss_internet = login(internet_, "boss");
  EXPECT_EQ(call(boss_internet, "POST", get("approve?id=") + std::to_string(id), "{}").status, 404);
  Session boss = login(lgwan_, "boss");
  auto approvals = call(boss, "GET", "/api/v1/transfers?box=approvals");
  EXPECT_EQ(json::parse(approvals.body)["transfers"].size(), 1u) << approvals.body;
  auto approved =
      call(boss, "POST", get("approve?id=") + std::to_string(id), "{\"comment\":\"確認した\"}");
  ASSERT_EQ(approved.status, 200) << approved.body;
  Session hanako = login(internet_, "hanako");
  auto file = call(hanako, "GET", get("download?id=") + std::to_string(id));
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_EQ(file.body, "会議は 10 時からです。\n");

  // SIGTERM stops the listeners, the retention thread and the workers; the chain verifies.
  EXPECT_EQ(server_.terminate(), 0);
  int code = -1;
  std::string verify = test::runCommand(
      shellQuote(SANSO_BINARY) + " audit verify --data " + shellQuote(data_), &code);
  EXPECT_EQ(code, 0) << verify;
  std::string exported = test::runCommand(
      shellQuote(SANSO_BINARY) + " audit export --format jsonl --data " + shellQuote(data_));
  EXPECT_NE(exported.find("transfer.approve"), std::string::npos);
  EXPECT_NE(exported.find("transfer.download"), std::string::npos);
}

TEST_F(ServeTransfer, DlpBlocksAMyNumberAndLetsAWrongCheckDigitThrough) {
  Session taro = login(lgwan_, "taro");
  int64_t hit = create(taro, "internet", "hanako");
  ASSERT_EQ(upload(taro, hit, "a.txt", "番号 983205673214 です\n").status, 200);
  json blocked = settled(taro, hit);
  EXPECT_EQ(blocked["state"], "blocked") << blocked.dump();
  EXPECT_EQ(blocked.dump().find("983205673214"), std::string::npos);  // masked, never the digits
  int64_t clean = create(taro, "internet", "hanako");
  ASSERT_EQ(upload(taro, clean, "b.txt", "番号 983205673210 です\n").status, 200);
  EXPECT_EQ(settled(taro, clean)["state"], "awaiting_approval");
}

TEST_F(ServeTransfer, OtherDepartmentsAndBadIdsSeeNothing) {
  Session taro = login(lgwan_, "taro");
  int64_t id = create(taro, "internet", "hanako");
  ASSERT_EQ(upload(taro, id, "memo.txt", "hello\n").status, 200);
  ASSERT_EQ(settled(taro, id)["state"], "awaiting_approval");
  Session eve = login(lgwan_, "eve");
  const std::string n = std::to_string(id);
  EXPECT_EQ(call(eve, "GET", get("item?id=") + n).status, 404);
  EXPECT_EQ(call(eve, "GET", get("timeline?id=") + n).status, 404);
  EXPECT_EQ(call(eve, "POST", get("approve?id=") + n, "{\"comment\":\"x\"}").status, 404);
  EXPECT_EQ(call(eve, "POST", get("reject?id=") + n, "{\"comment\":\"x\"}").status, 404);
  EXPECT_EQ(call(eve, "GET", get("download?id=") + n).status, 404);
  EXPECT_EQ(call(eve, "POST", get("release?id=") + n, "{\"reason\":\"x\"}").status, 404);
  EXPECT_EQ(call(eve, "GET", get("item?id=99999")).status, 404);
  EXPECT_EQ(call(eve, "GET", get("item?id=0")).status, 400);
  EXPECT_EQ(call(eve, "GET", get("item?id=-1")).status, 400);
  EXPECT_EQ(call(eve, "GET", get("item?id=1&id=2")).status, 400);
  EXPECT_EQ(call(eve, "GET", "/api/v1/transfers?box=all").status, 400);
  EXPECT_EQ(httpRequest(lgwan_, "GET", get("item?id=") + n).status, 401);
  // No CSRF token, no upload.
  EXPECT_EQ(
      httpRequest(lgwan_, "PUT", get("content?id=") + n + "&name=a.txt", taro.cookie, "x").status,
      403);
  // Someone else's transfer: refused from the request head, before any of the body is taken
  // (the 100 MB it announces never comes, and the answer does not wait for it).
  int fd = test::connectLoopback(lgwan_);
  ASSERT_GE(fd, 0);
  test::sendAll(fd, "PUT " + get("content?id=") + n + "&name=a.txt HTTP/1.1\r\nHost: x\r\n" +
                        eve.cookie + "X-CSRF-Token: " + eve.csrf +
                        "\r\nContent-Length: 104857600\r\n\r\nabc");
  std::string answer = test::receiveAll(fd);
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 404", 0), 0u) << answer.substr(0, 200);
  EXPECT_TRUE(std::filesystem::is_empty(data_ + "/work/http"));
}

TEST_F(ServeTransfer, WaitingForATransferAnswersWhenItsStateChanges) {
  Session taro = login(internet_, "taro");
  int64_t id = create(taro, "lgwan", "hanako");
  ASSERT_GT(id, 0);
  const std::string item = get("item?id=") + std::to_string(id);
  for (const char* bad :
       {"&wait=31", "&wait=-1", "&wait=abc", "&wait=", "&wait=100", "&wait=1&state=bogus"}) {
    EXPECT_EQ(call(taro, "GET", item + bad).status, 400) << bad;
  }
  // Nothing moves a created transfer on: the wait ends at its deadline with the transfer.
  const auto start = std::chrono::steady_clock::now();
  auto unchanged = call(taro, "GET", item + "&wait=1&state=created");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
  ASSERT_EQ(unchanged.status, 200) << unchanged.body;
  EXPECT_EQ(json::parse(unchanged.body)["state"], "created");
  // The router's security headers reach a deferred answer too.
  EXPECT_NE(unchanged.headers.find("X-Frame-Options: DENY"), std::string::npos);
  EXPECT_NE(unchanged.headers.find("Cache-Control: no-store"), std::string::npos);
  // Not waiting in the state it is in: answered at once.
  EXPECT_EQ(json::parse(call(taro, "GET", item + "&wait=3").body)["state"], "created");

  ASSERT_EQ(upload(taro, id, "お知らせ.docm", macroDocument()).status, 200);
  json ready;
  for (int i = 0; i < 20; ++i) {
    auto reply = call(taro, "GET", item + "&wait=3");
    ASSERT_EQ(reply.status, 200) << reply.body;
    ready = json::parse(reply.body);
    if (ready["state"] != "uploaded" && ready["state"] != "sanitizing") break;
  }
  EXPECT_EQ(ready["state"], "available") << ready.dump();
  EXPECT_FALSE(ready["report"].is_null());

  // Someone who may not see it waits for nothing.
  Session eve = login(internet_, "eve");
  EXPECT_EQ(call(eve, "GET", item + "&wait=3&state=available").status, 404);
}

TEST_F(ServeTransfer, AWaiterWhoseSessionEndedGetsNoTransfer) {
  Session waiting = login(internet_, "taro");
  Session other = login(internet_, "taro");
  int64_t id = create(other, "lgwan", "hanako");
  ASSERT_GT(id, 0);
  test::HttpReply answer;
  std::thread waiter([&] {
    answer = call(waiting, "GET", get("item?id=") + std::to_string(id) + "&wait=4&state=created");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(call(waiting, "POST", "/api/v1/logout").status, 200);
  ASSERT_EQ(upload(other, id, "a.txt", "hello\n").status, 200);  // wakes the waiter
  waiter.join();
  EXPECT_EQ(answer.status, 401) << answer.body;
}

TEST_F(ServeTransfer, HostileFileNamesAreCleaned) {
  Session taro = login(internet_, "taro");
  int64_t id = create(taro, "lgwan", "hanako");
  EXPECT_EQ(upload(taro, id, std::string("a\0b.txt", 7), "x").status, 400);
  EXPECT_EQ(upload(taro, id, std::string(256, 'a') + ".txt", "x").status, 400);
  EXPECT_EQ(call(taro, "PUT", get("content?id=") + std::to_string(id) + "&name=%zz", "x").status,
            400);
  auto uploaded = upload(taro, id, "../../etc/pa\nss\x01wd\xe2\x80\xae.txt", "hello\n");
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  ASSERT_EQ(settled(taro, id)["state"], "available");
  Session hanako = login(lgwan_, "hanako");
  auto file = call(hanako, "GET", get("download?id=") + std::to_string(id));
  ASSERT_EQ(file.status, 200) << file.body;
  std::smatch disposition;
  ASSERT_TRUE(
      std::regex_search(file.headers, disposition, std::regex("Content-Disposition: ([^\r]*)")));
  const std::string value = disposition[1].str();
  EXPECT_EQ(value.find('/'), std::string::npos) << value;
  EXPECT_EQ(value.find("%2F"), std::string::npos) << value;
  for (unsigned char c : value) EXPECT_GE(c, 0x20) << value;
  EXPECT_EQ(value.find("%0A"), std::string::npos) << value;
  EXPECT_EQ(value.find("%01"), std::string::npos) << value;
  EXPECT_EQ(value.find("%E2%80%AE"), std::string::npos) << value;  // no bidi override
}

TEST_F(ServeTransfer, OversizeUploadIsRefusedAndNothingIsStored) {
  Session taro = login(internet_, "taro");
  int64_t id = create(taro, "lgwan", "hanako");
  auto reply = upload(taro, id, "big.txt", std::string(kUploadLimit + 1, 'a'));
  EXPECT_EQ(reply.status, 413) << reply.body;
  EXPECT_EQ(settled(taro, id)["state"], "created");
  size_t blobs = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data_ + "/blobs")) {
    blobs += entry.is_regular_file() ? 1 : 0;
  }
  EXPECT_EQ(blobs, 0u);
  auto db = store::Database::open(data_ + "/sanso.db");
  ASSERT_TRUE(db.isOk());
  auto session = (*db)->read();
  ASSERT_TRUE(session.isOk());
  auto rows = session->prepare("SELECT COUNT(*) FROM blob_rows");
  ASSERT_TRUE(rows.isOk());
  ASSERT_TRUE(*rows->step());
  EXPECT_EQ(rows->columnInt64(0), 0);
  EXPECT_TRUE(std::filesystem::is_empty(data_ + "/work/http"));
}

}  // namespace
}  // namespace sanso
