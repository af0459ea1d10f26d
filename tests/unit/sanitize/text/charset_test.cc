// decodeToUtf8(), looksLikeText() and looksLikeCsv() over the supported encodings.
#include <gtest/gtest.h>
#include <iconv.h>

#include <random>
#include <stdexcept>

#include "text/text_sanitizer.h"

namespace sanso::sanitize::text {
namespace {

// glibc iconv as the independent encoder of test inputs.
std::string encode(const std::string& utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv_open");
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  size_t rc = iconv(cd, &in, &in_left, &out_ptr, &out_left);
  iconv(cd, nullptr, nullptr, &out_ptr, &out_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1))
    throw std::runtime_error(std::string("cannot encode in ") + charset);
  out.resize(out.size() - out_left);
  return out;
}

// Kanji, kana, NEC specials (①, ㈱), the full-width tilde, half-width katakana.
const std::string kJapanese = "宗像市 情報セキュリティ ①㈱～ ｱｲｳ\n第2行: テスト\n";

// The same text as Windows writes ISO-2022-JP (CP50221): ① ㈱ are NEC row 13 under ESC $ B,
// ～ is JIS 0x2141, half-width katakana under ESC ( I.
std::string iso2022Jp() {
  return encode("宗像市 情報セキュリティ ", "ISO-2022-JP") + "\x1b$B-!-j!A\x1b(B " +
         "\x1b(I123\x1b(B\n" + encode("第2行: テスト\n", "ISO-2022-JP");
}

struct Case {
  std::string name;
  std::string bytes;
  std::string charset;
};

std::vector<Case> encodedCases() {
  return {
      {"utf8", kJapanese, "UTF-8"},
      {"utf8-bom", "\xEF\xBB\xBF" + kJapanese, "UTF-8"},
      {"utf16le-bom", "\xFF\xFE" + encode(kJapanese, "UTF-16LE"), "UTF-16LE"},
      {"utf16be-bom", "\xFE\xFF" + encode(kJapanese, "UTF-16BE"), "UTF-16BE"},
      {"utf16le", encode(kJapanese, "UTF-16LE"), "UTF-16LE"},
      {"utf16be", encode(kJapanese, "UTF-16BE"), "UTF-16BE"},
      {"cp932", encode(kJapanese, "CP932"), "SHIFT_JIS"},
      {"euc-jp", encode(kJapanese, "EUC-JP-MS"), "EUC-JP"},
      {"iso-2022-jp", iso2022Jp(), "ISO-2022-JP"},
  };
}

TEST(DecodeToUtf8, EveryEncodingGivesTheSameText) {
  for (const Case& c : encodedCases()) {
    auto decoded = decodeToUtf8(asBytes(c.bytes));
    ASSERT_TRUE(decoded.isOk()) << c.name << ": " << decoded.status().toString();
    EXPECT_EQ(decoded->utf8, kJapanese) << c.name;
    EXPECT_EQ(decoded->charset, c.charset) << c.name;
  }
}

TEST(DecodeToUtf8, ShortJapaneseStrings) {
  // Too short for a statistical detector; Shift_JIS and EUC-JP must still be told apart.
  auto expectRoundTrip = [](std::string_view text, const char* charset) {
    auto decoded = decodeToUtf8(asBytes(encode(std::string(text), charset)));
    ASSERT_TRUE(decoded.isOk()) << text << " " << charset;
    EXPECT_EQ(decoded->utf8, text) << charset << " decoded as " << decoded->charset;
  };
  for (std::string_view text :
       {"宗像市 情報セキュリティ", "宗像市", "請求書", "漢字", "カタカナ", "データ", "住所,氏名",
        "東京都千代田区", "①㈱～", "あ", "ﾃｽﾄです", "髙橋さん"}) {
    expectRoundTrip(text, "CP932");
    expectRoundTrip(text, "EUC-JP-MS");
  }
  // Half-width katakana alone: common in Shift_JIS (bank transfer files, old systems).
  for (std::string_view text : {"ﾃｽﾄﾃﾞｰﾀ", "ｶﾞｽﾀﾞｲ", "ｱｲｳｴ", "ﾔﾏﾀﾞ ﾀﾛｳ"}) {
    expectRoundTrip(text, "CP932");
  }
}

TEST(DecodeToUtf8, AmbiguousHalfWidthKatakanaGoesToShiftJis) {
  // EUC-JP "ｱｲｳｴ" (8E B1 8E B2 ...) is also valid Shift_JIS kanji of equal likelihood; the
  // documented tie-break prefers Shift_JIS, far more common for half-width katakana.
  auto decoded = decodeToUtf8(asBytes(encode("ｱｲｳｴ", "EUC-JP-MS")));
  ASSERT_TRUE(decoded.isOk());
  EXPECT_EQ(decoded->charset, "SHIFT_JIS");
}

TEST(DecodeToUtf8, IbmExtensionKanji) {
  // 髙 (IBM extension): CP932 has it twice (NEC-selected 0xEEE0, IBM 0xFBFC).
  for (const std::string& bytes :
       {std::string("\xFB\xFC\x8B\xB4"), std::string("\xEE\xE0\x8B\xB4")}) {
    auto decoded = decodeToUtf8(asBytes(bytes));
    ASSERT_TRUE(decoded.isOk());
    EXPECT_EQ(decoded->utf8, "髙橋");
  }
  auto euc = decodeToUtf8(asBytes(encode("髙橋さん", "EUC-JP-MS")));
  ASSERT_TRUE(euc.isOk());
  EXPECT_EQ(euc->utf8, "髙橋さん");
}

TEST(DecodeToUtf8, Iso2022JpWithOtherCharsetsUsesTheFullDecoder) {
  // JIS X 0212 (ESC $ ( D) is outside CP932; glibc's ISO-2022-JP-2 decodes it.
  std::string bytes = encode("丂 と ABC", "ISO-2022-JP-2");
  ASSERT_NE(bytes.find("\x1b$(D"), std::string::npos);
  auto decoded = decodeToUtf8(asBytes(bytes));
  ASSERT_TRUE(decoded.isOk()) << decoded.status().toString();
  EXPECT_EQ(decoded->utf8, "丂 と ABC");
  EXPECT_EQ(decoded->charset, "ISO-2022-JP");
}

TEST(DecodeToUtf8, CharsetIsJudgedBeyondTheSample) {
  // 300 KiB of ASCII, then Shift_JIS: the UTF-8 guess from the first part fails later.
  std::string text(300 * 1024, 'a');
  text += encode("\n住所", "CP932");
  auto decoded = decodeToUtf8(asBytes(text));
  ASSERT_TRUE(decoded.isOk()) << decoded.status().toString();
  EXPECT_EQ(decoded->charset, "SHIFT_JIS");
  EXPECT_EQ(decoded->utf8.substr(decoded->utf8.size() - 7), "\n住所");
}

TEST(DecodeToUtf8, Refusals) {
  for (const std::string& bytes : {std::string("abc\x80\xff"), std::string("\xEF\xBB\xBF\xC3\x28"),
                                   std::string("\xFF\xFE\x00\xD8\x41\x00", 6),  // lone surrogate
                                   std::string("\xFE\xFF\x30", 3)}) {
    auto decoded = decodeToUtf8(asBytes(bytes));
    ASSERT_FALSE(decoded.isOk());
    EXPECT_EQ(decoded.status().reason(), "malformed-text");
  }
}

TEST(DecodeToUtf8, EmptyIsEmptyUtf8) {
  auto decoded = decodeToUtf8({});
  ASSERT_TRUE(decoded.isOk());
  EXPECT_EQ(decoded->utf8, "");
}

TEST(LooksLikeText, AllSupportedEncodings) {
  for (const Case& c : encodedCases()) EXPECT_TRUE(looksLikeText(asBytes(c.bytes))) << c.name;
  EXPECT_TRUE(looksLikeText(asBytes(std::string("plain ascii\r\n\fpage 2\n"))));
}

TEST(LooksLikeText, PrefixCutInsideACharacter) {
  // The probe reads 64 KiB; make byte 65536 the second half of a Shift_JIS character.
  std::string text = "a" + std::string(40000, ' ');
  while (text.size() < 70000) text += encode("情報", "CP932");
  ASSERT_TRUE(looksLikeText(asBytes(text)));
}

TEST(LooksLikeText, BinariesAreNotText) {
  std::mt19937 random(42);
  std::string noise(4096, '\0');
  for (char& c : noise) c = static_cast<char>(random());
  std::string controls;
  for (int i = 0; i < 200; ++i) controls += std::string("ab\x01\x02\x03", 5);
  const std::vector<std::string> binaries = {
      std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16),
      std::string("\x7f"
                  "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                  16),
      std::string("PK\x03\x04\x14\0\0\0\x08\0", 10),
      std::string("%PDF-1.7\n\x00\x01", 11),
      noise,
      controls,
      std::string("\xFF\xFE\x00\xD8", 4),  // UTF-16 BOM, then a lone surrogate
      "",
  };
  for (size_t i = 0; i < binaries.size(); ++i) {
    EXPECT_FALSE(looksLikeText(asBytes(binaries[i]))) << "case " << i;
  }
}

TEST(LooksLikeCsv, DelimitedLayouts) {
  EXPECT_TRUE(looksLikeCsv(asBytes(std::string("a,b,c\n1,2,3\n4,5,6\n"))));
  EXPECT_TRUE(looksLikeCsv(asBytes(std::string("a\tb\n1\t2\n"))));
  EXPECT_TRUE(
      looksLikeCsv(asBytes(std::string("name,note\r\n\"Sato\",\"line1\nline2, still\"\r\n"))));
  EXPECT_TRUE(looksLikeCsv(asBytes(encode("氏名,住所\n佐藤,宗像市\n", "CP932"))));
  EXPECT_TRUE(
      looksLikeCsv(asBytes("\xFF\xFE" + encode("氏名,住所\r\n佐藤,宗像市\r\n", "UTF-16LE"))));
  // A title line above a long table is tolerated.
  std::string titled = "売上一覧\n月,金額\n";
  for (int i = 1; i <= 12; ++i) titled += std::to_string(i) + "," + std::to_string(i * 100) + "\n";
  EXPECT_TRUE(looksLikeCsv(asBytes(titled)));
}

TEST(LooksLikeCsv, NotDelimited) {
  EXPECT_FALSE(looksLikeCsv(asBytes(std::string("just one line, with a comma\n"))));
  EXPECT_FALSE(looksLikeCsv(asBytes(std::string("a,b\nc\nd,e,f\n"))));
  EXPECT_FALSE(looksLikeCsv(asBytes(std::string("no delimiters\nat all\n"))));
  EXPECT_FALSE(looksLikeCsv(asBytes(std::string("a,b,c\n1,2,3\n4,5\n"))));
}

}  // namespace
}  // namespace sanso::sanitize::text
