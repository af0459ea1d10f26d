// The RESPMOD service end to end in memory: the default policy pack, a real audit log, the
// engine; responses parsed back and checked with python3's zipfile.
#include "sanso/icap/service.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "sanso/policy/loader.h"
#include "support/ooxml_fixture.h"
#include "support/test_util.h"

namespace sanso::icap {
namespace {

class StringSource : public Source {
 public:
  explicit StringSource(std::string data) : data_(std::move(data)) {}
  Result<size_t> read(char* out, size_t size) override {
    size_t n = std::min({size, size_t{1000}, data_.size() - at_});
    std::copy_n(data_.data() + at_, n, out);
    at_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t at_ = 0;
};

class StringSink : public Sink {
 public:
  Status write(std::string_view data) override {
    out += data;
    return Status::ok();
  }
  std::string out;
};

// Squid 5.7 in miniature (bug 5352): sends `first`, then nothing more until the service has
// answered with an ICAP 200 head (a socket would time out), then `rest`, then ends.
class StallingSource : public Source {
 public:
  StallingSource(std::string first, std::string rest, const StringSink& sink)
      : data_(std::move(first)), rest_(std::move(rest)), sink_(sink) {}
  Result<size_t> read(char* out, size_t size) override {
    if (at_ == data_.size() && released()) {
      data_ += rest_;
      rest_.clear();
    }
    if (at_ == data_.size()) {
      if (rest_.empty()) return size_t{0};
      return Status::blocked("icap-timeout", "stalled before the response head");
    }
    size_t n = std::min({size, size_t{1000}, data_.size() - at_});
    std::copy_n(data_.data() + at_, n, out);
    at_ += n;
    return n;
  }
  Result<bool> waitReadable(int timeout_ms) override {
    (void)timeout_ms;
    return at_ < data_.size() || released();
  }
  // The bytes after the stall reached the service.
  bool restSent() const { return rest_.empty(); }

 private:
  bool released() const {
    return !rest_.empty() && sink_.out.find("ICAP/1.0 200 OK") != std::string::npos;
  }
  std::string data_;
  std::string rest_;
  const StringSink& sink_;
  size_t at_ = 0;
};

std::string chunked(const std::string& body) {
  return (body.empty() ? "" : encodeChunk(body)) + std::string(kLastChunk);
}

std::string respmod(const std::string& url, const std::string& response_head,
                    const std::string& body, const std::string& icap_headers = "Allow: 204\r\n") {
  std::string req = "GET " + url + " HTTP/1.1\r\nHost: files.example.jp\r\n\r\n";
  std::string encap = "req-hdr=0, res-hdr=" + std::to_string(req.size()) +
                      ", res-body=" + std::to_string(req.size() + response_head.size());
  return "RESPMOD icap://127.0.0.1/respmod ICAP/1.0\r\nHost: 127.0.0.1\r\n" + icap_headers +
         "Encapsulated: " + encap + "\r\n\r\n" + req + response_head + body;
}

// An ICAP response split into its ICAP head, HTTP head and de-chunked body.
struct Answer {
  std::string icap;
  std::string http;
  std::string body;
};

Answer split(const std::string& out) {
  Answer a;
  size_t end = out.find("\r\n\r\n");
  if (end == std::string::npos) return a;
  a.icap = out.substr(0, end + 4);
  std::string rest = out.substr(end + 4);
  size_t http_end = rest.find("\r\n\r\n");
  if (http_end == std::string::npos) return a;
  a.http = rest.substr(0, http_end + 4);
  rest = rest.substr(http_end + 4);
  while (!rest.empty()) {
    size_t lf = rest.find("\r\n");
    size_t size = std::stoul(rest.substr(0, lf), nullptr, 16);
    if (size == 0) break;
    a.body += rest.substr(lf + 2, size);
    rest = rest.substr(lf + 2 + size + 2);
  }
  return a;
}

class IcapService : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.data_dir = dir_.path();
    std::filesystem::create_directories(dir_.path() + "/work/icap");
    auto pack = policy::loadPack(std::string(SANSO_SOURCE_DIR) + "/" + policy::kDefaultPackPath);
    ASSERT_TRUE(pack.isOk()) << pack.status().toString();
    pack_ = std::move(*pack);
    auto audit = audit::AuditLog::open(dir_.path());
    ASSERT_TRUE(audit.isOk()) << audit.status().toString();
    audit_ = std::move(*audit);
  }

  std::string serve(const std::string& input) {
    Service service(config_, pack_, *audit_);
    StringSource source(input);
    StringSink sink;
    service.serveConnection(source, sink);
    return sink.out;
  }

  // Serves one RESPMOD of `body` for `url` with a 4096-byte preview and 16 KB chunks, whose body
  // stops about halfway until the service answers with a head (see StallingSource).
  std::string serveStalling(const std::string& url, const std::string& head,
                            const std::string& body, bool* rest_sent = nullptr) {
    std::string chunks = encodeChunk(body.substr(0, 4096)) + std::string(kLastChunk);
    for (size_t at = 4096; at < body.size(); at += 16384) {
      chunks += encodeChunk(body.substr(at, 16384));
    }
    chunks += kLastChunk;
    std::string input = respmod(url, head, chunks, "Allow: 204\r\nPreview: 4096\r\n");
    size_t cut = input.size() - (body.size() - 4096) / 2;  // about halfway through the rest
    Service service(config_, pack_, *audit_);
    StringSink sink;
    StallingSource source(input.substr(0, cut), input.substr(cut), sink);
    service.serveConnection(source, sink);
    if (rest_sent != nullptr) *rest_sent = source.restSent();
    return sink.out;
  }

  // The details of the last icap.respmod audit record, as JSON text.
  std::string lastRecord() {
    return test::runCommand("python3 -c \"import sqlite3; print(sqlite3.connect('" + dir_.path() +
                            "/audit.db').execute(\\\"select details from audit_records where "
                            "action='icap.respmod' order by seq desc\\\").fetchone()[0])\"");
  }

  std::string docm() {
    test::DocxSpec spec;
    spec.body_xml = "<w:p><w:r><w:t>令和8年度 予算説明資料</w:t></w:r></w:p>";
    spec.macro_enabled = true;
    return test::buildDocx(spec);
  }

  test::TempDir dir_;
  IcapConfig config_;
  policy::PolicyPack pack_;
  std::unique_ptr<audit::AuditLog> audit_;
};

TEST_F(IcapService, OptionsAdvertisesRespmodPreviewAnd204) {
  std::string out = serve("OPTIONS icap://127.0.0.1/respmod ICAP/1.0\r\nHost: h\r\n\r\n");
  EXPECT_NE(out.find("ICAP/1.0 200 OK\r\n"), std::string::npos);
  EXPECT_NE(out.find("Methods: RESPMOD\r\n"), std::string::npos);
  EXPECT_NE(out.find("Preview: 4096\r\n"), std::string::npos);
  EXPECT_NE(out.find("Transfer-Preview: *\r\n"), std::string::npos);
  EXPECT_NE(out.find("Allow: 204\r\n"), std::string::npos);
  EXPECT_NE(out.find("Max-Connections: 32\r\n"), std::string::npos);
  EXPECT_NE(out.find("ISTag: \"sanso-"), std::string::npos);
}

TEST_F(IcapService, DocmBecomesDocxWithoutMacros) {
  std::string head =
      "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.ms-word.document.macroEnabled.12\r\n"
      "Content-Disposition: attachment; filename*=UTF-8''%E4%BA%88%E7%AE%97.docm\r\n"
      "Content-Length: 9999\r\nETag: \"abc\"\r\n\r\n";
  Answer a = split(serve(respmod("/予算.docm", head, chunked(docm()))));
  ASSERT_NE(a.icap.find("ICAP/1.0 200 OK"), std::string::npos) << a.icap;
  EXPECT_NE(a.http.find("Content-Type: application/vnd.openxmlformats-officedocument."
                        "wordprocessingml.document\r\n"),
            std::string::npos)
      << a.http;
  EXPECT_NE(a.http.find("Content-Length: " + std::to_string(a.body.size()) + "\r\n"),
            std::string::npos);
  EXPECT_NE(a.http.find("filename*=UTF-8''%E4%BA%88%E7%AE%97.docx"), std::string::npos) << a.http;
  EXPECT_EQ(a.http.find("ETag"), std::string::npos);
  EXPECT_EQ(a.http.find("9999"), std::string::npos);
  std::string findings = test::pythonFindings(
      "import sys, zipfile\n"
      "z = zipfile.ZipFile(sys.argv[1])\n"
      "names = z.namelist()\n"
      "if any(n.lower().endswith('vbaproject.bin') for n in names): print('vba left')\n"
      "if 'macroEnabled' in z.read('[Content_Types].xml').decode(): print('macro type')\n"
      "if '令和8年度' not in z.read('word/document.xml').decode(): print('text lost')\n",
      a.body, "out.docx");
  EXPECT_EQ(findings, "");
}

TEST_F(IcapService, ExecutableGetsJapaneseBlockPageWithEscapedName) {
  std::string exe = std::string("MZ") + std::string(58, '\0') + std::string("\x40\0\0\0", 4) +
                    "PE\0\0" + std::string(200, '\0');
  std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n";
  Answer a = split(serve(respmod("/%3Cscript%3Ex.exe", head, chunked(exe))));
  EXPECT_NE(a.http.find("HTTP/1.1 403 Forbidden"), std::string::npos) << a.http;
  EXPECT_NE(a.http.find("text/html; charset=utf-8"), std::string::npos);
  EXPECT_NE(a.body.find("このファイルはダウンロードできません"), std::string::npos);
  EXPECT_NE(a.body.find("&lt;script&gt;x.exe"), std::string::npos) << a.body;
  EXPECT_EQ(a.body.find("<script>"), std::string::npos);
  EXPECT_EQ(a.body.find("MZ"), std::string::npos);
}

TEST_F(IcapService, WebPagePassesWith204AndIsAudited) {
  std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n";
  std::string out =
      serve(respmod("/index.html", head, chunked("<html><body>お知らせ</body></html>")));
  EXPECT_EQ(out.rfind("ICAP/1.0 204 No Content\r\n", 0), 0u) << out;
  auto verify = audit_->verify();
  ASSERT_TRUE(verify.isOk());
  auto rows =
      test::runCommand("python3 -c \"import sqlite3; print(sqlite3.connect('" + dir_.path() +
                       "/audit.db').execute(\\\"select count(*) from "
                       "audit_records where action='icap.respmod'\\\").fetchone()[0])\"");
  EXPECT_EQ(rows, "1\n");
}

TEST_F(IcapService, WebPageWithout204IsEchoed) {
  std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
  std::string page = "<html><body>ok</body></html>";
  Answer a = split(serve(respmod("/", head, chunked(page), "")));
  EXPECT_NE(a.icap.find("ICAP/1.0 200 OK"), std::string::npos);
  EXPECT_EQ(a.http, head);
  EXPECT_EQ(a.body, page);
}

TEST_F(IcapService, TextDownloadWithScriptExtensionIsRenamed) {
  std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n";
  Answer a = split(serve(respmod("/run.vbs", head, chunked("MsgBox \"こんにちは\"\r\n"))));
  EXPECT_NE(a.http.find("filename=\"run.txt\""), std::string::npos) << a.http;
  EXPECT_NE(a.body.find("こんにちは"), std::string::npos);
}

TEST_F(IcapService, PreviewThenContinue) {
  std::string body = docm();
  std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n";
  std::string input = respmod(
      "/a.docm", head, encodeChunk(body.substr(0, 10)) + "0\r\n\r\n" + chunked(body.substr(10)),
      "Allow: 204\r\nPreview: 10\r\n");
  std::string out = serve(input);
  ASSERT_EQ(out.rfind("ICAP/1.0 100 Continue\r\n\r\n", 0), 0u) << out.substr(0, 200);
  Answer a = split(out.substr(std::string("ICAP/1.0 100 Continue\r\n\r\n").size()));
  EXPECT_NE(a.http.find("X-Sanso-Sanitized: docx"), std::string::npos) << a.http;
}

TEST_F(IcapService, TooLargeIsBlockedNotPassed) {
  config_.limits.max_body_bytes = 100;
  std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n";
  Answer a = split(serve(respmod("/big.txt", head, chunked(std::string(500, 'a')))));
  EXPECT_NE(a.http.find("403"), std::string::npos);
  EXPECT_NE(a.http.find("X-Sanso-Blocked: too-large"), std::string::npos);
  EXPECT_EQ(a.body.find("aaaa"), std::string::npos);
}

TEST_F(IcapService, CompressedAndPartialBodiesAreBlocked) {
  std::string gz = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\n";
  EXPECT_NE(serve(respmod("/", gz, chunked("xx"))).find("X-Sanso-Blocked: content-encoding"),
            std::string::npos);
  std::string partial = "HTTP/1.1 206 Partial Content\r\nContent-Type: application/pdf\r\n\r\n";
  EXPECT_NE(serve(respmod("/a.pdf", partial, chunked("%PDF"))).find("partial-content"),
            std::string::npos);
}

TEST_F(IcapService, MalformedRequestsGet400AndReqmodIsNotOffered) {
  EXPECT_EQ(serve("RESPMOD icap://h/respmod ICAP/1.0\r\nHost: h\r\nEncapsulated: res-hdr=5, "
                  "res-body=9\r\n\r\n")
                .rfind("ICAP/1.0 400", 0),
            0u);
  EXPECT_EQ(
      serve("REQMOD icap://h/respmod ICAP/1.0\r\nHost: h\r\nEncapsulated: null-body=0\r\n\r\n")
          .rfind("ICAP/1.0 405", 0),
      0u);
  EXPECT_EQ(serve("OPTIONS icap://h/other ICAP/1.0\r\nHost: h\r\n\r\n").rfind("ICAP/1.0 404", 0),
            0u);
  EXPECT_EQ(serve("PUT icap://h/respmod ICAP/1.0\r\n\r\n").rfind("ICAP/1.0 501", 0), 0u);
}

TEST_F(IcapService, NoBodyNeedsNoDecision) {
  std::string req = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n";
  std::string res = "HTTP/1.1 304 Not Modified\r\n\r\n";
  std::string input =
      "RESPMOD icap://h/respmod ICAP/1.0\r\nHost: h\r\nAllow: 204\r\n"
      "Encapsulated: req-hdr=0, res-hdr=" +
      std::to_string(req.size()) + ", null-body=" + std::to_string(req.size() + res.size()) +
      "\r\n\r\n" + req + res;
  EXPECT_EQ(serve(input).rfind("ICAP/1.0 204", 0), 0u);
}

}  // namespace
}  // namespace sanso::icap

namespace sanso::icap {
namespace {

constexpr std::string_view kContinue = "ICAP/1.0 100 Continue\r\n\r\n";

std::string bigDocm() {
  test::DocxSpec spec;
  for (int i = 0; i < 3000; ++i) {
    spec.body_xml += "<w:p><w:r><w:t>令和8年度 第" + std::to_string(i * 7919 % 100003) +
                     "項 避難所の開設手順</w:t></w:r></w:p>";
  }
  spec.macro_enabled = true;
  return test::buildDocx(spec);
}

TEST_F(IcapService, StalledDocumentGetsTheSanitizedHeadEarlyThenTheDocx) {
  std::string body = bigDocm();
  ASSERT_GT(body.size(), 8192u);
  std::string head =
      "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  bool rest_sent = false;
  std::string out = serveStalling("/plan.docm", head, body, &rest_sent);
  ASSERT_EQ(out.rfind(kContinue, 0), 0u) << out.substr(0, 300);
  EXPECT_TRUE(rest_sent);
  Answer a = split(out.substr(kContinue.size()));
  EXPECT_NE(a.http.find("X-Sanso-Sanitized: docx"), std::string::npos) << a.http;
  EXPECT_NE(a.http.find("filename=\"plan.docx\""), std::string::npos) << a.http;
  EXPECT_EQ(a.http.find("Content-Length"), std::string::npos) << a.http;
  EXPECT_TRUE(out.ends_with(kLastChunk));
  std::string findings = test::pythonFindings(
      "import sys, zipfile\n"
      "z = zipfile.ZipFile(sys.argv[1])\n"
      "if any(n.lower().endswith('vbaproject.bin') for n in z.namelist()): print('vba left')\n"
      "if '避難所' not in z.read('word/document.xml').decode(): print('text lost')\n",
      a.body, "out.docx");
  EXPECT_EQ(findings, "");
  std::string record = lastRecord();
  EXPECT_NE(record.find("\"early_head\":true"), std::string::npos) << record;
  EXPECT_NE(record.find("\"verdict\":\"sanitized\""), std::string::npos) << record;
}

TEST_F(IcapService, StalledExecutableGetsTheBlockPageWithoutReadingTheRest) {
  std::string exe = std::string("MZ") + std::string(58, '\0') + std::string("\x40\0\0\0", 4) +
                    "PE\0\0" + std::string(20000, 'x');
  std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n";
  bool rest_sent = true;
  std::string out = serveStalling("/setup.exe", head, exe, &rest_sent);
  EXPECT_FALSE(rest_sent);
  Answer a = split(out.substr(kContinue.size()));
  EXPECT_NE(a.http.find("HTTP/1.1 403 Forbidden"), std::string::npos) << a.http;
  EXPECT_NE(a.body.find("このファイルはダウンロードできません"), std::string::npos);
  EXPECT_EQ(a.body.find("MZ"), std::string::npos);
  EXPECT_TRUE(out.ends_with(kLastChunk));
  std::string record = lastRecord();
  EXPECT_NE(record.find("\"reason\":\"policy-denied\""), std::string::npos) << record;
  EXPECT_NE(record.find("\"early_head\":true"), std::string::npos) << record;
}

TEST_F(IcapService, StalledWebPageIsEchoedAsItArrives) {
  std::string page = "<html><body>";
  for (int i = 0; i < 2000; ++i) page += "<p>お知らせ " + std::to_string(i) + "</p>\n";
  page += "</body></html>\n";
  std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n";
  std::string out = serveStalling("/news.html", head, page);
  Answer a = split(out.substr(kContinue.size()));
  EXPECT_EQ(a.http, head);
  EXPECT_EQ(a.body, page);
  EXPECT_TRUE(out.ends_with(kLastChunk));
  EXPECT_NE(lastRecord().find("\"verdict\":\"pass\""), std::string::npos);
}

TEST_F(IcapService, EchoedPageOverTheLimitIsCutBeforeItsTail) {
  config_.limits.max_body_bytes = 150000;
  std::string css;
  for (int i = 0; i < 8000; ++i) css += ".notice-" + std::to_string(i) + " { color: #333; }\n";
  ASSERT_GT(css.size(), 200000u);
  std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/css\r\n\r\n";
  std::string out = serveStalling("/site.css", head, css);
  Answer a = split(out.substr(kContinue.size()));
  EXPECT_EQ(a.http, head);
  EXPECT_FALSE(out.ends_with(kLastChunk));
  EXPECT_LE(a.body.size(), 150000u - (64u << 10));  // the last 64 KB received are held back
  EXPECT_EQ(a.body, css.substr(0, a.body.size()));
  std::string record = lastRecord();
  EXPECT_NE(record.find("\"reason\":\"too-large\""), std::string::npos) << record;
  EXPECT_NE(record.find("\"early_head\":true"), std::string::npos) << record;
}

TEST_F(IcapService, RefusedAfterTheEarlyHeadEndsWithoutTheLastChunk) {
  std::string broken = "PK\x03\x04" + std::string(30000, '\x14');
  std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n";
  std::string out = serveStalling("/report.docx", head, broken);
  Answer a = split(out.substr(kContinue.size()));
  EXPECT_NE(a.http.find("X-Sanso-Sanitized: docx"), std::string::npos) << a.http;
  EXPECT_EQ(a.body, "");
  EXPECT_FALSE(out.ends_with(kLastChunk)) << out.substr(out.size() - 40);
  std::string record = lastRecord();
  EXPECT_NE(record.find("\"verdict\":\"blocked\""), std::string::npos) << record;
  EXPECT_NE(record.find("\"early_head\":true"), std::string::npos) << record;
}

TEST_F(IcapService, WithoutEarlyResponseAStallFailsClosed) {
  config_.early_response_ms = 0;
  std::string body = bigDocm();
  std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n";
  std::string out = serveStalling("/plan.docm", head, body);
  EXPECT_EQ(out.find("ICAP/1.0 200"), std::string::npos) << out.substr(0, 300);
  EXPECT_EQ(out.find("PK"), std::string::npos);
}

TEST_F(IcapService, ReqmodWithABodyGets405AndClose) {
  std::string req = "POST /form HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n";
  std::string out =
      serve("REQMOD icap://h/respmod ICAP/1.0\r\nHost: h\r\nEncapsulated: req-hdr=0, req-body=" +
            std::to_string(req.size()) + "\r\n\r\n" + req + chunked("a=b"));
  EXPECT_EQ(out.rfind("ICAP/1.0 405", 0), 0u) << out;
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos);
}

}  // namespace
}  // namespace sanso::icap
