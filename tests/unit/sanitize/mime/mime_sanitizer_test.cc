// Mail files: hostile messages generated here, sanitized by the engine and read back with
// Python's email package (policy=default) as the independent parser; Japanese must survive.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "detect.h"
#include "mime/mime_detect.h"
#include "support/ooxml_fixture.h"
#include "support/sanitize_runner.h"
#include "support/test_util.h"
#include "support/tnef_builder.h"

namespace sanso::sanitize::mime {
namespace {

const std::string kJapanese = "令和8年度 予算執行計画（案）担当：総務課";
// "会議" in ISO-2022-JP (ESC $ B 2q5D ESC ( B).
const std::string kIsoKaigi = "\x1b$B2q5D\x1b(B";

// Reads a message with Python's email package and prints what a mail client would see, plus
// the structural checks every output must pass.
constexpr char kReader[] = R"PY(
import sys, json, email
from email import policy
raw = open(sys.argv[1], 'rb').read()
problems = []
if b'\x00' in raw: problems.append('NUL')
for line in raw.split(b'\r\n'):
    if len(line) > 998: problems.append('long line')
    if b'\n' in line or b'\r' in line: problems.append('bare CR or LF')
if any(b > 127 for b in raw): problems.append('8-bit byte')
msg = email.message_from_bytes(raw, policy=policy.default)
for part in msg.walk():
    for d in part.defects: problems.append('defect ' + type(d).__name__)
if msg['MIME-Version'] != '1.0': problems.append('MIME-Version')
body = msg.get_body(preferencelist=('plain',))
atts = []
notice = ''
for part in msg.iter_parts() if msg.is_multipart() else []:
    if part.get('Content-Description') == 'sanso notice':
        notice = part.get_content()
        continue
    if part is body: continue
    ct = part.get_content_type()
    if ct == 'message/rfc822':
        inner = part.get_content()
        atts.append({'name': part.get_filename() or '', 'type': ct,
                     'subject': str(inner['Subject'] or ''), 'data': inner.as_string()})
    else:
        data = part.get_payload(decode=True) or b''
        atts.append({'name': part.get_filename() or '', 'type': ct,
                     'data': data.decode('utf-8', 'replace')})
for part in msg.walk():
    if part.get_content_maintype() not in ('multipart', 'message') and part.get_content_type() == 'text/html':
        problems.append('html part')
print(json.dumps({'subject': str(msg['Subject'] or ''), 'from': str(msg['From'] or ''),
                  'to': str(msg['To'] or ''), 'body': body.get_content() if body else '',
                  'notice': notice, 'attachments': atts, 'problems': problems,
                  'headers': [k for k in msg.keys()]}, ensure_ascii=False))
)PY";

struct Outcome {
  Report report;
  nlohmann::json mail;  // what Python read; null when blocked
};

Outcome run(const std::string& eml, const Options& options = {}) {
  test::Sanitized s = test::sanitizeBytes(eml, "mail.eml", options);
  Outcome outcome{s.report, nullptr};
  if (s.output) {
    const std::string out = test::pythonFindings(kReader, *s.output, "out.eml");
    outcome.mail = nlohmann::json::parse(out);
    EXPECT_TRUE(outcome.mail["problems"].empty()) << outcome.mail["problems"].dump();
  }
  return outcome;
}

std::string crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n')
      out += "\r\n";
    else
      out.push_back(c);
  }
  return out;
}

// Base64 without line breaks.
std::string base64(const std::string& data) {
  std::string out = test::runCommand("printf %s " + test::shellQuote(data) + " | base64 -w 0");
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string base64File(const std::string& data) {
  test::TempDir dir;
  test::writeFileOrDie(dir.file("d"), data);
  return test::runCommand("base64 -w 76 " + test::shellQuote(dir.file("d")));
}

const std::string kHead =
    "From: =?UTF-8?B?5bGx55Sw5aSq6YOO?= <taro@example.jp>\n"
    "To: soumu@city.example.lg.jp\n"
    "Date: Mon, 30 Nov 2026 09:00:00 +0900\n"
    "Message-ID: <abc@example.jp>\n"
    "MIME-Version: 1.0\n";

std::string multipart(const std::string& parts, const std::string& subject = "test") {
  return crlf(kHead + "Subject: " + subject +
              "\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n" + parts + "--b1--\n");
}

bool blockedWith(const Outcome& o, const std::string& reason) {
  return o.report.verdict == Verdict::kBlocked && o.report.reason == reason;
}

TEST(Mime, DetectsMessagesButNotTextOrCsv) {
  auto bytes = [](const std::string& s) { return asBytes(s); };
  EXPECT_TRUE(looksLikeMessage(bytes(crlf(kHead + "Subject: x\n\nbody\n"))));
  EXPECT_TRUE(looksLikeMessage(bytes("Received: from a\n\tby b\nFrom: a@b\n\nhi\n")));
  EXPECT_FALSE(looksLikeMessage(bytes("Subject: minutes\nThe meeting was long.\n")));
  EXPECT_FALSE(looksLikeMessage(bytes("From,To,Subject\na,b,c\n")));
  EXPECT_FALSE(looksLikeMessage(bytes("Note: one\nTodo: two\n\ntext\n")));
  EXPECT_FALSE(looksLikeMessage(bytes("Subject: only one known field\n\nbody\n")));
  Budget budget{Limits{}};
  EXPECT_EQ(*detectType(bytes(crlf(kHead + "Subject: x\n\nbody\n")), budget), FileType::kEml);
  EXPECT_EQ(*detectType(bytes("名前,住所\n山田,東京\n佐藤,大阪\n"), budget), FileType::kCsv);
  EXPECT_EQ(*detectType(bytes("件名: 会議\n日時: 明日\n"), budget), FileType::kText);
}

TEST(Mime, KeepsJapaneseSubjectBodyAndFilenameIso2022Jp) {
  const std::string docx = test::buildDocx(
      {"<w:p><w:r><w:t>" + kJapanese + "</w:t></w:r></w:p>", "", "", "", "", {}, false});
  const std::string eml = multipart(
      "--b1\nContent-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n" +
          kIsoKaigi +
          "\n--b1\nContent-Type: application/octet-stream\n"
          "Content-Disposition: attachment;\n filename*0*=UTF-8''%E8%AD%B0%E4%BA;\n"
          " filename*1*=%8B%E9%8C%B2.docx\nContent-Transfer-Encoding: base64\n\n" +
          base64File(docx),
      "=?ISO-2022-JP?B?" + base64(kIsoKaigi) + "?=\n =?UTF-8?B?" + base64("の件") + "?=");
  Outcome o = run(eml);
  ASSERT_EQ(o.report.verdict, Verdict::kSanitized) << o.report.reason << o.report.message;
  EXPECT_EQ(o.mail["subject"], "会議の件");
  EXPECT_EQ(o.mail["from"], "山田太郎 <taro@example.jp>");
  EXPECT_NE(o.mail["body"].get<std::string>().find("会議"), std::string::npos);
  ASSERT_EQ(o.mail["attachments"].size(), 1u);
  EXPECT_EQ(o.mail["attachments"][0]["name"], "議事録.docx");
  EXPECT_EQ(o.mail["attachments"][0]["type"],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
}

TEST(Mime, HtmlBodyBecomesTextWithDefangedLinks) {
  const std::string eml =
      crlf(kHead + "Subject: =?UTF-8?B?" + base64(kJapanese) +
           "?=\n"
           "Content-Type: multipart/alternative; boundary=\"alt\"\n\n"
           "--alt\nContent-Type: text/plain; charset=utf-8\n\nplain version\n"
           "--alt\nContent-Type: text/html; charset=shift_jis\n\n"
           "<html><body><p>\x89\xEF\x8B\x63</p><script>alert(1)</script>"
           "<a href=\"https://evil.example/x\">click</a></body></html>\n--alt--\n");
  Outcome o = run(eml);
  ASSERT_EQ(o.report.verdict, Verdict::kSanitized) << o.report.reason;
  EXPECT_EQ(o.mail["subject"], kJapanese);
  const std::string body = o.mail["body"];
  EXPECT_NE(body.find("会議"), std::string::npos) << body;
  EXPECT_EQ(body.find("alert"), std::string::npos);
  EXPECT_EQ(body.find("https://evil.example"), std::string::npos);
  EXPECT_NE(body.find("evil[.]example"), std::string::npos) << body;
  EXPECT_EQ(body.find("plain version"), std::string::npos);  // one rendering: the last
}

TEST(Mime, TextPlainThatIsHtmlIsRenderedAsText) {
  Outcome o =
      run(multipart("--b1\nContent-Type: text/plain\n\n<html><body><b>hi</b>"
                    "<img src=\"http://track.example/p.gif\"></body></html>\n"));
  ASSERT_EQ(o.report.verdict, Verdict::kSanitized);
  EXPECT_EQ(o.mail["body"].get<std::string>().find("<b>"), std::string::npos);
  EXPECT_TRUE(test::hasAction(o.report, "converted", "html-in-text-part"));
}

TEST(Mime, DropsExecutablesWhateverTheyAreCalled) {
  const std::string exe = std::string("MZ\x90\0\3\0\0\0", 8) + std::string(200, 'A');
  Outcome o =
      run(multipart("--b1\nContent-Type: text/plain\n\nsee attached\n"
                    "--b1\nContent-Type: application/pdf; name=\"invoice.pdf\"\n"
                    "Content-Disposition: attachment; filename=\"invoice.pdf\"\n"
                    "Content-Transfer-Encoding: base64\n\n" +
                    base64File(exe) +
                    "--b1\nContent-Type: application/octet-stream\n"
                    "Content-Disposition: attachment; filename=\"=?UTF-8?B?" +
                    base64("請求書.exe") +
                    "?=\"\n\n"
                    "x\n"
                    "--b1\nContent-Type: application/octet-stream; name=\"run.js\"\n"
                    "Content-Disposition: attachment; filename=\"readme.txt\"\n\nhello\n"));
  ASSERT_EQ(o.report.verdict, Verdict::kSanitized);
  EXPECT_TRUE(o.mail["attachments"].empty()) << o.mail["attachments"].dump();
  const std::string notice = o.mail["notice"];
  EXPECT_NE(notice.find("invoice.pdf (unsupported-type)"), std::string::npos) << notice;
  EXPECT_NE(notice.find("請求書.exe (archive-executable)"), std::string::npos) << notice;
  EXPECT_NE(notice.find("readme.txt (archive-executable)"), std::string::npos) << notice;
  EXPECT_EQ(o.report.members.size(), 3u);
}

TEST(Mime, AttachmentHiddenInAnAlternativeIsSanitizedNotLost) {
  Outcome o =
      run(crlf(kHead + "Subject: s\nContent-Type: multipart/alternative; boundary=a\n\n"
                       "--a\nContent-Type: text/plain\n\nbody\n"
                       "--a\nContent-Type: text/csv\n\n=cmd|' /C calc'!A0,2\n1,2\n--a--\n"));
  ASSERT_EQ(o.report.verdict, Verdict::kSanitized);
  ASSERT_EQ(o.mail["attachments"].size(), 1u);
  EXPECT_NE(o.mail["attachments"][0]["data"].get<std::string>().find("'=cmd"), std::string::npos);
}

TEST(Mime, NestedMessagesAreSanitizedRecursively) {
  const std::string inner = (kHead + "Subject: =?ISO-2022-JP?B?" + base64(kIsoKaigi) +
                             "?=\nContent-Type: multipart/mixed; boundary=in\n\n"
                             "--in\nContent-Type: text/html\n\n<p>inner <script>x()</script></p>\n"
                             "--in\nContent-Type: application/x-msdownload\n"
                             "Content-Disposition: attachment; filename=a.scr\n\nMZ\n--in--\n");
  Outcome o =
      run(multipart("--b1\nContent-Type: text/plain\n\nouter\n"
                    "--b1\nContent-Type: message/rfc822\n\n" +
                    inner));
  ASSERT_EQ(o.report.verdict, Verdict::kSanitized) << o.report.reason << o.report.message;
  ASSERT_EQ(o.mail["attachments"].size(), 1u);
  EXPECT_EQ(o.mail["attachments"][0]["type"], "message/rfc822");
  EXPECT_EQ(o.mail["attachments"][0]["subject"], "会議");
  ASSERT_EQ(o.report.members.size(), 1u);
  EXPECT_EQ(o.report.members[0].members.size(), 1u);  // a.scr, dropped inside
}

TEST(Mime, NestingIsBoundedByTheContainerDepth) {
  std::string eml = crlf(kHead + "Subject: leaf\n\nleaf\n");
  for (int i = 0; i < 6; ++i) {
    eml = crlf(kHead + "Subject: level\nContent-Type: message/rfc822\n\n") + eml;
  }
  Outcome o = run(eml);
  EXPECT_TRUE(blockedWith(o, "limit-archive-depth")) << o.report.reason;
}

TEST(Mime, TnefIsUnpackedIntoAttachments) {
  Outcome o =
      run(multipart("--b1\nContent-Type: application/ms-tnef; name=winmail.dat\n"
                    "Content-Transfer-Encoding: base64\n\n" +
                    base64File(test::tnef_builder::winmail()) + "\n"));
  ASSERT_EQ(o.report.verdict, Verdict::kSanitized) << o.report.reason;
  EXPECT_NE(o.mail["body"].get<std::string>().find("こんにちは"), std::string::npos)
      << o.mail.dump();
  ASSERT_EQ(o.mail["attachments"].size(), 1u) << o.mail.dump();
  EXPECT_EQ(o.mail["attachments"][0]["name"], "報告書.txt");
  EXPECT_EQ(o.mail["attachments"][0]["data"], "report body");
  // The binary attachment is refused by the engine, the OLE object was not unpacked.
  EXPECT_NE(o.mail["notice"].get<std::string>().find("テスト.bin"), std::string::npos);
  bool ole_listed = false;
  for (const Action& a : o.report.actions) {
    ole_listed = ole_listed || (a.what == "tnef-content" && a.detail.find("ole-object") == 0);
  }
  EXPECT_TRUE(ole_listed);
}

TEST(Mime, DropsBrokenTnefAndBlocksEncryption) {
  Outcome tnef =
      run(multipart("--b1\nContent-Type: text/plain\n\nx\n"
                    "--b1\nContent-Type: application/ms-tnef; name=winmail.dat\n"
                    // a truncated attribute after the signature
                    "Content-Transfer-Encoding: base64\n\neJ8+IgAAAQI=\n"));
  ASSERT_EQ(tnef.report.verdict, Verdict::kSanitized);
  EXPECT_NE(tnef.mail["notice"].get<std::string>().find("winmail.dat (malformed-tnef)"),
            std::string::npos);
  EXPECT_TRUE(blockedWith(
      run(crlf(kHead + "Subject: s\nContent-Type: application/pkcs7-mime;"
                       " smime-type=enveloped-data; name=smime.p7m\n"
                       "Content-Transfer-Encoding: base64\n\nMIAGCSqGSIb3DQEHA6CAMIACAQ==\n")),
      "encrypted"));
  EXPECT_TRUE(
      blockedWith(run(crlf(kHead + "Subject: s\nContent-Type: multipart/encrypted;"
                                   " protocol=\"application/pgp-encrypted\"; boundary=e\n\n"
                                   "--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n"
                                   "--e\nContent-Type: application/octet-stream\n\n"
                                   "-----BEGIN PGP MESSAGE-----\nx\n--e--\n")),
                  "encrypted"));
  EXPECT_TRUE(blockedWith(run(crlf(kHead + "Subject: s\n\n-----BEGIN PGP MESSAGE-----\nhQEM\n"
                                           "-----END PGP MESSAGE-----\n")),
                          "encrypted"));
}

TEST(Mime, SignedContentIsKeptAndTheSignatureDropped) {
  Outcome o =
      run(crlf(kHead +
               "Subject: s\nContent-Type: multipart/signed; micalg=sha-256;"
               " protocol=\"application/pkcs7-signature\"; boundary=s\n\n"
               "--s\nContent-Type: text/plain; charset=utf-8\n\n" +
               kJapanese +
               "\n"
               "--s\nContent-Type: application/pkcs7-signature; name=smime.p7s\n"
               "Content-Transfer-Encoding: base64\n\nMIAGCSqGSIb3DQEHAqCAMIACAQ==\n--s--\n"));
  ASSERT_EQ(o.report.verdict, Verdict::kSanitized);
  EXPECT_NE(o.mail["body"].get<std::string>().find(kJapanese), std::string::npos);
  EXPECT_TRUE(o.mail["attachments"].empty());
  EXPECT_TRUE(test::hasAction(o.report, "removed", "signature"));
}

TEST(Mime, MissingFinalBoundaryReadsToTheEnd) {
  Outcome o = run(crlf(kHead + "Subject: s\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n"
                               "--b1\nContent-Type: text/plain\n\nfirst\n"
                               "--b1\nContent-Type: text/csv\nContent-Disposition: attachment; "
                               "filename=a.csv\n\n=1+1,x\n"));
  ASSERT_EQ(o.report.verdict, Verdict::kSanitized) << o.report.reason;
  ASSERT_EQ(o.mail["attachments"].size(), 1u);
  EXPECT_NE(o.mail["attachments"][0]["data"].get<std::string>().find("'=1+1"), std::string::npos);
}

TEST(Mime, DuplicateContentHeadersResolveTheSafeWay) {
  EXPECT_TRUE(blockedWith(run(multipart("--b1\nContent-Type: text/plain\nContent-Type: "
                                        "application/x-msdownload\n\nMZ\n")),
                          "mime-ambiguous-header"));
  EXPECT_TRUE(blockedWith(run(multipart("--b1\nContent-Type: text/plain\n"
                                        "Content-Transfer-Encoding: base64\n"
                                        "Content-Transfer-Encoding: 7bit\n\nTVo=\n")),
                          "mime-ambiguous-header"));
  // Inline for one reader, an attachment for another: an attachment.
  Outcome o =
      run(multipart("--b1\nContent-Type: text/plain\n\nbody\n"
                    "--b1\nContent-Type: text/plain\nContent-Disposition: inline\n"
                    "Content-Disposition: attachment\n\nsecond\n"));
  ASSERT_EQ(o.report.verdict, Verdict::kSanitized);
  ASSERT_EQ(o.mail["attachments"].size(), 1u);
  EXPECT_EQ(o.mail["body"].get<std::string>().find("second"), std::string::npos);
}

TEST(Mime, OddBoundaryQuotingAndJunkBase64) {
  Outcome o = run(crlf(kHead +
                       "Subject: s\nContent-Type: multipart/mixed;\n\tboundary = \"odd b\"\n\n"
                       "--odd b\nContent-Type: text/plain; charset=utf-8\n"
                       "Content-Transfer-Encoding: base64\n\n" +
                       base64(kJapanese).insert(4, "!!\x01 ") + "\n--odd b--\n"));
  ASSERT_TRUE(o.report.output.has_value()) << o.report.reason;
  EXPECT_NE(o.mail["body"].get<std::string>().find("令和"), std::string::npos);
}

TEST(Mime, EightBitAndNulInHeaders) {
  const std::string sjis =
      test::runCommand("printf %s " + test::shellQuote(kJapanese) + " | iconv -f UTF-8 -t CP932");
  Outcome o =
      run("From: a@example.jp\r\nDate: Mon, 30 Nov 2026 09:00:00 +0900\r\n"
          "Subject: " +
          sjis + "\r\n\r\nbody\r\n");
  ASSERT_TRUE(o.report.output.has_value()) << o.report.reason;
  EXPECT_EQ(o.mail["subject"], kJapanese);  // raw Shift_JIS decoded
  Outcome rlo =
      run("From: a@example.jp\r\nSubject: abc\xE2\x80\xAE"
          "fdp.exe\r\n\r\nx\r\n");
  ASSERT_TRUE(rlo.report.output.has_value()) << rlo.report.reason;
  EXPECT_EQ(rlo.mail["subject"], "abcfdp.exe");  // the bidi override is removed
  const char kNul[] = "From: a@example.jp\r\nSubject: a\0b\r\n\r\nx\r\n";
  Outcome nul = run(std::string(kNul, sizeof kNul - 1));
  EXPECT_TRUE(blockedWith(nul, "malformed-mime")) << nul.report.reason;
}

// "%PDF-" in the first 1024 bytes makes PDF readers (and sanso's own output check) take a file
// for a PDF: header text holding it is written as encoded words, addresses and ids dropped.
TEST(Mime, PdfMagicInHeadersIsNeverWrittenLiterally) {
  // The input is a message (the magic is past its first 1024 bytes); the rebuilt header block
  // is shorter, so the magic would land near the top of the output.
  const std::string padding = "X-Padding: " + std::string(1100, 'p') + "\n";
  Outcome o = run(crlf(padding + "From: A <a@example.j%PDF-o>, b@example.jp\nTo: c@example.jp\n"
                                 "Subject: %PDF-1.7 sample\nMessage-ID: <x%PDF-1@example.jp>\n"
                                 "MIME-Version: 1.0\n\nbody\n"));
  ASSERT_EQ(o.report.verdict, Verdict::kSanitized) << o.report.reason;
  EXPECT_EQ(o.mail["subject"], "%PDF-1.7 sample");
  EXPECT_EQ(o.mail["from"], "b@example.jp");
}

TEST(Mime, HeaderAllowlist) {
  Outcome o = run(crlf(kHead + "Subject: s\nSubject: second\nX-Mailer: evil\n"
                               "Received: from x\nList-Unsubscribe: <http://x>\n\nbody\n"));
  ASSERT_EQ(o.report.verdict, Verdict::kSanitized);
  EXPECT_EQ(o.mail["subject"], "s");
  for (const auto& h : o.mail["headers"]) {
    const std::string name = h;
    EXPECT_TRUE(name == "From" || name == "To" || name == "Date" || name == "Message-ID" ||
                name == "Subject" || name == "MIME-Version" || name == "Content-Type" ||
                name == "Content-Transfer-Encoding")
        << name;
  }
}

TEST(Mime, LimitsBlockTheMessage) {
  Options options;
  options.limits.max_mime_depth = 3;
  std::string nested = "Content-Type: text/plain\n\nleaf\n";
  for (int i = 0; i < 6; ++i) {
    const std::string b = "n" + std::to_string(i);
    nested = "Content-Type: multipart/mixed; boundary=" + b + "\n\n--" + b + "\n" + nested + "--" +
             b + "--\n";
  }
  EXPECT_TRUE(blockedWith(run(crlf(kHead + "Subject: s\n" + nested), options), "limit-mime-depth"));
  Options few;
  few.limits.max_mime_parts = 3;
  std::string parts;
  for (int i = 0; i < 5; ++i) parts += "--b1\nContent-Type: text/plain\n\np\n";
  EXPECT_TRUE(blockedWith(run(multipart(parts), few), "limit-mime-parts"));
  Options small;
  small.limits.max_mime_header_bytes = 100;
  EXPECT_TRUE(blockedWith(run(crlf(kHead + "Subject: " + std::string(200, 'a') + "\n\nx\n"), small),
                          "limit-mime-header-bytes"));
}

TEST(Mime, TextMethodConvertsAttachmentsAndKeepsAMessage) {
  const std::string docx = test::buildDocx(
      {"<w:p><w:r><w:t>" + kJapanese + "</w:t></w:r></w:p>", "", "", "", "", {}, false});
  Options options;
  options.method = Method::kText;
  Outcome o = run(multipart("--b1\nContent-Type: text/plain\n\nx\n"
                            "--b1\nContent-Type: application/octet-stream\n"
                            "Content-Disposition: attachment; filename=\"report.docx\"\n"
                            "Content-Transfer-Encoding: base64\n\n" +
                            base64File(docx)),
                  options);
  ASSERT_EQ(o.report.verdict, Verdict::kSanitized) << o.report.reason;
  EXPECT_EQ(o.report.output->type, "eml");
  ASSERT_EQ(o.mail["attachments"].size(), 1u);
  EXPECT_EQ(o.mail["attachments"][0]["name"], "report.txt");
  EXPECT_NE(o.mail["attachments"][0]["data"].get<std::string>().find(kJapanese), std::string::npos);
}

TEST(Mime, EncryptedZipIsHeldForItsPasswordWhenAsked) {
  if (!test::haveProgram("7z")) GTEST_SKIP() << "7z not installed";
  test::TempDir dir;
  test::writeFileOrDie(dir.file("秘密.txt"), kJapanese);
  test::runCommand("cd " + test::shellQuote(dir.path()) +
                   " && 7z a -tzip -pppap-secret held.zip 秘密.txt >/dev/null");
  const std::string zip = test::readFileOrDie(dir.file("held.zip"));
  const std::string eml =
      multipart("--b1\nContent-Type: text/plain\n\nthe password follows in another mail\n"
                "--b1\nContent-Type: application/zip\n"
                "Content-Disposition: attachment; filename=\"見積.zip\"\n"
                "Content-Transfer-Encoding: base64\n\n" +
                base64File(zip));

  Outcome plain = run(eml);  // without a hold directory: dropped as encrypted
  ASSERT_EQ(plain.report.verdict, Verdict::kSanitized);
  ASSERT_EQ(plain.report.members.size(), 1u);
  EXPECT_EQ(plain.report.members[0].reason, "encrypted");
  EXPECT_TRUE(plain.report.members[0].held_file.empty());

  test::TempDir held;
  Options options;
  options.held_attachment_dir = held.path();
  options.mail_reference = "M-0123456789abcdef";
  Outcome o = run(eml, options);
  ASSERT_EQ(o.report.verdict, Verdict::kSanitized);
  EXPECT_TRUE(o.mail["attachments"].empty());
  ASSERT_EQ(o.report.members.size(), 1u);
  const std::string file = o.report.members[0].held_file;
  ASSERT_EQ(file.rfind("held-", 0), 0u) << file;
  EXPECT_EQ(test::readFileOrDie(held.file(file)), zip);  // the original bytes, for the password
  const std::string notice = o.mail["notice"];
  EXPECT_NE(notice.find("見積.zip"), std::string::npos) << notice;
  EXPECT_NE(notice.find("M-0123456789abcdef"), std::string::npos) << notice;
  EXPECT_NE(notice.find("保留メール"), std::string::npos) << notice;
}

}  // namespace
}  // namespace sanso::sanitize::mime
