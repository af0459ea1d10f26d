// image-pdf: PDFs and images rasterized into image-only PDFs, checked with qpdf and poppler's
// command-line tools (not with sanso's own code).
#include "render/image_pdf.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "support/pdf_builder.h"
#include "support/test_util.h"

namespace sanso::sanitize::render {
namespace {

using test::readFileOrDie;
using test::runCommand;
using test::shellQuote;
using test::TempDir;
using test::writeFileOrDie;

using test::buildPdf;

std::string stream(const std::string& data) { return test::pdfStream("", data); }

// Page 1: US Letter, black text, a JavaScript link and an open action. Page 2: rotated by 90
// degrees, a red rectangle.
std::string hostileTwoPages() {
  return buildPdf({
      "<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> "
      "/AcroForm << /Fields [] >> >>",
      "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> "
      ">> /Contents 6 0 R /Annots [8 0 R] >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate 90 /Resources << /Font << "
      "/F1 5 0 R >> >> /Contents 7 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      stream("BT /F1 48 Tf 72 600 Td (Rasterized text) Tj ET 0 0 0 rg 72 300 400 100 re f"),
      stream("1 0 0 rg 100 100 300 300 re f BT /F1 24 Tf 72 700 Td (Red page) Tj ET"),
      "<< /Type /Annot /Subtype /Link /Rect [72 72 300 100] /A << /S /URI /URI "
      "(javascript:alert\\(1\\)) >> >>",
  });
}

// Form k draws form k+1 ten times, nine levels deep: a billion rectangles from a 3 KB file.
std::string formBomb() {
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X 5 0 R "
      ">> >> /Contents 4 0 R >>",
      stream("/X Do")};
  const int levels = 9;
  for (int level = 0; level < levels; ++level) {
    const int next = 6 + level;
    std::string body = "0 0 1 1 re f";
    std::string resources;
    if (level + 1 < levels) {
      body.clear();
      for (int i = 0; i < 10; ++i) body += "/X Do ";
      resources = "/Resources << /XObject << /X " + std::to_string(next) + " 0 R >> >>";
    }
    objects.push_back("<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] " + resources +
                      " /Length " + std::to_string(body.size()) + " >>\nstream\n" + body +
                      "\nendstream");
  }
  return buildPdf(objects);
}

struct Outcome {
  Result<FileType> result;
  std::string path;
};

// One line of `pdfimages -list`.
struct ImageRow {
  int page = 0;
  int width = 0;
  int height = 0;
  std::string color;
  std::string encoding;
};

class ImagePdfTest : public ::testing::Test {
 protected:
  Outcome run(const std::string& input, FileType type, const Options& options,
              Result<FileType> (*handler)(Job&)) {
    std::string out = dir_.file("out-" + std::to_string(++runs_) + ".pdf");
    Budget budget(options.limits);
    ActionLog log;
    Job job{asBytes(input), type, options, budget, log, out};
    Result<FileType> result = handler(job);
    return {std::move(result), out};
  }
  Outcome renderPdf(const std::string& pdf, const Options& options = {}) {
    return run(pdf, FileType::kPdf, options, pdfToImagePdf);
  }

  std::string qdf(const std::string& path) {
    int code = -1;
    std::string text = runCommand(
        "qpdf --qdf --object-streams=disable " + shellQuote(path) + " - 2>/dev/null", &code);
    EXPECT_EQ(code, 0);
    return text;
  }
  void expectValid(const std::string& path) {
    int code = -1;
    std::string report = runCommand("qpdf --check " + shellQuote(path) + " 2>&1", &code);
    EXPECT_EQ(code, 0) << report;
  }
  std::vector<ImageRow> images(const std::string& path) {
    std::istringstream lines(runCommand("pdfimages -list " + shellQuote(path) + " 2>/dev/null"));
    std::vector<ImageRow> rows;
    std::string line;
    while (std::getline(lines, line)) {
      std::istringstream fields(line);
      ImageRow row;
      std::string num, type, comp, bpc;
      if (!(fields >> row.page >> num >> type >> row.width >> row.height >> row.color >> comp >>
            bpc >> row.encoding)) {
        continue;  // the two header lines
      }
      rows.push_back(row);
    }
    return rows;
  }
  // Share of non-white pixels of `page`, rendered by poppler at 20 dpi in grey.
  double inkCoverage(const std::string& path, int page) {
    std::string pgm = runCommand("pdftoppm -gray -r 20 -f " + std::to_string(page) + " -l " +
                                 std::to_string(page) + " " + shellQuote(path));
    std::istringstream header(pgm);
    std::string magic;
    int width = 0, height = 0, max = 0;
    header >> magic >> width >> height >> max;
    if (magic != "P5" || width <= 0 || height <= 0) return -1;
    size_t start = pgm.size() - static_cast<size_t>(width) * static_cast<size_t>(height);
    size_t ink = 0;
    for (size_t i = start; i < pgm.size(); ++i) ink += static_cast<unsigned char>(pgm[i]) < 128;
    return static_cast<double>(ink) / (static_cast<double>(width) * height);
  }

  TempDir dir_;
  int runs_ = 0;
};

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// `pdfinfo` output with runs of spaces collapsed, so that lines compare independently of
// its column alignment.
std::string pdfinfo(const std::string& args) {
  std::string info = runCommand("pdfinfo " + args);
  std::string out;
  for (char c : info) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(c);
  }
  return out;
}

TEST_F(ImagePdfTest, EveryPageBecomesOneImageAndNothingElse) {
  auto outcome = renderPdf(hostileTwoPages());
  ASSERT_TRUE(outcome.result.isOk()) << outcome.result.status().toString();
  EXPECT_EQ(*outcome.result, FileType::kPdf);
  expectValid(outcome.path);
  std::string out = qdf(outcome.path);
  for (const char* marker : {"/Font", "BT", "/Annots", "/JavaScript", "/OpenAction", "/AcroForm",
                             "/Info", "/Metadata", "/URI", "Rasterized"}) {
    EXPECT_FALSE(contains(out, marker)) << marker;
  }
  EXPECT_TRUE(contains(out, "/Count 2"));

  auto rows = images(outcome.path);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].page, 1);
  EXPECT_EQ(rows[1].page, 2);
  for (const auto& row : rows) EXPECT_EQ(row.encoding, "jpeg");
  // 612 x 792 pt at 150 dpi; page 2 is shown rotated, landscape.
  EXPECT_EQ(rows[0].width, 1275);
  EXPECT_EQ(rows[0].height, 1650);
  EXPECT_EQ(rows[1].width, 1650);
  EXPECT_EQ(rows[1].height, 1275);
  EXPECT_EQ(rows[0].color, "gray");
  EXPECT_EQ(rows[1].color, "rgb");

  std::string info = pdfinfo("-f 1 -l 2 " + shellQuote(outcome.path));
  EXPECT_TRUE(contains(info, "Page 1 size: 612 x 792 pts")) << info;
  EXPECT_TRUE(contains(info, "Page 2 size: 792 x 612 pts")) << info;

  std::string text = runCommand("pdftotext " + shellQuote(outcome.path) + " -");
  EXPECT_EQ(text.find_first_not_of(" \n\f"), std::string::npos) << text;
  // The pages were drawn, not left blank.
  EXPECT_GT(inkCoverage(outcome.path, 1), 0.02);
  EXPECT_GT(inkCoverage(outcome.path, 2), 0.05);
}

TEST_F(ImagePdfTest, ResolutionFollowsTheOption) {
  Options options;
  options.dpi = 72;
  auto outcome = renderPdf(hostileTwoPages(), options);
  ASSERT_TRUE(outcome.result.isOk()) << outcome.result.status().toString();
  auto rows = images(outcome.path);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].width, 612);
  EXPECT_EQ(rows[0].height, 792);

  options.dpi = 5;
  auto invalid = renderPdf(hostileTwoPages(), options);
  ASSERT_FALSE(invalid.result.isOk());
  EXPECT_EQ(invalid.result.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ImagePdfTest, LimitsAreCheckedBeforeRendering) {
  Options pixels;
  pixels.limits.max_render_pixels = 1'000'000;  // less than one Letter page at 150 dpi
  auto too_large = renderPdf(hostileTwoPages(), pixels);
  ASSERT_FALSE(too_large.result.isOk());
  EXPECT_EQ(too_large.result.status().reason(), "limit-render-pixels");

  Options pages;
  pages.limits.max_pages = 1;
  auto too_long = renderPdf(hostileTwoPages(), pages);
  ASSERT_FALSE(too_long.result.isOk());
  EXPECT_EQ(too_long.result.status().reason(), "limit-pages");
}

TEST_F(ImagePdfTest, ARenderingBombIsCutOffAtTheTimeLimit) {
  Options options;
  options.limits.max_time = std::chrono::seconds(1);
  auto start = std::chrono::steady_clock::now();
  auto outcome = renderPdf(formBomb(), options);
  auto spent = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(outcome.result.isOk());
  EXPECT_EQ(outcome.result.status().reason(), "limit-time");
  // MuPDF is interrupted mid-page, not after the page.
  EXPECT_LT(spent, std::chrono::seconds(5));
}

TEST_F(ImagePdfTest, EncryptionNeedsAnEmptyUserPassword) {
  std::string plain = dir_.file("plain.pdf");
  writeFileOrDie(plain, hostileTwoPages());
  std::string open = dir_.file("open.pdf");
  std::string locked = dir_.file("locked.pdf");
  int code = -1;
  runCommand("qpdf --encrypt '' owner 256 -- " + shellQuote(plain) + " " + shellQuote(open), &code);
  ASSERT_EQ(code, 0);
  runCommand("qpdf --encrypt user owner 256 -- " + shellQuote(plain) + " " + shellQuote(locked),
             &code);
  ASSERT_EQ(code, 0);

  auto opened = renderPdf(readFileOrDie(open));
  ASSERT_TRUE(opened.result.isOk()) << opened.result.status().toString();
  EXPECT_EQ(images(opened.path).size(), 2u);
  EXPECT_FALSE(contains(qdf(opened.path), "/Encrypt"));

  auto refused = renderPdf(readFileOrDie(locked));
  ASSERT_FALSE(refused.result.isOk());
  EXPECT_EQ(refused.result.status().reason(), "encrypted");
}

TEST_F(ImagePdfTest, GarbageIsBlocked) {
  for (const std::string& input : {std::string("%PDF-1.7\n") + std::string(4096, '\x01'),
                                   std::string("hello"), hostileTwoPages().substr(0, 200)}) {
    auto outcome = renderPdf(input);
    if (outcome.result.isOk()) {
      expectValid(outcome.path);  // MuPDF may repair a truncated file
      continue;
    }
    EXPECT_TRUE(outcome.result.status().isBlocked()) << outcome.result.status().toString();
  }
}

TEST_F(ImagePdfTest, ImagesBecomeOnePagePdfs) {
  // A PNG made by poppler from page 2 (the red one) at 30 dpi.
  std::string source = dir_.file("source.pdf");
  writeFileOrDie(source, hostileTwoPages());
  int code = -1;
  runCommand("pdftoppm -png -r 30 -f 2 -l 2 -singlefile " + shellQuote(source) + " " +
                 shellQuote(dir_.file("picture")),
             &code);
  ASSERT_EQ(code, 0);
  std::string png = readFileOrDie(dir_.file("picture.png"));

  auto outcome = run(png, FileType::kPng, Options{}, imageToImagePdf);
  ASSERT_TRUE(outcome.result.isOk()) << outcome.result.status().toString();
  expectValid(outcome.path);
  auto rows = images(outcome.path);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].width, 330);  // 792 pt at 30 dpi
  EXPECT_EQ(rows[0].height, 255);
  EXPECT_EQ(rows[0].color, "rgb");
  // 330 x 255 pixels at 150 dpi.
  std::string info = pdfinfo(shellQuote(outcome.path));
  EXPECT_TRUE(contains(info, "Page size: 158.4 x 122.4 pts")) << info;
  EXPECT_GT(inkCoverage(outcome.path, 1), 0.05);

  auto broken = run(png.substr(0, 40), FileType::kPng, Options{}, imageToImagePdf);
  ASSERT_FALSE(broken.result.isOk());
  EXPECT_TRUE(broken.result.status().isBlocked());
}

}  // namespace
}  // namespace sanso::sanitize::render
