// .msg -> MIME on compound files built in the test: Japanese in UTF-16 and CP932, recipients,
// attachments, attached messages, dropped objects, protected messages and hostile structures.
// The MIME is checked with python3's email package (policy=default).
#include "msg/msg_reader.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "detect.h"
#include "sanso/sanitize/file_type.h"
#include "support/cfb_builder.h"
#include "support/sanitize_runner.h"
#include "support/test_util.h"

namespace sanso::sanitize::msg {
namespace {

using test::CfbNode;

std::string le32(uint32_t v) {
  std::string out;
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  return out;
}
std::string le64(uint64_t v) {
  return le32(static_cast<uint32_t>(v)) + le32(static_cast<uint32_t>(v >> 32));
}

std::string utf16(std::u16string_view s) {
  std::string out;
  for (char16_t c : s) {
    out.push_back(static_cast<char>(c & 0xFF));
    out.push_back(static_cast<char>(c >> 8));
  }
  return out + std::string(2, '\0');
}

std::string substg(uint16_t id, uint16_t type) {
  char name[40];
  std::snprintf(name, sizeof(name), "__substg1.0_%04X%04X", id, type);
  return name;
}

CfbNode str(uint16_t id, std::u16string_view s) {
  return {substg(id, 0x001F), utf16(s), false, {}};
}
CfbNode str8(uint16_t id, const std::string& bytes) {
  return {substg(id, 0x001E), bytes + '\0', false, {}};
}
CfbNode bin(uint16_t id, const std::string& bytes) {
  return {substg(id, 0x0102), bytes, false, {}};
}

// The property stream: `header` reserved bytes, then 16-byte entries of fixed values.
CfbNode props(size_t header, const std::vector<std::pair<uint32_t, uint64_t>>& fixed) {
  std::string out(header, '\0');
  for (const auto& [tag, value] : fixed) out += le32(tag) + le32(6) + le64(value);
  return {"__properties_version1.0", out, false, {}};
}

CfbNode storage(const std::string& name, std::vector<CfbNode> children) {
  return {name, "", true, std::move(children)};
}

std::string indexed(const char* prefix, uint32_t index) {
  char name[48];
  std::snprintf(name, sizeof(name), "%s%08X", prefix, index);
  return name;
}

CfbNode recipient(uint32_t index, uint32_t type, std::u16string_view name,
                  std::u16string_view email) {
  return storage(indexed("__recip_version1.0_#", index),
                 {props(8, {{0x0C150003, type}}), str(0x3001, name), str(0x39FE, email)});
}

CfbNode attachment(uint32_t index, std::vector<CfbNode> children) {
  return storage(indexed("__attach_version1.0_#", index), std::move(children));
}

constexpr uint64_t kFiletime2024 = 133502544000000000ull;  // 2024-01-20 20:00:00 UTC

// A Japanese message in UTF-16 with a plain and an HTML body, To, Cc, Bcc and one attachment.
std::vector<CfbNode> japaneseMessage(size_t header = 32) {
  return {props(header, {{0x00390040, kFiletime2024}, {0x3FDE0003, 65001}}),
          str(0x001A, u"IPM.Note"),
          str(0x0037, u"日本語の件名"),
          str(0x0C1A, u"山田 太郎"),
          str(0x5D01, u"yamada@example.jp"),
          str(0x1035, u"<abc.123@example.jp>"),
          str(0x1000, u"本文です。\r\nよろしく"),
          bin(0x1013, "<p>こんにちは</p>"),
          recipient(0, 1, u"鈴木 花子", u"suzuki@example.jp"),
          recipient(1, 2, u"Sato", u"sato@example.jp"),
          recipient(2, 3, u"Hidden", u"hidden@example.jp"),
          attachment(0, {props(8, {{0x37050003, 1}}), str(0x3707, u"報告書 2024.txt"),
                         str(0x370E, u"text/plain"), str(0x3712, u"part1@example.jp"),
                         bin(0x3701, "attached data")})};
}

Result<MsgConversion> convert(const std::string& bytes, Limits limits = {}) {
  Budget budget{limits};
  return msgToMime(asBytes(bytes), budget);
}

// Dumps the message as python's email package reads it: headers, defects and each part.
constexpr char kDump[] = R"PY(
import sys, email
from email import policy
msg = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
out = []
def dump(m, ind):
    for h in ('From', 'To', 'Cc', 'Bcc', 'Subject', 'Date', 'Message-ID'):
        if h in m:
            v = m[h]
            out.append(ind + h + ': ' + str(v))
            for d in getattr(v, 'defects', []):
                out.append(ind + 'header defect ' + type(d).__name__)
    for d in m.defects:
        out.append(ind + 'defect ' + type(d).__name__)
    ct = m.get_content_type()
    if ct == 'message/rfc822':
        out.append(ind + ct + ' ' + str(m.get_filename()))
        dump(m.get_content(), ind + '  ')
    elif ct.startswith('multipart/'):
        out.append(ind + ct)
        for p in m.iter_parts():
            dump(p, ind + '  ')
    else:
        c = m.get_content()
        if isinstance(c, bytes):
            c = c.decode('utf-8', 'replace')
        out.append(ind + ct + ' ' + str(m.get_filename()) + ' ' + repr(c))
dump(msg, '')
sys.stdout.buffer.write('\n'.join(out).encode('utf-8'))
)PY";

std::string dump(const std::string& mime) {
  for (char c : mime) {
    if (static_cast<unsigned char>(c) > 0x7F) return "non-ASCII byte in the MIME output";
  }
  return test::pythonFindings(kDump, mime, "message.eml");
}

TEST(MsgToMime, JapaneseUnicodeMessage) {
  auto result = convert(test::buildCfbTree(japaneseMessage()));
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  EXPECT_TRUE(result->dropped.empty());
  EXPECT_NE(result->mime.find("\r\nContent-ID: <part1@example.jp>\r\n"), std::string::npos);
  EXPECT_EQ(dump(result->mime),
            "From: 山田 太郎 <yamada@example.jp>\n"
            "To: 鈴木 花子 <suzuki@example.jp>\n"
            "Cc: Sato <sato@example.jp>\n"
            "Subject: 日本語の件名\n"
            "Date: Sat, 20 Jan 2024 20:00:00 +0000\n"
            "Message-ID: <abc.123@example.jp>\n"
            "multipart/mixed\n"
            "  multipart/alternative\n"
            "    text/plain None '本文です。\\r\\nよろしく'\n"
            "    text/html None '<p>こんにちは</p>'\n"
            "  text/plain 報告書 2024.txt 'attached data'");
}

// Through the engine: a .msg is detected by content, converted and sanitized into an .eml
// whose body is text and whose attachment went through the engine.
TEST(MsgToMime, TheEngineSanitizesAMsgIntoAMessage) {
  test::Sanitized s = test::sanitizeBytes(test::buildCfbTree(japaneseMessage()), "mail.msg");
  ASSERT_EQ(s.report.verdict, Verdict::kSanitized) << s.report.reason;
  EXPECT_EQ(s.report.input.type, "msg");
  ASSERT_TRUE(s.report.output.has_value());
  EXPECT_EQ(s.report.output->type, "eml");
  EXPECT_TRUE(test::hasAction(s.report, "converted", "msg-to-mime"));
  ASSERT_TRUE(s.output.has_value());
  const std::string read = dump(*s.output);
  EXPECT_NE(read.find("Subject: 日本語の件名\n"), std::string::npos) << read;
  EXPECT_NE(read.find("text/plain 報告書 2024.txt 'attached data'"), std::string::npos) << read;
  EXPECT_EQ(read.find("text/html"), std::string::npos) << read;
  EXPECT_EQ(read.find("defect"), std::string::npos) << read;
}

TEST(MsgToMime, Cp932String8WithMessageCodepage) {
  const std::string nihongo = "\x93\xFA\x96\x7B\x8C\xEA";  // 日本語 in CP932
  const std::string tesuto = "\x83\x65\x83\x58\x83\x67";   // テスト
  std::vector<CfbNode> nodes = {
      props(32, {{0x3FFD0003, 932}}),
      str8(0x0037, nihongo + " " + tesuto),
      str8(0x0C1A, tesuto),
      str8(0x0C1F, "test@example.jp"),
      str8(0x1000, nihongo + "\r\n"),
      attachment(0, {props(8, {{0x37050003, 1}}), str8(0x3707, nihongo + ".csv"),
                     bin(0x3701, "a,b\r\n")})};
  auto result = convert(test::buildCfbTree(nodes));
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  EXPECT_EQ(dump(result->mime),
            "From: テスト <test@example.jp>\n"
            "Subject: 日本語 テスト\n"
            "multipart/mixed\n"
            "  text/plain None '日本語\\r\\n'\n"
            "  application/octet-stream 日本語.csv 'a,b\\r\\n'");
}

TEST(MsgToMime, String8WithoutCodepageIsReadAsCp932) {
  std::vector<CfbNode> nodes = {props(32, {}), str8(0x0037, "\x83\x65\x83\x58\x83\x67")};
  auto result = convert(test::buildCfbTree(nodes));
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  EXPECT_EQ(dump(result->mime), "Subject: テスト\ntext/plain None ''");
}

TEST(MsgToMime, EmbeddedMessageBecomesRfc822AndObjectsAreDropped) {
  std::vector<CfbNode> inner = japaneseMessage(24);
  std::vector<CfbNode> nodes = {
      props(32, {}),
      str(0x0037, u"転送"),
      str(0x1000, u"see attached"),
      attachment(0, {props(8, {{0x37050003, 5}}), str(0x3707, u"元のメール.msg"),
                     storage("__substg1.0_3701000D", inner)}),
      attachment(1, {props(8, {{0x37050003, 6}}), str(0x3707, u"object.bin"), bin(0x3701, "OLE")}),
      attachment(2, {props(8, {{0x37050003, 4}}), str(0x3707, u"\\\\server\\share\\x.doc")})};
  auto result = convert(test::buildCfbTree(nodes));
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  ASSERT_EQ(result->dropped.size(), 2u);
  EXPECT_EQ(result->dropped[0].what, "ole-object-attachment");
  EXPECT_EQ(result->dropped[0].where, "attachment 2 (object.bin)");
  EXPECT_EQ(result->dropped[1].what, "reference-attachment");
  EXPECT_EQ(dump(result->mime),
            "Subject: 転送\n"
            "multipart/mixed\n"
            "  text/plain None 'see attached'\n"
            "  message/rfc822 元のメール.msg\n"
            "    From: 山田 太郎 <yamada@example.jp>\n"
            "    To: 鈴木 花子 <suzuki@example.jp>\n"
            "    Cc: Sato <sato@example.jp>\n"
            "    Subject: 日本語の件名\n"
            "    Date: Sat, 20 Jan 2024 20:00:00 +0000\n"
            "    Message-ID: <abc.123@example.jp>\n"
            "    multipart/mixed\n"
            "      multipart/alternative\n"
            "        text/plain None '本文です。\\r\\nよろしく'\n"
            "        text/html None '<p>こんにちは</p>'\n"
            "      text/plain 報告書 2024.txt 'attached data'");
}

TEST(MsgToMime, HeaderInjectionAndOddAddressesStayInTheirFields) {
  std::vector<CfbNode> nodes = {
      props(32, {}),
      str(0x0037, u"hello\r\nBcc: victim@example.com\r\n\r\nbody"),
      str(0x0C1A, u"Evil\" <a@b>, \"x"),
      str(0x0C1F, u"/O=ORG/OU=EXCHANGE/CN=RECIPIENTS/CN=USER"),
      str(0x1035, u"<bad id>\r\nX-Injected: 1"),
      recipient(0, 1, u"=?UTF-8?B?ZXZpbA==?=", u"x@y\r\nBcc: z@example.com"),
      attachment(0, {props(8, {}), str(0x3707, u"../../etc/passwd\r\nX: y"),
                     str(0x370E, u"text/html\r\nX-Evil: 1"), bin(0x3701, "x")})};
  auto result = convert(test::buildCfbTree(nodes));
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  EXPECT_EQ(result->mime.find("X-Injected"), std::string::npos);
  EXPECT_EQ(result->mime.find("\r\nBcc"), std::string::npos);
  EXPECT_EQ(dump(result->mime),
            "From: \"Evil\\\" <a@b>, \\\"x\":;\n"
            "To: =?UTF-8?B?ZXZpbA==?=:;\n"
            "Subject: hello  Bcc: victim@example.com    body\n"
            "multipart/mixed\n"
            "  text/plain None ''\n"
            "  application/octet-stream passwd  X: y 'x'");
}

TEST(MsgToMime, ProtectedMessagesAreBlocked) {
  for (const char16_t* cls : {u"IPM.Note.SMIME", u"IPM.Note.SMIME.MultipartSigned",
                              u"IPM.Note.rpmsg.Microsoft.Voicemail"}) {
    auto result = convert(test::buildCfbTree({props(32, {}), str(0x001A, cls)}));
    ASSERT_FALSE(result.isOk());
    EXPECT_EQ(result.status().reason(), "encrypted");
  }
}

TEST(MsgToMime, DetectedAsMsgByContent) {
  Budget budget{Limits{}};
  std::string bytes = test::buildCfbTree(japaneseMessage());
  auto type = detectType(asBytes(bytes), budget);
  ASSERT_TRUE(type.isOk()) << type.status().toString();
  EXPECT_EQ(*type, FileType::kMsg);
  EXPECT_EQ(typeInfo(FileType::kMsg).family, Family::kMail);
  // Property streams alone (no __substg1.0_) are not a message.
  std::string other = test::buildCfbTree({props(32, {})});
  auto other_type = detectType(asBytes(other), budget);
  ASSERT_TRUE(other_type.isOk());
  EXPECT_EQ(*other_type, FileType::kOle2);
}

// The directory entry whose UTF-16 name is `name` (the first one), as an offset into `file`.
size_t entryOffset(const std::string& file, const std::string& name) {
  std::string needle;
  for (char c : name) needle += std::string{c, '\0'};
  size_t at = file.find(needle + std::string(2, '\0'));
  EXPECT_NE(at, std::string::npos) << name;
  return at;
}

void patch32(std::string& file, size_t at, uint32_t value) { file.replace(at, 4, le32(value)); }

TEST(MsgToMime, StorageLoopIsMalformed) {
  // The attached message's storage lists the top message's entries again, so the attachment
  // storage would be converted inside itself.
  std::vector<CfbNode> nodes = {props(32, {}),
                                attachment(0, {props(8, {{0x37050003, 5}}),
                                               storage("__substg1.0_3701000D", {props(24, {})})})};
  std::string file = test::buildCfbTree(nodes);
  patch32(file, entryOffset(file, "__substg1.0_3701000D") + 0x4C, 1);
  Limits limits;
  limits.max_archive_depth = 100;
  auto result = convert(file, limits);
  ASSERT_FALSE(result.isOk());
  EXPECT_EQ(result.status().reason(), "malformed-msg");
}

TEST(MsgToMime, SiblingLoopIsMalformed) {
  std::string file = test::buildCfbTree({props(32, {}), str(0x0037, u"a"), str(0x1000, u"b")});
  patch32(file, entryOffset(file, substg(0x1000, 0x001F)) + 0x48, 2);
  auto result = convert(file);
  ASSERT_FALSE(result.isOk());
  EXPECT_EQ(result.status().reason(), "malformed-ole2");
}

TEST(MsgToMime, DeepEmbeddingHitsTheDepthLimit) {
  std::vector<CfbNode> message = {props(24, {}), str(0x0037, u"innermost")};
  for (int i = 0; i < 6; ++i) {
    message = {props(24, {}), attachment(0, {props(8, {{0x37050003, 5}}),
                                             storage("__substg1.0_3701000D", message)})};
  }
  message[0] = props(32, {});
  auto result = convert(test::buildCfbTree(message));
  ASSERT_FALSE(result.isOk());
  EXPECT_EQ(result.status().reason(), "limit-archive-depth");
}

TEST(MsgToMime, LyingSizesHitLimits) {
  std::string file = test::buildCfbTree({props(32, {}), str(0x1000, u"body")});
  std::string huge_props = file;
  patch32(huge_props, entryOffset(huge_props, "__properties_version1.0") + 0x78, 0xFFFFFFF0);
  auto props_result = convert(huge_props);
  ASSERT_FALSE(props_result.isOk());
  EXPECT_EQ(props_result.status().reason(), "limit-mail-properties");

  std::string huge_body = file;
  patch32(huge_body, entryOffset(huge_body, substg(0x1000, 0x001F)) + 0x78, 0x40000000);
  auto body_result = convert(huge_body);
  ASSERT_FALSE(body_result.isOk());
  EXPECT_EQ(body_result.status().reason(), "limit-archive-member-bytes");
}

TEST(MsgToMime, ManyRecipientsHitThePartsLimit) {
  std::vector<CfbNode> nodes = {props(32, {})};
  for (uint32_t i = 0; i < 20; ++i) nodes.push_back(recipient(i, 1, u"r", u"r@example.jp"));
  Limits limits;
  limits.max_mime_parts = 10;
  auto result = convert(test::buildCfbTree(nodes), limits);
  ASSERT_FALSE(result.isOk());
  EXPECT_EQ(result.status().reason(), "limit-mime-parts");
}

TEST(MsgToMime, NotAMessage) {
  EXPECT_EQ(convert("not ole2").status().reason(), "malformed-ole2");
  auto result = convert(test::buildCfbTree({str(0x0037, u"no property stream")}));
  EXPECT_EQ(result.status().reason(), "malformed-msg");
}

}  // namespace
}  // namespace sanso::sanitize::msg
