// Crash safety of the real `sanso serve`: SIGKILL in the middle of an upload, while transfers
// are being sanitized, and among approvals; after each kill the databases pass
// PRAGMA integrity_check, the audit chain verifies, and after the restart on the same data
// directory every transfer is in a consistent state (finished ones downloadable with the right
// sanitized content, interrupted uploads not ready, interrupted jobs finished), and no
// temporary file or unreferenced blob is left. No timing assertions: polling with deadlines.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "sanso/store/database.h"
#include "support/http_client.h"
#include "support/ooxml_fixture.h"
#include "support/serve_process.h"
#include "support/test_util.h"

namespace sanso {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::shellQuote;
using Session = test::ApiSession;

constexpr const char* kPassword = "correct horse battery";
constexpr auto kDeadline = std::chrono::seconds(60);

std::string macroDocument(int n) {
  test::DocxSpec spec;
  spec.macro_enabled = true;
  spec.body_xml = "<w:p><w:r><w:t>お知らせ " + std::to_string(n) + "</w:t></w:r></w:p>";
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

bool nextRow(Result<store::Statement>& st) {
  if (!st.isOk()) return false;
  auto row = st->step();
  return row.isOk() && *row;
}

size_t countEntries(const std::string& dir) {
  size_t n = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) ++n;
  return n;
}

// Files (not directories) anywhere under `dir`.
// Files under `dir` that hold anything: a worker keeps its emptied output files for the
// next job, which are no leftovers.
size_t countFilesWithContentUnder(const std::string& dir) {
  size_t n = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec)) continue;
    if (!it->is_regular_file(ec) || it->file_size(ec) != 0) ++n;
  }
  return n;
}

class ServeCrash : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.file("data");
    pack_ = test::defaultPackPath();
    for (const char* login : {"taro", "boss", "hanako"}) {
      test::addUserWithCli(data_, login, "総務課", "staff", pack_, kPassword);
    }
    ASSERT_NO_FATAL_FAILURE(test::setSupervisorWithCli(data_, "boss", "総務課"));
    test::writeServeConfig(dir_.file("sanso.toml"), pack_);
  }

  void start() { server_.start(dir_.file("sanso.toml")); }

  // kill -9 now, then check what the crash left: both databases intact, the chain verifies.
  void crash() {
    server_.kill();
    for (const char* file : {"sanso.db", "audit.db"}) {
      EXPECT_EQ(integrity(data_ + "/" + file), "ok") << file;
    }
    verifyAudit();
  }

  static std::string integrity(const std::string& path) {
    auto db = store::Database::open(path);
    if (!db.isOk()) return db.status().toString();
    auto session = (*db)->read();
    if (!session.isOk()) return session.status().toString();
    auto st = session->prepare("PRAGMA integrity_check");
    if (!st.isOk()) return st.status().toString();
    auto row = st->step();
    return row.isOk() && *row ? st->columnText(0) : "no answer";
  }

  void verifyAudit() {
    int code = -1;
    std::string out = test::runCommand(
        shellQuote(SANSO_BINARY) + " audit verify --data " + shellQuote(data_) + " 2>&1", &code);
    EXPECT_EQ(code, 0) << out;
  }

  // The rows of the transfers table: id -> {state, original_blob, output_blob}.
  std::map<int64_t, std::vector<std::string>> rows() {
    std::map<int64_t, std::vector<std::string>> out;
    auto db = store::Database::open(data_ + "/sanso.db");
    EXPECT_TRUE(db.isOk());
    if (!db.isOk()) return out;
    auto session = (*db)->read();
    auto st = session->prepare("SELECT id, state, original_blob, output_blob FROM transfers");
    EXPECT_TRUE(st.isOk());
    while (nextRow(st)) {
      out[st->columnInt64(0)] = {st->columnText(1), st->columnText(2), st->columnText(3)};
    }
    return out;
  }

  int64_t countRows(const std::string& sql) {
    auto db = store::Database::open(data_ + "/sanso.db");
    if (!db.isOk()) return -1;
    auto session = (*db)->read();
    auto st = session->prepare(sql);
    if (!nextRow(st)) return -1;
    return st->columnInt64(0);
  }

  // Polls (up to 5 s) until `count_sql` counts at least one row.
  void waitForRow(const std::string& count_sql) {
    auto db = store::Database::open(data_ + "/sanso.db");
    ASSERT_TRUE(db.isOk());
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < until) {
      auto session = (*db)->read();
      ASSERT_TRUE(session.isOk());
      auto st = session->prepare(count_sql);
      if (nextRow(st) && st->columnInt64(0) > 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  // Stored blobs (hashes): files on disk and rows of the database.
  std::set<std::string> storedBlobs() {
    std::set<std::string> out;
    for (const auto& prefix : fs::directory_iterator(data_ + "/blobs")) {
      std::string name = prefix.path().filename().string();
      if (name.size() != 2 || !prefix.is_directory()) continue;
      for (const auto& file : fs::directory_iterator(prefix.path())) {
        out.insert(name + file.path().filename().string());
      }
    }
    auto db = store::Database::open(data_ + "/sanso.db");
    EXPECT_TRUE(db.isOk());
    if (!db.isOk()) return out;
    auto session = (*db)->read();
    auto st = session->prepare("SELECT hash FROM blob_rows");
    EXPECT_TRUE(st.isOk());
    while (nextRow(st)) out.insert(st->columnText(0));
    return out;
  }

  // Once nothing is queued: every blob on disk is referenced, every reference exists, and no
  // temporary is left anywhere.
  void expectQuiescentAndTidy() {
    std::set<std::string> referenced;
    for (const auto& [id, row] : rows()) {
      const std::string& state = row[0];
      EXPECT_NE(state, "uploaded") << id;
      EXPECT_NE(state, "sanitizing") << id;
      if (state == "available" || state == "awaiting_approval") {
        EXPECT_FALSE(row[2].empty()) << "transfer " << id << " in " << state << " has no file";
      }
      if (!row[1].empty()) referenced.insert(row[1]);
      if (!row[2].empty()) referenced.insert(row[2]);
    }
    EXPECT_EQ(storedBlobs(), referenced) << "orphan or missing blobs";
    EXPECT_EQ(countEntries(data_ + "/blobs/.tmp"), 0u);
    EXPECT_EQ(countEntries(data_ + "/work/http"), 0u);
    // A worker empties its directory just after committing the job's result; the directories
    // of the killed server's workers went at the restart.
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (countFilesWithContentUnder(data_ + "/work/gateway") != 0 &&
           std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(countFilesWithContentUnder(data_ + "/work/gateway"), 0u);
    std::error_code ec;
    for (fs::directory_iterator it(data_ + "/work/gateway", ec), end; !ec && it != end;
         it.increment(ec)) {
      EXPECT_TRUE(it->path().filename().string().starts_with("worker-")) << it->path();
    }
  }

  Session login(uint16_t port, const std::string& user) {
    return test::loginSession(port, user, kPassword);
  }

  int64_t create(const Session& s, const std::string& to_zone) {
    json order = {{"to_zone", to_zone},
                  {"recipients", {"hanako"}},
                  {"classification", {{"confidentiality", "2"}}},
                  {"max_downloads", 20}};
    auto reply = test::apiCall(s, "POST", "/api/v1/transfers", order.dump());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? json::parse(reply.body)["id"].get<int64_t>() : 0;
  }

  static std::string contentTarget(int64_t id, const std::string& name) {
    return "/api/v1/transfers/content?id=" + std::to_string(id) + "&name=" + name;
  }

  int upload(const Session& s, int64_t id, const std::string& name, const std::string& bytes) {
    auto reply = test::apiCall(s, "PUT", contentTarget(id, name), bytes);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status;
  }

  json item(const Session& s, int64_t id) {
    auto reply = test::apiCall(s, "GET", "/api/v1/transfers/item?id=" + std::to_string(id));
    return reply.status == 200 ? json::parse(reply.body) : json{{"status", reply.status}};
  }

  // Polls until `id` is out of the queue (uploaded/sanitizing), up to the deadline.
  json settled(const Session& s, int64_t id) {
    auto until = std::chrono::steady_clock::now() + kDeadline;
    json t = item(s, id);
    while (std::chrono::steady_clock::now() < until &&
           (t["state"] == "uploaded" || t["state"] == "sanitizing")) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      t = item(s, id);
    }
    return t;
  }

  bool timelineMentions(const Session& s, int64_t id, const std::string& text) {
    auto reply = test::apiCall(s, "GET", "/api/v1/transfers/timeline?id=" + std::to_string(id));
    return reply.status == 200 && reply.body.find(text) != std::string::npos;
  }

  test::HttpReply download(const Session& s, int64_t id) {
    return test::apiCall(s, "GET", "/api/v1/transfers/download?id=" + std::to_string(id));
  }

  // A sanitized macro document: a docx with its text and without the macros.
  static void expectSanitizedDocx(const std::string& bytes, int n) {
    auto parts = test::readZip(bytes);
    ASSERT_EQ(parts.count("word/document.xml"), 1u);
    EXPECT_EQ(parts.count("word/vbaProject.bin"), 0u);
    EXPECT_NE(parts["word/document.xml"].find("お知らせ " + std::to_string(n)), std::string::npos);
  }

  test::TempDir dir_;
  std::string data_;
  std::string pack_;
  test::ServeProcess server_;
};

TEST_F(ServeCrash, KillDuringUploadSanitizingAndApprovalLosesNothing) {
  // --- 1. kill -9 while a large upload is on the wire ------------------------------------
  ASSERT_NO_FATAL_FAILURE(start());
  Session taro = login(server_.internet(), "taro");
  Session hanako = login(server_.lgwan(), "hanako");
  int64_t done = create(taro, "lgwan");
  ASSERT_EQ(upload(taro, done, "before.txt", "再起動の前に届いたファイル\n"), 200);
  ASSERT_EQ(settled(taro, done)["state"], "available");

  int64_t cut = create(taro, "lgwan");
  const std::string big(8 << 20, 'a');
  int fd = test::connectLoopback(server_.internet());
  ASSERT_GE(fd, 0);
  test::sendAll(fd, "PUT " + contentTarget(cut, "big.txt") + " HTTP/1.1\r\nHost: sanso\r\n" +
                        taro.cookie + "X-CSRF-Token: " + taro.csrf +
                        "\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                        std::to_string(big.size()) + "\r\n\r\n");
  test::sendAll(fd, big.substr(0, 2 << 20));
  // Wait until the server has streamed part of it to disk, then crash.
  auto until = std::chrono::steady_clock::now() + kDeadline;
  auto partialOnDisk = [&] {
    std::error_code ec;
    for (fs::directory_iterator it(data_ + "/work/http", ec), end; !ec && it != end;
         it.increment(ec)) {
      if (it->file_size(ec) > (1u << 20)) return true;
    }
    return false;
  };
  while (!partialOnDisk() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(partialOnDisk());
  crash();
  ::close(fd);
  // What else a crash can leave: a blob written before its row, a blob temporary.
  const std::string orphan(64, 'e');
  fs::create_directories(data_ + "/blobs/ee");
  test::writeFileOrDie(data_ + "/blobs/ee/" + orphan.substr(2), "unreferenced");
  test::writeFileOrDie(data_ + "/blobs/.tmp/blob-killed", "half a blob");
  const std::string orphan_row(64, 'd');  // the same for a blob kept in the database
  {
    auto db = store::Database::open(data_ + "/sanso.db");
    ASSERT_TRUE(db.isOk());
    Status inserted = (*db)->write([&](store::Session& s) -> Status {
      SANSO_ASSIGN_OR_RETURN(
          store::Statement st,
          s.prepare("INSERT INTO blob_rows (hash, size, written_at, data) VALUES (?1, 3, 0, 'abc')"));
      SANSO_RETURN_IF_ERROR(st.bindText(1, orphan_row));
      return st.run();
    });
    ASSERT_TRUE(inserted.isOk()) << inserted.toString();
  }

  ASSERT_NO_FATAL_FAILURE(start());
  EXPECT_FALSE(test::fileExists(data_ + "/blobs/ee/" + orphan.substr(2)));
  EXPECT_EQ(storedBlobs().count(orphan_row), 0u);
  taro = login(server_.internet(), "taro");
  hanako = login(server_.lgwan(), "hanako");
  json interrupted = item(taro, cut);
  EXPECT_EQ(interrupted["state"], "created") << interrupted.dump();  // not ready, no file
  EXPECT_TRUE(timelineMentions(taro, cut, "中断"));
  EXPECT_EQ(download(hanako, cut).status, 404);
  auto inbox = test::apiCall(hanako, "GET", "/api/v1/transfers?box=inbox");
  ASSERT_EQ(inbox.status, 200);
  ASSERT_EQ(json::parse(inbox.body)["transfers"].size(), 1u) << inbox.body;
  auto before = download(hanako, done);
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.body, "再起動の前に届いたファイル\n");
  // The sender uploads again and it goes through.
  ASSERT_EQ(upload(taro, cut, "big.txt", "もう一度送った\n"), 200);
  ASSERT_EQ(settled(taro, cut)["state"], "available");
  EXPECT_EQ(download(hanako, cut).body, "もう一度送った\n");
  expectQuiescentAndTidy();

  // --- 2. kill -9 with transfers queued and being sanitized --------------------------------
  constexpr int kQueued = 16;
  std::vector<int64_t> queued;
  for (int i = 0; i < kQueued; ++i) queued.push_back(create(taro, "lgwan"));
  // All uploads at once, so that they queue up faster than the two workers sanitize.
  std::vector<int> statuses(kQueued, 0);
  {
    std::vector<std::thread> senders;
    for (int i = 0; i < kQueued; ++i) {
      senders.emplace_back([&, i] {
        auto n = static_cast<size_t>(i);
        std::string name = i % 2 == 0 ? "notice.docm" : "memo.txt";
        std::string bytes = i % 2 == 0 ? macroDocument(i) : "連絡 " + std::to_string(i) + "\n";
        statuses[n] = test::apiCall(taro, "PUT", contentTarget(queued[n], name), bytes).status;
      });
    }
    for (std::thread& t : senders) t.join();
  }
  for (int status : statuses) ASSERT_EQ(status, 200);
  // Right after the last upload was accepted, at a moment when a worker holds a job (the
  // queue is long enough for that; if the moment is missed the checks below still hold).
  waitForRow("SELECT count(*) FROM transfers WHERE state = 'sanitizing'");
  crash();
  std::set<int64_t> claimed;
  for (const auto& [id, row] : rows()) {
    if (row[0] == "sanitizing") claimed.insert(id);
  }
  int64_t waiting = countRows(
      "SELECT count(*) FROM transfers WHERE state IN "
      "('uploaded', 'sanitizing')");
  std::printf("[ crash   ] %lld of %d transfers still queued, %zu being sanitized\n",
              static_cast<long long>(waiting), kQueued, claimed.size());

  ASSERT_NO_FATAL_FAILURE(start());
  taro = login(server_.internet(), "taro");
  hanako = login(server_.lgwan(), "hanako");
  for (int i = 0; i < kQueued; ++i) {
    int64_t id = queued[static_cast<size_t>(i)];
    json t = settled(taro, id);
    ASSERT_EQ(t["state"], "available") << t.dump();
    if (claimed.count(id) != 0) {
      EXPECT_TRUE(timelineMentions(taro, id, "再起動")) << id;
    }
    auto file = download(hanako, id);
    ASSERT_EQ(file.status, 200) << file.body;
    if (i % 2 == 0) {
      expectSanitizedDocx(file.body, i);
    } else {
      EXPECT_EQ(file.body, "連絡 " + std::to_string(i) + "\n");
    }
  }
  expectQuiescentAndTidy();

  // --- 3. kill -9 among approvals ------------------------------------------------------------
  Session sender = login(server_.lgwan(), "taro");
  constexpr int kExports = 8;
  std::vector<int64_t> exports;
  for (int i = 0; i < kExports; ++i) {
    int64_t id = create(sender, "internet");
    exports.push_back(id);
    ASSERT_EQ(upload(sender, id, "report.txt", "報告 " + std::to_string(i) + "\n"), 200);
  }
  for (int64_t id : exports) ASSERT_EQ(settled(sender, id)["state"], "awaiting_approval");
  Session boss = login(server_.lgwan(), "boss");
  const std::string approve = "/api/v1/transfers/approve?id=";
  for (int i = 0; i < 3; ++i) {
    auto reply = test::apiCall(boss, "POST", approve + std::to_string(exports[i]),
                               "{\"comment\":\"確認した\"}");
    ASSERT_EQ(reply.status, 200) << reply.body;
  }
  // The rest all at once, and the crash while they are being handled.
  std::vector<int> sockets;
  for (int i = 3; i < kExports; ++i) {
    std::string body = "{\"comment\":\"確認した\"}";
    int s = test::connectLoopback(server_.lgwan());
    ASSERT_GE(s, 0);
    test::sendAll(s, "POST " + approve + std::to_string(exports[static_cast<size_t>(i)]) +
                         " HTTP/1.1\r\nHost: sanso\r\n" + boss.cookie + "X-CSRF-Token: " +
                         boss.csrf + "\r\nContent-Type: application/json\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n\r\n" + body);
    sockets.push_back(s);
  }
  waitForRow("SELECT count(*) - 3 FROM approvals");  // once the first of them has committed
  crash();
  for (int s : sockets) ::close(s);

  ASSERT_NO_FATAL_FAILURE(start());
  sender = login(server_.lgwan(), "taro");
  boss = login(server_.lgwan(), "boss");
  Session receiver = login(server_.internet(), "hanako");
  int approved_before_restart = 0;
  for (int i = 0; i < kExports; ++i) {
    int64_t id = exports[static_cast<size_t>(i)];
    json t = item(sender, id);
    ASSERT_TRUE(t["state"] == "available" || t["state"] == "awaiting_approval") << t.dump();
    if (t["state"] == "awaiting_approval") {
      EXPECT_GE(i, 3) << "an approval that was answered 200 was lost";
      auto reply = test::apiCall(boss, "POST", approve + std::to_string(id), "{}");
      ASSERT_EQ(reply.status, 200) << reply.body;
    } else {
      ++approved_before_restart;
    }
    auto file = download(receiver, id);
    ASSERT_EQ(file.status, 200) << file.body;
    EXPECT_EQ(file.body, "報告 " + std::to_string(i) + "\n");
  }
  std::printf("[ crash   ] %d of %d approvals committed before the kill\n", approved_before_restart,
              kExports);
  // One verdict per transfer, never two.
  EXPECT_EQ(countRows("SELECT count(*) FROM approvals"), kExports);
  EXPECT_EQ(countRows("SELECT count(*) FROM (SELECT transfer_id FROM approvals GROUP BY "
                      "transfer_id HAVING count(*) > 1)"),
            0);
  expectQuiescentAndTidy();
  EXPECT_EQ(server_.terminate(), 0);
  verifyAudit();
  // Each recovery step left its audit record.
  std::string exported = test::runCommand(
      shellQuote(SANSO_BINARY) + " audit export --format jsonl --data " + shellQuote(data_));
  for (const char* action : {"recovery.temporaries", "blob.remove_orphans", "transfer.recover"}) {
    EXPECT_NE(exported.find(std::string("\"action\":\"") + action + "\""), std::string::npos)
        << action;
  }
  EXPECT_NE(exported.find("\"cause\":\"partial-upload\""), std::string::npos);
}

}  // namespace
}  // namespace sanso
