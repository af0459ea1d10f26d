// The milter's decisions without the milter protocol: inbound mail rebuilt by the engine under
// the pack's internet -> lgwan flow, outbound DLP, refusals, and one audit record per message.
// Outputs are read back with Python's email package.
#include "sanso/milter/message_processor.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "sanso/common/file_io.h"
#include "sanso/store/data_dir.h"
#include "support/ooxml_fixture.h"
#include "support/serve_process.h"
#include "support/test_util.h"

namespace sanso::milter {
namespace {

std::string base64(const std::string& data) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    uint32_t n = (uint8_t(data[i]) << 16) | (uint8_t(data[i + 1]) << 8) | uint8_t(data[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(table[(n >> s) & 63]);
    if (out.size() % 77 == 76) out += "\r\n";
  }
  if (i < data.size()) {
    uint32_t n = uint8_t(data[i]) << 16;
    if (i + 1 < data.size()) n |= uint8_t(data[i + 1]) << 8;
    out.push_back(table[(n >> 18) & 63]);
    out.push_back(table[(n >> 12) & 63]);
    out.push_back(i + 1 < data.size() ? table[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::string macroDocx() {
  test::DocxSpec spec;
  spec.macro_enabled = true;
  spec.body_xml = "<w:p><w:r><w:t>予算執行計画</w:t></w:r></w:p>";
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

// An HTML mail with a docm attachment and a forged sanso verdict, as Postfix hands it over.
std::string htmlMailWithDocm() {
  return "Received: from x by y\r\n"
         "From: sender@example.com\r\nTo: staff@city.example.jp\r\n"
         "Subject: =?UTF-8?B?5Lya6K2w44Gu44GU5qGI5YaF?=\r\n"
         "Message-ID: <m1@example.com>\r\nMIME-Version: 1.0\r\n"
         "X-Sanso-Sanitized: NONE\r\n"
         "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n"
         "--XX\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
         "<html><body><p>会議の資料です</p><a href=\"https://evil.example.com/x\">link</a>"
         "<script>alert(1)</script></body></html>\r\n"
         "--XX\r\nContent-Type: application/vnd.ms-word.document.macroEnabled.12\r\n"
         "Content-Disposition: attachment; filename=\"plan.docm\"\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n" +
         base64(macroDocx()) + "\r\n--XX--\r\n";
}

class MilterProcessorTest : public ::testing::Test {
 protected:
  std::unique_ptr<MessageProcessor> open(Direction direction, const std::string& tag = "") {
    MilterConfig config;
    config.data_dir = dir_.file("data");
    config.policy_file = test::defaultPackPath();
    config.socket = "inet:0@127.0.0.1";
    config.direction = direction;
    config.from_zone = direction == Direction::kInbound ? "internet" : "lgwan";
    config.to_zone = direction == Direction::kInbound ? "lgwan" : "internet";
    config.subject_tag = tag;
    EXPECT_TRUE(store::ensureDataDir(config.data_dir).isOk());
    auto processor = MessageProcessor::open(config);
    EXPECT_TRUE(processor.isOk()) << processor.status().toString();
    return processor.isOk() ? std::move(*processor) : nullptr;
  }

  MilterVerdict run(const MessageProcessor& processor, const std::string& message) {
    const std::string work = dir_.file("work-" + std::to_string(++runs_));
    std::filesystem::create_directories(work);
    test::writeFileOrDie(work + "/message.eml", message);
    MessageInfo info;
    info.message_id = "<m@example.jp>";
    info.sender = "<taro@example.jp>";
    info.recipients = {"<soumu@city.example.lg.jp>"};
    info.subject = "=?UTF-8?B?5Lya6K2w?=";
    return processor.process(work + "/message.eml", work, info);
  }

  // The message as Postfix delivers it after the verdict's header and body changes.
  static std::string delivered(const std::string& original, const MilterVerdict& v) {
    std::string out;
    const size_t end = original.find("\r\n\r\n");
    size_t pos = 0;
    while (pos < end + 2) {
      size_t eol = original.find("\r\n", pos);
      std::string line = original.substr(pos, eol + 2 - pos);
      if (!isReplacedField(line.substr(0, line.find(':')))) out += line;
      pos = eol + 2;
    }
    for (const HeaderField& f : v.add_fields) out += f.name + ": " + f.value + "\r\n";
    return out + "\r\n" + v.body;
  }

  test::TempDir dir_;
  int runs_ = 0;
};

constexpr char kReader[] = R"PY(
import sys, json, email, zipfile, io
from email import policy
msg = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=policy.default)
body = msg.get_body(preferencelist=('plain',))
atts = []
for part in msg.iter_attachments():
    data = part.get_payload(decode=True) or b''
    names = []
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except Exception:
        pass
    atts.append({'name': part.get_filename() or '', 'type': part.get_content_type(), 'zip': names})
html = [p for p in msg.walk() if p.get_content_type() == 'text/html']
print(json.dumps({'subject': str(msg['Subject']), 'sanso': msg.get_all('X-Sanso-Sanitized'),
                  'body': body.get_content() if body else '', 'atts': atts, 'html': len(html)}))
)PY";

nlohmann::json readMessage(const std::string& message) {
  test::TempDir dir;
  test::writeFileOrDie(dir.file("reader.py"), kReader);
  test::writeFileOrDie(dir.file("m.eml"), message);
  int code = 0;
  std::string out =
      test::runCommand("python3 " + dir.file("reader.py") + " " + dir.file("m.eml"), &code);
  EXPECT_EQ(code, 0) << out;
  return nlohmann::json::parse(out, nullptr, false);
}

TEST_F(MilterProcessorTest, InboundHtmlMailWithDocmArrivesAsTextWithDocx) {
  auto processor = open(Direction::kInbound, "[無害化]");
  ASSERT_NE(processor, nullptr);
  const std::string original = htmlMailWithDocm();
  MilterVerdict v = run(*processor, original);
  ASSERT_EQ(v.kind, MilterVerdict::Kind::kReplace) << v.audit.dump();
  nlohmann::json m = readMessage(delivered(original, v));
  ASSERT_FALSE(m.is_discarded());
  EXPECT_EQ(m["html"], 0);
  EXPECT_NE(m["body"].get<std::string>().find("会議の資料です"), std::string::npos) << m.dump();
  EXPECT_NE(m["body"].get<std::string>().find("hxxps://evil[.]example[.]com"), std::string::npos)
      << m.dump();
  EXPECT_EQ(m["body"].get<std::string>().find("alert"), std::string::npos);
  EXPECT_EQ(m["subject"], "[無害化] 会議のご案内");
  ASSERT_EQ(m["sanso"].size(), 1u);  // the forged one is gone
  const std::string tokens = m["sanso"][0];
  EXPECT_NE(tokens.find("CHG_TEXT"), std::string::npos) << tokens;
  EXPECT_NE(tokens.find("CHG_ATTACH"), std::string::npos) << tokens;
  ASSERT_EQ(m["atts"].size(), 1u) << m.dump();
  EXPECT_EQ(m["atts"][0]["name"], "plan.docx");
  bool has_document = false;
  for (const auto& name : m["atts"][0]["zip"]) {
    EXPECT_EQ(name.get<std::string>().find("vbaProject"), std::string::npos);
    has_document = has_document || name == "word/document.xml";
  }
  EXPECT_TRUE(has_document);
  EXPECT_EQ(v.audit["input_sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(v.audit["output_sha256"].get<std::string>().size(), 64u);
}

TEST_F(MilterProcessorTest, InboundEncryptedMailIsRejected) {
  auto processor = open(Direction::kInbound);
  ASSERT_NE(processor, nullptr);
  MilterVerdict v =
      run(*processor,
          "From: a@example.com\r\nTo: b@city.example.jp\r\nSubject: s\r\n"
          "MIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; "
          "smime-type=enveloped-data; name=smime.p7m\r\n"
          "Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHA6CAMIACAQAx\r\n");
  EXPECT_EQ(v.kind, MilterVerdict::Kind::kReject);
  EXPECT_EQ(v.rcode, "550");
  EXPECT_NE(v.reply.find("encrypted"), std::string::npos) << v.reply;
}

TEST_F(MilterProcessorTest, InboundNonMessageIsRejectedNotPassed) {
  auto processor = open(Direction::kInbound);
  ASSERT_NE(processor, nullptr);
  MilterVerdict v = run(*processor, "just some text without a header block\r\n");
  EXPECT_EQ(v.kind, MilterVerdict::Kind::kReject) << v.audit.dump();
}

TEST_F(MilterProcessorTest, OutboundMyNumberIsHeldInvalidNumberPasses) {
  auto processor = open(Direction::kOutbound);
  ASSERT_NE(processor, nullptr);
  auto mail = [](const std::string& number) {
    return "From: staff@city.example.jp\r\nTo: x@example.com\r\nSubject: test\r\n"
           "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"
           "--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nよろしくお願いします\r\n"
           "--B\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "Content-Disposition: attachment; filename=\"list.txt\"\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n" +
           base64("個人番号：" + number + "\n") + "\r\n--B--\r\n";
  };
  MilterVerdict hit = run(*processor, mail("983205673214"));
  EXPECT_EQ(hit.kind, MilterVerdict::Kind::kQuarantine) << hit.audit.dump();
  EXPECT_EQ(hit.quarantine_reason.find("983205673214"), std::string::npos);
  EXPECT_EQ(hit.audit.dump().find("983205673214"), std::string::npos);
  MilterVerdict clean = run(*processor, mail("983205673210"));
  EXPECT_EQ(clean.kind, MilterVerdict::Kind::kAccept) << clean.audit.dump();
}

TEST_F(MilterProcessorTest, EveryMessageGetsOneAuditRecordWithoutBodyText) {
  auto processor = open(Direction::kInbound);
  ASSERT_NE(processor, nullptr);
  MilterVerdict v = run(*processor, htmlMailWithDocm());
  ASSERT_TRUE(processor->audit(v, {"<m1@example.com>", "ABC123", 1234, "", {}, ""}).isOk());
  ASSERT_TRUE(processor->audit(processor->tooLarge(), {"<m2@example.com>", "", 99, "", {}, ""}).isOk());
  auto report = processor->auditLog().verify();
  ASSERT_TRUE(report.isOk()) << report.status().toString();
  EXPECT_EQ(report->records, 2u);
  if (!test::haveProgram("sqlite3")) GTEST_SKIP() << "sqlite3 not installed: contents not read";
  std::string dump =
      test::runCommand("sqlite3 " + dir_.file("data/audit.db") +
                       " 'select action, object_id, details from audit_records' 2>&1");
  {
    EXPECT_NE(dump.find("mail.inbound|<m1@example.com>|"), std::string::npos) << dump;
    EXPECT_NE(dump.find("\"verdict\":\"replace\""), std::string::npos) << dump;
    EXPECT_NE(dump.find("limit-message-size"), std::string::npos) << dump;
    EXPECT_EQ(dump.find("会議"), std::string::npos);
  }
}

}  // namespace
}  // namespace sanso::milter
