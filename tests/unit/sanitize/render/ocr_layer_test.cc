// image-pdf with the OCR text layer (--ocr): the invisible words are checked with poppler
// (pdftotext, pdffonts) and qpdf, not with sanso's own code.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "media/media.h"
#include "render/image_pdf.h"
#include "render/image_pdf_writer.h"
#include "render/jpeg_encoder.h"
#include "render/text_layer.h"
#include "support/test_util.h"

namespace sanso::sanitize::render {
namespace {

using test::readFileOrDie;
using test::runCommand;
using test::shellQuote;
using test::TempDir;
using test::writeFileOrDie;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

ocr::OcrWord word(int x0, int x1, int line, const std::string& text) {
  ocr::OcrWord w;
  w.x0 = x0;
  w.x1 = x1;
  w.y0 = 100 + 60 * line;
  w.y1 = 140 + 60 * line;
  w.line = line;
  w.line_x0 = 10;
  w.line_x1 = 1000;
  w.line_y0 = w.y0;
  w.line_y1 = w.y1;
  w.text = text;
  return w;
}

std::string glyphlessFont() {
  auto session = media::openOcrSession();
  EXPECT_TRUE(session.isOk()) << session.status().toString();
  if (!session.isOk()) return {};
  auto font = media::glyphlessFont(**session);
  media::closeOcrSession(*session);
  EXPECT_TRUE(font.isOk()) << font.status().toString();
  return font.isOk() ? *font : std::string();
}

// Every string in the layer is hex, in render mode 3; CJK neighbours join, Latin words keep
// their space; characters the font cannot carry are left out.
TEST(OcrTextLayer, WordsBecomeHexStringsInRenderMode3) {
  std::vector<ocr::OcrWord> words = {word(10, 100, 0, "情報"),
                                     word(110, 200, 0, "セキュリティ"),
                                     word(210, 300, 0, "policy"),
                                     word(10, 100, 1, "a)Tj(b"),
                                     word(110, 200, 1, "\x01\xF0\x9F\x98\x80x"),
                                     word(210, 300, 1, "\x01")};
  TextLayer layer = buildTextLayer(words, 1000, 2000, 500, 1000);
  EXPECT_EQ(layer.words, 5u);  // the last word has nothing left
  const std::string& ops = layer.operators;
  EXPECT_EQ(ops.rfind("BT\n3 Tr\n", 0), 0u) << ops;
  EXPECT_EQ(ops.substr(ops.size() - 2), "ET");
  // 情報 without a trailing space (セ follows); セキュリティ + space (p follows); "a)Tj(b".
  EXPECT_TRUE(contains(ops, "<60C55831>")) << ops;
  EXPECT_TRUE(contains(ops, "<30BB30AD30E530EA30C630A30020>")) << ops;
  EXPECT_TRUE(contains(ops, "<006100290054006A002800620020> Tj")) << ops;
  EXPECT_FALSE(contains(ops, "(")) << ops;
  // The emoji (outside the BMP) and the control character are gone; "x" stays.
  EXPECT_TRUE(contains(ops, "<00780020>")) << ops;
  // Scaled from pixels to points (half): the first line's box bottom 140 px -> 1000 - 70.
  EXPECT_TRUE(contains(ops, "/F0 20 Tf")) << ops;
  EXPECT_TRUE(contains(ops, " 1 0 0 1 5 930 Tm ")) << ops;
  EXPECT_EQ(buildTextLayer({}, 10, 10, 10, 10).words, 0u);
  EXPECT_TRUE(buildTextLayer(words, 0, 10, 10, 10).operators.empty());
}

class OcrImagePdf : public ::testing::Test {
 protected:
  // A PDF of `pages` (one text file each), converted by LibreOffice with its Japanese fonts and
  // joined by qpdf; empty (and the test skipped) without the tools.
  std::string japanesePdf(const std::vector<std::string>& pages) {
    if (!test::haveProgram("soffice") || !test::haveProgram("qpdf")) return {};
    std::string names, pdfs;
    for (size_t i = 0; i < pages.size(); ++i) {
      const std::string name = "page" + std::to_string(i + 1);
      writeFileOrDie(dir_.file(name + ".txt"), pages[i]);
      names += " " + name + ".txt";
      pdfs += " " + name + ".pdf";
    }
    int code = -1;
    runCommand("cd " + shellQuote(dir_.path()) +
                   " && timeout 180 soffice --headless --norestore -env:UserInstallation=file://" +
                   dir_.path() + "/profile --convert-to pdf" + names +
                   " >/dev/null 2>&1 && qpdf --empty --pages" + pdfs + " -- all.pdf",
               &code);
    EXPECT_EQ(code, 0);
    return code == 0 ? readFileOrDie(dir_.file("all.pdf")) : std::string();
  }

  struct Outcome {
    Result<FileType> result;
    std::string path;
    std::vector<Action> actions;
  };
  Outcome run(const std::string& input, FileType type, bool ocr,
              Result<FileType> (*handler)(Job&)) {
    Options options;
    options.method = Method::kImagePdf;
    options.ocr_text_layer = ocr;
    std::string out = dir_.file("out-" + std::to_string(++runs_) + ".pdf");
    Budget budget(options.limits);
    ActionLog log;
    Job job{asBytes(input), type, options, budget, log, out};
    Result<FileType> result = handler(job);
    return {std::move(result), out, log.actions()};
  }
  std::string text(const std::string& path, int page) {
    return runCommand("pdftotext -q -f " + std::to_string(page) + " -l " + std::to_string(page) +
                      " " + shellQuote(path) + " -");
  }
  // The font names pdffonts lists (one per line after its two header lines).
  std::vector<std::string> fonts(const std::string& path) {
    std::istringstream lines(runCommand("pdffonts " + shellQuote(path) + " 2>/dev/null"));
    std::vector<std::string> names;
    std::string line;
    for (int i = 0; std::getline(lines, line); ++i) {
      if (i >= 2 && !line.empty()) names.push_back(line.substr(0, line.find(' ')));
    }
    return names;
  }
  std::string qdf(const std::string& path) {
    return runCommand("qpdf --qdf --object-streams=disable " + shellQuote(path) + " - 2>/dev/null");
  }

  TempDir dir_;
  int runs_ = 0;
};

// The layer's PDF side, with a layer built from known words: extraction gives them back exactly
// (ToUnicode), and the only font is the glyphless one.
TEST_F(OcrImagePdf, WriterEmbedsTheGlyphlessFontOnce) {
  const std::string font = glyphlessFont();
  ASSERT_FALSE(font.empty());
  const std::string path = dir_.file("writer.pdf");
  auto writer = ImagePdfWriter::create(path);
  ASSERT_TRUE(writer.isOk());
  (*writer)->setGlyphlessFont(font);
  // The image does not matter here: one grey pixel.
  JpegEncoder encoder;
  const uint8_t pixel = 200;
  auto encoded = encoder.encode(&pixel, 1, 1, 1, 1, 85);
  ASSERT_TRUE(encoded.isOk());
  const std::string jpeg(*encoded);
  ASSERT_FALSE(jpeg.empty());
  // A 40-pixel line: 40-pixel Japanese characters, 20-pixel Latin ones.
  std::vector<ocr::OcrWord> page1 = {word(10, 90, 0, "情報"), word(90, 330, 0, "セキュリティ"),
                                     word(350, 510, 0, "Security"), word(10, 130, 1, "policy")};
  TextLayer layer = buildTextLayer(page1, 1000, 1000, 500, 500);
  ASSERT_TRUE((*writer)->addPage(jpeg, 1, 1, 1, 500, 500, layer.operators).isOk());
  ASSERT_TRUE((*writer)->addPage(jpeg, 1, 1, 1, 500, 500).isOk());
  TextLayer second = buildTextLayer({word(10, 300, 0, "宗像市")}, 1000, 1000, 500, 500);
  ASSERT_TRUE((*writer)->addPage(jpeg, 1, 1, 1, 500, 500, second.operators).isOk());
  ASSERT_TRUE((*writer)->finish().isOk());

  int code = -1;
  std::string check = runCommand("qpdf --check " + shellQuote(path) + " 2>&1", &code);
  EXPECT_EQ(code, 0) << check;
  EXPECT_TRUE(contains(text(path, 1), "情報セキュリティ Security")) << text(path, 1);
  EXPECT_TRUE(contains(text(path, 1), "policy"));
  EXPECT_EQ(text(path, 2).find_first_not_of(" \n\f"), std::string::npos);
  EXPECT_TRUE(contains(text(path, 3), "宗像市"));
  std::vector<std::string> names = fonts(path);
  ASSERT_EQ(names.size(), 1u);  // one font object shared by both pages
  EXPECT_EQ(names[0], "GlyphLessFont");
}

TEST_F(OcrImagePdf, PagesGetTheirOwnSearchableInvisibleText) {
  std::string pdf = japanesePdf({"宗像市情報セキュリティ基本方針\nSecurity policy of the city\n",
                                 "第二章 個人情報の保護\nPrivacy protection rules\n"});
  if (pdf.empty()) GTEST_SKIP() << "needs LibreOffice and qpdf to make the fixture";

  auto plain = run(pdf, FileType::kPdf, false, pdfToImagePdf);
  ASSERT_TRUE(plain.result.isOk()) << plain.result.status().toString();
  EXPECT_TRUE(fonts(plain.path).empty());
  std::string plain_qdf = qdf(plain.path);
  EXPECT_FALSE(contains(plain_qdf, "/Font"));
  EXPECT_FALSE(contains(plain_qdf, "\nBT\n"));  // no text object (the JPEGs are binary)
  EXPECT_FALSE(contains(plain_qdf, " Tr\n"));
  for (const Action& action : plain.actions) EXPECT_NE(action.what, "ocr-text-layer");

  auto outcome = run(pdf, FileType::kPdf, true, pdfToImagePdf);
  ASSERT_TRUE(outcome.result.isOk()) << outcome.result.status().toString();
  int code = -1;
  std::string check = runCommand("qpdf --check " + shellQuote(outcome.path) + " 2>&1", &code);
  EXPECT_EQ(code, 0) << check;

  const std::string first = text(outcome.path, 1);
  const std::string second = text(outcome.path, 2);
  // OCR may miss a character; most of each phrase must be there, on its own page.
  EXPECT_TRUE(contains(first, "情報セキュリティ") || contains(first, "セキュリティ基本方針"))
      << first;
  EXPECT_TRUE(contains(first, "Security")) << first;
  EXPECT_FALSE(contains(first, "Privacy")) << first;
  EXPECT_TRUE(contains(second, "個人情報") || contains(second, "情報の保護")) << second;
  EXPECT_TRUE(contains(second, "Privacy")) << second;
  EXPECT_FALSE(contains(second, "Security")) << second;

  // The words sit where they are drawn: near the top of the page, like the text of the input.
  std::string boxes =
      runCommand("pdftotext -q -bbox -f 1 -l 1 " + shellQuote(outcome.path) + " - ");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(boxes, match, std::regex("yMin=\"([0-9.]+)\"[^>]*>Security<")))
      << boxes;
  EXPECT_LT(std::stod(match[1]), 250.0);

  std::vector<std::string> names = fonts(outcome.path);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0], "GlyphLessFont");
  // Invisible: every text object is in render mode 3, and the pages still hold one image each.
  std::string out = qdf(outcome.path);
  size_t blocks = 0;
  for (size_t at = out.find("\nBT\n"); at != std::string::npos; at = out.find("\nBT\n", at + 1)) {
    const size_t end = out.find("\nET", at);
    ASSERT_NE(end, std::string::npos);
    const std::string block = out.substr(at, end - at);
    EXPECT_EQ(block.rfind("\nBT\n3 Tr\n", 0), 0u) << block.substr(0, 200);
    EXPECT_EQ(block.find(" Tr", 8), std::string::npos) << block.substr(0, 200);
    ++blocks;
  }
  EXPECT_EQ(blocks, 2u);  // one per page
  EXPECT_TRUE(contains(out, "/Im0 Do"));

  bool logged = false;
  for (const Action& action : outcome.actions) {
    if (action.action == "added" && action.what == "ocr-text-layer") {
      logged = true;
      EXPECT_TRUE(contains(action.detail, "2 pages with text")) << action.detail;
    }
  }
  EXPECT_TRUE(logged);
}

TEST_F(OcrImagePdf, ImagesGetATextLayerToo) {
  std::string pdf = japanesePdf({"情報セキュリティ Security\n"});
  if (pdf.empty() || !test::haveProgram("pdftoppm")) GTEST_SKIP() << "needs the fixture tools";
  int code = -1;
  runCommand("pdftoppm -r 150 -png -singlefile " + shellQuote(dir_.file("all.pdf")) + " " +
                 shellQuote(dir_.file("scan")),
             &code);
  ASSERT_EQ(code, 0);
  auto outcome = run(readFileOrDie(dir_.file("scan.png")), FileType::kPng, true, imageToImagePdf);
  ASSERT_TRUE(outcome.result.isOk()) << outcome.result.status().toString();
  EXPECT_TRUE(contains(text(outcome.path, 1), "Security")) << text(outcome.path, 1);
  EXPECT_TRUE(contains(text(outcome.path, 1), "セキュリティ")) << text(outcome.path, 1);
}

}  // namespace
}  // namespace sanso::sanitize::render
