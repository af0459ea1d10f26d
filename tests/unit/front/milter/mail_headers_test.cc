// The milter's header logic: the sanitized message's header block, replaced fields, the
// X-Sanso-Sanitized tokens and the subject tag (decoded back with Python's email package).
#include "sanso/milter/mail_headers.h"

#include <gtest/gtest.h>

#include "support/test_util.h"

namespace sanso::milter {
namespace {

TEST(MilterHeaders, SplitsFoldedFieldsAndFindsTheBody) {
  const std::string message =
      "From: a@example.jp\r\nContent-Type: multipart/mixed;\r\n boundary=\"b1\"\r\n"
      "MIME-Version: 1.0\r\n\r\nbody\r\n";
  auto split = splitMessage(message);
  ASSERT_TRUE(split.isOk()) << split.status().toString();
  ASSERT_EQ(split->headers.size(), 3u);
  EXPECT_EQ(fieldValue(split->headers, "content-type"), "multipart/mixed; boundary=\"b1\"");
  EXPECT_EQ(message.substr(split->body_offset), "body\r\n");
}

TEST(MilterHeaders, RefusesWhatIsNotAHeaderBlock) {
  EXPECT_EQ(splitMessage("From: a\r\nno blank line").status().reason(), "malformed-mime");
  EXPECT_EQ(splitMessage(" folded first\r\n\r\n").status().reason(), "malformed-mime");
  EXPECT_EQ(splitMessage("Bad Name: x\r\n\r\n").status().reason(), "malformed-mime");
  // A bare CR would reach the MTA inside a header value.
  EXPECT_EQ(splitMessage("Subject: a\rBcc: x\r\n\r\n").status().reason(), "malformed-mime");
  EXPECT_EQ(splitMessage(std::string("Subject: a\0b\r\n\r\n", 16)).status().reason(),
            "malformed-mime");
  EXPECT_EQ(splitMessage("A: 1\r\nB: 2\r\n\r\n", 1).status().reason(), "limit-mime-header-fields");
}

TEST(MilterHeaders, ReplacesMimeFieldsSubjectAndForgedSansoFields) {
  for (const char* name :
       {"Content-Type", "content-transfer-encoding", "CONTENT-DISPOSITION", "Content-ID",
        "MIME-Version", "Subject", "X-Sanso-Sanitized", "x-sanso-anything"}) {
    EXPECT_TRUE(isReplacedField(name)) << name;
  }
  for (const char* name : {"From", "To", "Received", "Message-ID", "X-Mailer", "Contents"}) {
    EXPECT_FALSE(isReplacedField(name)) << name;
  }
}

TEST(MilterHeaders, ReplacementFieldsComeFromTheSanitizedMessage) {
  std::vector<HeaderField> sanitized = {{"From", "a@example.jp"},
                                        {"Subject", "hello"},
                                        {"MIME-Version", "1.0"},
                                        {"Content-Type", "text/plain; charset=utf-8"},
                                        {"Content-Transfer-Encoding", "base64"}};
  auto fields = replacementFields(sanitized, "");
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0].name, "MIME-Version");
  EXPECT_EQ(fields[1].value, "text/plain; charset=utf-8");
  EXPECT_EQ(fields[2].value, "base64");
  EXPECT_EQ(fields[3].name, "Subject");
  EXPECT_EQ(fields[3].value, "hello");
}

TEST(MilterHeaders, SubjectTagIsEncodedWithTheJapaneseSubject) {
  // "会議のご案内" as sanso's writer encodes it.
  std::vector<HeaderField> sanitized = {{"Subject", "=?UTF-8?B?5Lya6K2w44Gu44GU5qGI5YaF?="}};
  auto fields = replacementFields(sanitized, "[無害化]");
  ASSERT_EQ(fields.size(), 1u);
  const std::string& value = fields[0].value;
  for (unsigned char c : value) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << value;
  const std::string decoded = test::runCommand(
      "python3 -c 'import sys; from email.header import decode_header, make_header; "
      "sys.stdout.write(str(make_header(decode_header(sys.argv[1]))))' " +
      test::shellQuote(value));
  EXPECT_EQ(decoded, "[無害化] 会議のご案内");
}

TEST(MilterHeaders, TokensSummariseTheReport) {
  nlohmann::json report = {
      {"verdict", "sanitized"},
      {"actions",
       {{{"action", "converted"}, {"what", "html-body"}, {"where", "body"}},
        {{"action", "neutralized"}, {"what", "hyperlink"}, {"where", "document"}},
        {{"action", "removed"}, {"what", "header"}, {"where", "X-Mailer"}},
        {{"action", "removed"}, {"what", "vba-project"}, {"where", "a.docm:word/vbaProject.bin"}},
        {{"action", "removed"}, {"what", "attachment"}, {"where", "evil.exe"}}}},
      {"members",
       {{{"name", "a.docm"}, {"verdict", "sanitized"}},
        {{"name", "evil.exe"}, {"verdict", "blocked"}}}}};
  EXPECT_EQ(sanitizedTokens(report), "DEL_ATTACH CHG_ATTACH CHG_TEXT REP_LINK DEL_HEADER");
  EXPECT_EQ(sanitizedTokens({{"verdict", "clean"}, {"actions", nlohmann::json::array()}}), "NONE");
  // Informational actions change nothing.
  EXPECT_EQ(sanitizedTokens({{"actions", {{{"action", "kept"}, {"what", "x"}, {"where", ""}}}}}),
            "NONE");
}

TEST(MilterHeaders, PrintableAsciiForHeadersAndAudit) {
  EXPECT_EQ(printableAscii("<id@x>\r\nBcc: evil", 100), "<id@x>??Bcc: evil");
  EXPECT_EQ(printableAscii("日本", 100), "??????");
  EXPECT_EQ(printableAscii("abcdef", 3), "abc");
}

}  // namespace
}  // namespace sanso::milter
