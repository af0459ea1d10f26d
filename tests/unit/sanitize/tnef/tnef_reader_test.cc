// TNEF (winmail.dat) unpacking on streams built in the test: attachments with Japanese long
// file names, bodies, checksums right and wrong, truncation, dropped objects and limits.
#include "tnef/tnef_reader.h"

#include <gtest/gtest.h>

#include "support/tnef_builder.h"

namespace sanso::sanitize::tnef {
namespace {

using namespace test::tnef_builder;

Result<TnefContent> unpack(const std::string& bytes, Limits limits = {}) {
  Budget budget{limits};
  return unpackTnef(asBytes(bytes), budget);
}

TEST(Tnef, UnpacksAttachmentsAndBodies) {
  auto result = unpack(winmail());
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  EXPECT_EQ(result->subject, "件名");
  EXPECT_EQ(result->body_text, "本文です");
  EXPECT_EQ(result->body_html, "<b>こんにちは</b>");
  ASSERT_EQ(result->attachments.size(), 2u);
  EXPECT_EQ(result->attachments[0].name, "報告書.txt");
  EXPECT_EQ(result->attachments[0].mime_type, "text/plain");
  EXPECT_EQ(result->attachments[0].data, "report body");
  EXPECT_EQ(result->attachments[1].name, "テスト.bin");  // attAttachTitle in the OEM code page
  EXPECT_EQ(result->attachments[1].data, std::string("\0\x01\x02", 3));
  ASSERT_EQ(result->dropped.size(), 1u);
  EXPECT_EQ(result->dropped[0], "ole-object-attachment: attachment 2 (OBJECT)");
}

TEST(Tnef, BadChecksumIsMalformed) {
  auto result = unpack(winmail(1));
  ASSERT_FALSE(result.isOk());
  EXPECT_EQ(result.status().reason(), "malformed-tnef");
}

TEST(Tnef, EveryTruncationIsMalformedOrShorter) {
  const std::string full = winmail();
  for (size_t size = 0; size < full.size(); ++size) {
    auto result = unpack(full.substr(0, size));
    if (!result.isOk()) {
      EXPECT_EQ(result.status().reason(), "malformed-tnef") << size;
    }
  }
}

TEST(Tnef, BadSignatureAndLevel) {
  EXPECT_EQ(unpack("\x78\x9F\x3E\x23\x01\x00").status().reason(), "malformed-tnef");
  auto bad_level = unpack(header() + attribute(7, 0x00018004, "x"));
  EXPECT_EQ(bad_level.status().reason(), "malformed-tnef");
}

TEST(Tnef, LyingPropertyCounts) {
  std::string huge_count = le32(0xFFFFFFFF);
  auto result = unpack(header() + attribute(1, 0x00069003, huge_count));
  EXPECT_EQ(result.status().reason(), "limit-mail-properties");
  // One property claiming a billion values in a few bytes.
  std::string lying_values = le32(1) + le32(0x1000001F) + le32(1000000000) + le32(4) + "abcd";
  auto values = unpack(header() + attribute(1, 0x00069003, lying_values));
  EXPECT_EQ(values.status().reason(), "malformed-tnef");
  std::string lying_length = le32(1) + le32(0x1000001F) + le32(1) + le32(0x7FFFFFFF) + "ab";
  auto length = unpack(header() + attribute(1, 0x00069003, lying_length));
  EXPECT_EQ(length.status().reason(), "malformed-tnef");
  std::string unknown_type = le32(1) + le32(0x10000099) + "abcd";
  auto unknown = unpack(header() + attribute(1, 0x00069003, unknown_type));
  EXPECT_EQ(unknown.status().reason(), "malformed-tnef");
}

TEST(Tnef, EmbeddedMessageAndReferenceAttachmentsAreDropped) {
  std::string in = header();
  in += attribute(2, 0x00069002, rendData(1));
  in += attribute(2, 0x00069005, propertyBlock({{0x37050003, le32(5)}}));
  in += attribute(2, 0x00069002, rendData(1));
  in += attribute(2, 0x00069005, propertyBlock({{0x37050003, le32(2)}}));
  auto result = unpack(in);
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  EXPECT_TRUE(result->attachments.empty());
  ASSERT_EQ(result->dropped.size(), 2u);
  EXPECT_EQ(result->dropped[0], "embedded-message-attachment: attachment 1");
  EXPECT_EQ(result->dropped[1], "reference-attachment: attachment 2");
}

TEST(Tnef, ManyAttachmentsHitThePartsLimit) {
  std::string in = header();
  for (int i = 0; i < 20; ++i) in += attribute(2, 0x00069002, rendData(1));
  Limits limits;
  limits.max_mime_parts = 10;
  EXPECT_EQ(unpack(in, limits).status().reason(), "limit-mime-parts");
}

}  // namespace
}  // namespace sanso::sanitize::tnef
