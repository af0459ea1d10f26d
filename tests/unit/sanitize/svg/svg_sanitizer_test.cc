// SVG: hostile samples of every class, sanitized by the engine and inspected with Python's
// xml.etree (an independent parser); Japanese text must survive every method.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "detect.h"
#include "support/sanitize_runner.h"
#include "support/test_util.h"
#include "text/utf8.h"

namespace sanso::sanitize {
namespace {

constexpr char kChecker[] = R"PY(
import sys, re
import xml.etree.ElementTree as ET
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
FORBIDDEN = {"script", "foreignObject", "animate", "set", "animateTransform", "animateMotion",
             "feImage", "a", "iframe", "handler", "listener", "discard", "metadata"}
findings = []
data = open(sys.argv[1], "rb").read()
if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
    findings.append("doctype")
root = ET.fromstring(data)
if root.tag != SVG + "svg":
    findings.append("root " + root.tag)
for el in root.iter():
    if not el.tag.startswith(SVG):
        findings.append("foreign element " + el.tag)
        continue
    local = el.tag[len(SVG):]
    if local in FORBIDDEN:
        findings.append("element " + local)
    for name, value in el.attrib.items():
        if name.lower().startswith("on"):
            findings.append("event " + name)
        if name in ("href", XLINK):
            if local == "image":
                if not re.match(r"^data:image/(png|jpeg);base64,", value):
                    findings.append("image href " + value[:60])
            elif not value.startswith("#"):
                findings.append("href " + value[:60])
        low = re.sub(r"\s", "", value.lower())
        if "url(" in low and not re.fullmatch(r".*url\(['\"]?#[\w.-]+['\"]?\).*", low):
            findings.append("url in %s=%s" % (name, value[:60]))
        if "javascript" in low or "expression(" in low:
            findings.append("script in %s" % name)
    if local == "style":
        css = re.sub(r"\s", "", (el.text or "").lower())
        for bad in ("@import", "expression", "javascript", "behavior"):
            if bad in css:
                findings.append("css " + bad)
        for m in re.finditer(r"url\(([^)]*)\)", css):
            if not m.group(1).strip("'\"").startswith("#"):
                findings.append("css url " + m.group(1))
print("\n".join(findings))
)PY";

std::string svgLeftovers(const std::string& svg) {
  return test::pythonFindings(kChecker, svg, "in.svg");
}

std::string svgWith(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- 作成 -->\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
         "width=\"200\" height=\"100\" viewBox=\"0 0 200 100\">"
         "<title>宗像市の地図</title><text x=\"10\" y=\"20\">市役所はこちら</text>" +
         body + "</svg>";
}

std::vector<std::string> hostileBodies() {
  return {
      "<script>alert(1)</script>",
      "<script type=\"text/ecmascript\"><![CDATA[alert(1)]]></script>",
      "<rect width=\"10\" height=\"10\" onload=\"alert(1)\" onclick=\"alert(1)\"/>",
      "<foreignObject><iframe xmlns=\"http://www.w3.org/1999/xhtml\" "
      "src=\"javascript:alert(1)\"/></foreignObject>",
      "<a xlink:href=\"javascript:alert(1)\"><text>x</text></a>",
      "<a href=\"jav&#x61;script:alert(1)\"><rect width=\"1\" height=\"1\"/></a>",
      "<a><animate attributeName=\"href\" values=\"javascript:alert(1)\"/><text>x</text></a>",
      "<a><set attributeName=\"xlink:href\" to=\"javascript:alert(1)\"/></a>",
      "<animateTransform attributeName=\"transform\" type=\"rotate\"/>",
      "<use xlink:href=\"https://evil.example/sprite.svg#a\"/>",
      "<use href=\"data:image/svg+xml;base64,PHN2Zy8+#x\"/>",
      "<image href=\"https://tracker.example/p.png\" width=\"1\" height=\"1\"/>",
      "<image xlink:href=\"file:///etc/passwd\"/>",
      "<filter id=\"f\"><feImage xlink:href=\"https://evil.example/x.png\"/></filter>",
      "<style>@import url(https://evil.example/x.css); rect { fill: url(https://evil.example/t) "
      "}</style>",
      "<style><![CDATA[ text { font-family: serif } ]]></style>",
      "<rect style=\"fill: url(https://evil.example/x); stroke: red\" width=\"5\" height=\"5\"/>",
      "<rect fill=\"url(https://evil.example/x)\" width=\"5\" height=\"5\"/>",
      "<rect filter=\"url(javascript:alert(1))\" width=\"5\" height=\"5\"/>",
      "<?xml-stylesheet href=\"https://evil.example/x.css\"?><g/>",
      "<svg:script xmlns:svg=\"http://www.w3.org/2000/svg\">alert(1)</svg:script>",
      "<x:script xmlns:x=\"http://www.w3.org/1999/xhtml\">alert(1)</x:script>",
      "<g xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></g>",
      "<handler xmlns:ev=\"http://www.w3.org/2001/xml-events\" "
      "ev:event=\"load\">alert(1)</handler>",
      "<metadata><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/></metadata>",
      "<rect width=\"5\" height=\"5\" href=\"x\" href=\"javascript:alert(1)\"/>",
      "<image xlink:href=\"data:image/png;base64," + std::string(test::kPng1x1Base64) +
          "\" width=\"1\" height=\"1\"/>",
      // xlink bound to other prefixes, or the xlink prefix bound elsewhere.
      "<use l:href=\"https://evil.example/s.svg#a\" xmlns:l=\"http://www.w3.org/1999/xlink\"/>",
      "<g xmlns:xlink=\"http://evil.example/ns\"><use xlink:href=\"#p\"/></g>",
      "<use href=\"#p\" xlink:href=\"https://evil.example/s.svg#a\"/>",
      "<use href=\"#&lt;title&gt;r\"/>",  // fuzz: a fragment with markup in it
      "<textPath href=\"jav&#x61;script:alert(1)\">x</textPath>",
      "<pattern id=\"q\" href=\"https://evil.example/p.svg#q\"/>",
      "<image href=\" data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\"/>",
      // Animation of links and handlers, in any namespace spelling.
      "<set attributeName=\"onload\" to=\"alert(1)\"/><discard/>",
      "<s:animate xmlns:s=\"http://www.w3.org/2000/svg\" attributeName=\"href\" "
      "to=\"javascript:alert(1)\"/>",
      // Event attributes in odd case or namespaces.
      "<rect width=\"1\" height=\"1\" ONLOAD=\"alert(1)\" onLoad=\"alert(1)\"/>",
      "<rect width=\"1\" height=\"1\" s:onload=\"alert(1)\" "
      "xmlns:s=\"http://www.w3.org/2000/svg\"/>",
      "<rect width=\"1\" height=\"1\" xml:base=\"https://evil.example/\" ev:onclick=\"alert(1)\" "
      "xmlns:ev=\"http://www.w3.org/2001/xml-events\"/>",
      // CSS escapes and tricks inside <style> and style attributes.
      "<style>rect { fill: \\75 rl(https://evil.example/t) } @\\69mport 'x.css';</style>",
      "<style>rect { background: u\\rl(https://evil.example/t) }</style>",
      "<rect width=\"1\" height=\"1\" style=\"fill:url(&#x27;https://evil.example/t&#x27;)\"/>",
      "<rect width=\"1\" height=\"1\" fill=\"url( '#g' ) \" stroke=\"url(#g) , "
      "url(https://evil.example/t)\"/>",
      "<style><![CDATA[</style><script>alert(1)</script>]]></style>",
      // foreignObject with an HTML body, and HTML inside <text>.
      "<foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\"><img src=\"x\" "
      "onerror=\"alert(1)\"/></body></foreignObject>",
      "<text><![CDATA[<script>alert(1)</script>]]></text>",
      "<a xlink:href=\"https://example.jp/\"><text>リンク</text></a>",
  };
}

TEST(SvgSanitizer, HostileSamplesLeaveNothingForAnIndependentParser) {
  if (!test::haveProgram("python3")) GTEST_SKIP() << "python3 missing";
  for (const std::string& body : hostileBodies()) {
    SCOPED_TRACE(body);
    auto result = test::sanitizeBytes(svgWith(body), "in.svg");
    ASSERT_EQ(result.report.verdict, Verdict::kSanitized) << result.report.reason;
    ASSERT_TRUE(result.output.has_value());
    EXPECT_EQ(result.report.output->type, "svg");
    EXPECT_EQ(svgLeftovers(*result.output), "") << *result.output;
    EXPECT_NE(result.output->find("宗像市の地図"), std::string::npos);
    EXPECT_NE(result.output->find("市役所はこちら"), std::string::npos);
    // Sanitizing the output again changes nothing.
    auto again = test::sanitizeBytes(*result.output, "again.svg");
    ASSERT_TRUE(again.output.has_value()) << again.report.reason;
    EXPECT_EQ(*again.output, *result.output);
  }
}

TEST(SvgSanitizer, KeepsDrawingGradientsAndLocalReferences) {
  const std::string input = svgWith(
      "<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#f00\"/></linearGradient>"
      "<path id=\"p\" d=\"M0 0 L10 10\"/></defs>"
      "<rect width=\"10\" height=\"10\" fill=\"url(#g)\" style=\"stroke: blue; stroke-width: 2\"/>"
      "<use xlink:href=\"#p\"/>"
      "<image xlink:href=\"data:image/png;base64," +
      std::string(test::kPng1x1Base64) + "\" width=\"1\" height=\"1\"/>");
  auto result = test::sanitizeBytes(input, "ok.svg");
  ASSERT_TRUE(result.output.has_value()) << result.report.reason;
  const std::string& out = *result.output;
  EXPECT_NE(out.find("fill=\"url(#g)\""), std::string::npos) << out;
  EXPECT_NE(out.find("style=\"stroke: blue; stroke-width: 2\""), std::string::npos);
  EXPECT_NE(out.find("<use xlink:href=\"#p\""), std::string::npos);
  EXPECT_NE(out.find("<image xlink:href=\"data:image/png;base64,"), std::string::npos);
  EXPECT_NE(out.find("stop-color=\"#f00\""), std::string::npos);
}

// Text that is not strict UTF-8 (an overlong '<', a reference to a surrogate, which pugixml
// would write as its bytes) never reaches the output: whatever is written is strict UTF-8.
TEST(SvgSanitizer, OutputIsStrictUtf8) {
  for (const char* bad : {"\xC0\xBC", "&#xD800;", "\xED\xA0\x80"}) {
    auto result = test::sanitizeBytes(svgWith(std::string("<text x=\"1\">") + bad + "</text>"),
                                      "bad.svg");
    // Refused (not even recognized as SVG) or written as strict UTF-8.
    if (result.output) {
      EXPECT_TRUE(text::isValidUtf8(*result.output)) << bad;
    }
  }
}

TEST(SvgSanitizer, TextInsideUnwrappedLinksStays) {
  auto result = test::sanitizeBytes(
      svgWith("<text x=\"1\" y=\"2\">前<a xlink:href=\"https://example.jp/\">リンク</a>後</text>"),
      "a.svg");
  ASSERT_TRUE(result.output.has_value()) << result.report.reason;
  EXPECT_NE(result.output->find(">前リンク後</text>"), std::string::npos) << *result.output;
  EXPECT_TRUE(test::hasAction(result.report, "neutralized", "link"));
}

TEST(SvgSanitizer, OnlyXlinkBoundPrefixesAreLinks) {
  // A use whose only href is in a non-xlink namespace has no reference: it goes.
  auto result = test::sanitizeBytes(
      svgWith("<defs><path id=\"p\" d=\"M0 0\"/></defs>"
              "<use xmlns:l=\"http://www.w3.org/1999/xlink\" l:href=\"#p\" x=\"1\"/>"
              "<g xmlns:xlink=\"urn:other\"><use xlink:href=\"#p\" x=\"2\"/></g>"),
      "ns.svg");
  ASSERT_TRUE(result.output.has_value()) << result.report.reason;
  EXPECT_NE(result.output->find("<use xlink:href=\"#p\" x=\"1\"/>"), std::string::npos)
      << *result.output;
  EXPECT_EQ(result.output->find("x=\"2\""), std::string::npos) << *result.output;
}

TEST(SvgSanitizer, FragmentOfOnlyControlsIsNoReference) {
  // Found by svg_fuzz: "#" + U+0091 passed the fragment check, then lost its control when
  // written, leaving <use href="#"> that a second pass removed. Both C1 and bidi controls.
  for (const std::string fragment : {"#\xC2\x91", "#\xE2\x80\xAE"}) {
    auto first = test::sanitizeBytes(
        svgWith("<defs><path id=\"p\" d=\"M0 0\"/></defs><use href=\"" + fragment + "\"/>"),
        "c1.svg");
    ASSERT_TRUE(first.output.has_value()) << first.report.reason;
    EXPECT_EQ(first.output->find("<use"), std::string::npos) << *first.output;
    EXPECT_TRUE(test::hasAction(first.report, "removed", "use-reference"));
    EXPECT_NE(first.output->find("市役所はこちら"), std::string::npos);
    auto second = test::sanitizeBytes(*first.output, "again.svg");
    ASSERT_TRUE(second.output.has_value()) << second.report.reason;
    EXPECT_EQ(*second.output, *first.output);
  }
}

TEST(SvgSanitizer, ReferenceBombsAndLoopsAreRefused) {
  // Ten levels of ten <use> each: 10^10 rectangles for a renderer, in under 2 KB.
  std::string defs = "<defs><rect id=\"l0\" width=\"1\" height=\"1\"/>";
  for (int level = 1; level <= 10; ++level) {
    defs += "<g id=\"l" + std::to_string(level) + "\">";
    for (int i = 0; i < 10; ++i)
      defs += "<use xlink:href=\"#l" + std::to_string(level - 1) + "\"/>";
    defs += "</g>";
  }
  defs += "</defs><use xlink:href=\"#l10\"/>";
  auto bomb = test::sanitizeBytes(svgWith(defs), "bomb.svg");
  EXPECT_EQ(bomb.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(bomb.report.reason, "limit-markup-nodes");

  auto loop = test::sanitizeBytes(
      svgWith("<g id=\"a\"><use href=\"#b\"/></g><g id=\"b\"><use href=\"#a\"/></g>"), "loop.svg");
  EXPECT_EQ(loop.report.reason, "svg-reference-loop");
  auto paint = test::sanitizeBytes(
      svgWith("<pattern id=\"p\" width=\"2\" height=\"2\"><rect width=\"1\" height=\"1\" "
              "style=\"fill: url(#p)\"/></pattern>"),
      "paint.svg");
  EXPECT_EQ(paint.report.reason, "svg-reference-loop");

  // Shared definitions used many times over are fine.
  std::string shared =
      "<defs><linearGradient id=\"g\"><stop offset=\"0\"/></linearGradient>"
      "<path id=\"p\" d=\"M0 0h1\" fill=\"url(#g)\"/></defs>";
  for (int i = 0; i < 500; ++i) shared += "<use xlink:href=\"#p\" fill=\"url(#g)\"/>";
  auto ok = test::sanitizeBytes(svgWith(shared), "shared.svg");
  EXPECT_EQ(ok.report.verdict, Verdict::kSanitized) << ok.report.reason;
}

TEST(SvgSanitizer, DtdsAndEntitiesAreRefused) {
  const std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\">"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
      "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&b;</text></svg>";
  auto result = test::sanitizeBytes(laughs, "bomb.svg");
  EXPECT_EQ(result.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(result.report.reason, "svg-dtd");
  EXPECT_FALSE(result.output.has_value());

  const std::string xxe =
      "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text></svg>";
  EXPECT_EQ(test::sanitizeBytes(xxe, "xxe.svg").report.reason, "svg-dtd");

  // A plain public DOCTYPE is dropped; an undeclared entity stays literal text.
  const std::string plain =
      "<?xml version=\"1.0\"?><!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
      "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">"
      "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text></svg>";
  auto ok = test::sanitizeBytes(plain, "plain.svg");
  ASSERT_TRUE(ok.output.has_value()) << ok.report.reason;
  EXPECT_EQ(ok.output->find("DOCTYPE"), std::string::npos);
  EXPECT_NE(ok.output->find("&amp;x;"), std::string::npos);
}

TEST(SvgSanitizer, NonSvgRootIsRefused) {
  auto weird = test::sanitizeBytes(
      "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/1337/svg\"><rect/></svg>", "w.svg");
  EXPECT_EQ(weird.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(weird.report.reason, "malformed-svg");
  auto broken = test::sanitizeBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>", "b.svg");
  EXPECT_EQ(broken.report.reason, "malformed-svg");
}

TEST(SvgSanitizer, ShiftJisSvgBecomesUtf8) {
  const std::string input =
      "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>"
      "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>\x93\xfa\x96\x7b\x8c\xea</text></svg>";
  auto result = test::sanitizeBytes(input, "sjis.svg");
  ASSERT_TRUE(result.output.has_value()) << result.report.reason;
  EXPECT_NE(result.output->find("<text>日本語</text>"), std::string::npos) << *result.output;
  EXPECT_NE(result.output->find("encoding=\"UTF-8\""), std::string::npos);
}

TEST(SvgText, TitlesDescriptionsAndText) {
  Options options;
  options.method = Method::kText;
  auto result = test::sanitizeBytes(
      svgWith("<desc>説明</desc><script>秘密()</script><style>text { fill: red }</style>"
              "<text><tspan>一</tspan><tspan>二</tspan></text><text>&lt;svg&gt;</text>"),
      "t.svg", options);
  ASSERT_TRUE(result.output.has_value()) << result.report.reason;
  EXPECT_EQ(*result.output, "宗像市の地図\n市役所はこちら\n説明\n一二\n<svg>\n");
}

TEST(SvgImagePdf, RasterizesTheSanitizedSvg) {
  Options options;
  options.method = Method::kImagePdf;
  options.dpi = 72;
  auto result = test::sanitizeBytes(
      svgWith("<rect x=\"50\" y=\"50\" width=\"40\" height=\"40\" fill=\"#c00\"/>"
              "<image href=\"https://tracker.example/p.png\" width=\"1\" height=\"1\"/>"),
      "map.svg", options);
  ASSERT_TRUE(result.output.has_value()) << result.report.reason << result.report.message;
  EXPECT_EQ(result.report.output->type, "pdf");
  EXPECT_EQ(result.output->rfind("%PDF-", 0), 0u);
  EXPECT_TRUE(test::hasAction(result.report, "removed", "remote-image"));
  if (test::haveProgram("qpdf")) {
    test::TempDir dir;
    test::writeFileOrDie(dir.file("out.pdf"), *result.output);
    int code = 0;
    test::runCommand("qpdf --check " + test::shellQuote(dir.file("out.pdf")) + " >/dev/null",
                     &code);
    EXPECT_EQ(code, 0);
  }
}

// The page rendered by poppler (an independent renderer) as a PGM, "" when it fails.
std::string renderWithPoppler(const std::string& pdf) {
  test::TempDir dir;
  test::writeFileOrDie(dir.file("in.pdf"), pdf);
  int code = 0;
  test::runCommand("pdftoppm -gray -r 72 -singlefile " + test::shellQuote(dir.file("in.pdf")) +
                       " " + test::shellQuote(dir.file("page")) + " 2>&1",
                   &code);
  if (code != 0) return "";
  return test::runCommand("cat " + test::shellQuote(dir.file("page.pgm")));
}

TEST(SvgImagePdf, JapaneseTextIsDrawnWithRealGlyphs) {
  if (!test::haveProgram("pdftoppm")) GTEST_SKIP() << "pdftoppm missing";
  // The same three kanji in two orders: real glyphs give two different pictures with ink,
  // a missing-glyph box (tofu) or nothing gives the same picture twice.
  Options options;
  options.method = Method::kImagePdf;
  options.dpi = 72;
  std::vector<std::string> pages;
  for (const char* words : {"宗像市", "市像宗"}) {
    auto result = test::sanitizeBytes(
        std::string("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"80\">"
                    "<rect width=\"200\" height=\"80\" fill=\"white\"/>"
                    "<text x=\"10\" y=\"60\" font-size=\"48\" fill=\"black\">") +
            words + "</text></svg>",
        "ja.svg", options);
    ASSERT_TRUE(result.output.has_value()) << result.report.reason << result.report.message;
    pages.push_back(renderWithPoppler(*result.output));
    ASSERT_FALSE(pages.back().empty());
  }
  EXPECT_NE(pages[0], pages[1]);
  const size_t header = pages[0].find("255\n") + 4;
  const size_t ink = static_cast<size_t>(
      std::count_if(pages[0].begin() + static_cast<std::ptrdiff_t>(header), pages[0].end(),
                    [](char c) { return static_cast<unsigned char>(c) < 128; }));
  EXPECT_GT(ink, 300u);
}

FileType detect(const std::string& bytes) {
  Limits limits;
  Budget budget(limits);
  auto type = detectType(asBytes(bytes), budget);
  return type.isOk() ? *type : FileType::kUnknown;
}

TEST(MarkupDetect, ByContentThroughPrologs) {
  const std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
  EXPECT_EQ(detect(svg), FileType::kSvg);
  EXPECT_EQ(detect("\xEF\xBB\xBF  \n" + svg), FileType::kSvg);
  EXPECT_EQ(detect("<?xml version=\"1.0\"?>\n<!-- <html> -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD "
                   "SVG 1.1//EN\" \"x.dtd\">\n" +
                   svg),
            FileType::kSvg);
  EXPECT_EQ(detect("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \">\">]><svg:svg "
                   "xmlns:svg=\"http://www.w3.org/2000/svg\"/>"),
            FileType::kSvg);
  EXPECT_EQ(detect("<?xml version=\"1.0\"?><root><svg/></root>"), FileType::kXml);
  EXPECT_EQ(detect("<?xml version=\"1.0\"?><feed><title>svg</title></feed>"), FileType::kXml);
  EXPECT_EQ(detect("<!-- c -->\n<!DOCTYPE html><p>x"), FileType::kHtml);
  EXPECT_EQ(
      detect(
          "<?xml version=\"1.0\"?><!DOCTYPE html><html xmlns=\"http://www.w3.org/1999/xhtml\"/>"),
      FileType::kHtml);
  EXPECT_EQ(detect("  <script>alert(1)</script>"), FileType::kHtml);
  EXPECT_EQ(detect("<iframe src=x></iframe>"), FileType::kHtml);
  EXPECT_EQ(detect("<!-- only a comment -->"), FileType::kHtml);
  EXPECT_EQ(detect("<html><body><svg></svg></body></html>"), FileType::kHtml);
  EXPECT_EQ(detect("a < b and <c> text"), FileType::kText);
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("<html><body>x</body></html>")) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  EXPECT_EQ(detect(utf16), FileType::kHtml);
}

}  // namespace
}  // namespace sanso::sanitize
