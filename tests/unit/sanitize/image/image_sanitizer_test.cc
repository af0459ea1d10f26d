#include "image/image_sanitizer.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <cstring>
#include <map>
#include <set>
#include <thread>
#include <vips/vips8>

#include "image/image_structure.h"
#include "sanso/common/file_io.h"
#include "support/image_fixture.h"
#include "support/test_util.h"

namespace sanso::sanitize::image {
namespace {

using test::be32;
using test::gradient;
using test::jpegSegment;
using test::le16;
using test::le32;
using test::load;
using test::pngChunk;
using test::save;
using test::withJpegSegments;
using test::withPngChunks;
using vips::VImage;

// ---- Fixtures, built with libvips' writers and by splicing raw bytes ----------------------

// A little-endian EXIF block: IFD0 with Orientation and a GPS pointer, then an IFD1
// (thumbnail directory) unless `thumbnail` is false.
std::string exifSegmentPayload(uint16_t orientation, bool thumbnail) {
  std::string tiff = "II*" + std::string(1, '\0') + le32(8);
  // IFD0 at 8: 2 entries (12 bytes each) + next offset -> ends at 8 + 2 + 24 + 4 = 38.
  const uint32_t gps_ifd = 38;
  const uint32_t ifd1 = thumbnail ? 44 : 0;
  tiff += le16(2);
  tiff += le16(0x0112) + le16(3) + le32(1) + le16(orientation) + le16(0);
  tiff += le16(0x8825) + le16(4) + le32(1) + le32(gps_ifd);
  tiff += le32(ifd1);
  tiff += le16(0) + le32(0);  // empty GPS IFD at 38, 6 bytes
  if (thumbnail) {
    tiff += le16(1);  // IFD1 at 44: Compression = 6 (JPEG thumbnail)
    tiff += le16(0x0103) + le16(3) + le32(1) + le16(6) + le16(0);
    tiff += le32(0);
  }
  return std::string("Exif\0\0", 6) + tiff;
}

// ---- Independent inspection of outputs ----------------------------------------------------

struct PngInfo {
  std::vector<std::string> chunks;
  uint32_t width = 0, height = 0;
  int bit_depth = 0, colour_type = 0;
  bool crc_ok = true;
  size_t after_iend = 0;
};

PngInfo parsePng(const std::string& png) {
  PngInfo info;
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  size_t pos = 8;
  while (pos + 12 <= png.size()) {
    const auto* p = reinterpret_cast<const uint8_t*>(png.data() + pos);
    const uint32_t length = (p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
    if (pos + 12 + length > png.size()) break;
    std::string type = png.substr(pos + 4, 4);
    uLong crc = crc32(0, p + 4, length + 4);
    const auto* c = p + 8 + length;
    info.crc_ok &= crc == ((uLong{c[0]} << 24) | (c[1] << 16) | (c[2] << 8) | c[3]);
    if (type == "IHDR") {
      info.width = (p[8] << 24) | (p[9] << 16) | (p[10] << 8) | p[11];
      info.height = (p[12] << 24) | (p[13] << 16) | (p[14] << 8) | p[15];
      info.bit_depth = p[16];
      info.colour_type = p[17];
    }
    info.chunks.push_back(type);
    pos += 12 + length;
    if (type == "IEND") {
      info.after_iend = png.size() - pos;
      break;
    }
  }
  return info;
}

// Only chunks that carry pixels or their rendering; nothing textual, no EXIF/ICC/time.
void expectCleanPng(const std::string& png, uint32_t width, uint32_t height) {
  PngInfo info = parsePng(png);
  EXPECT_TRUE(info.crc_ok);
  ASSERT_FALSE(info.chunks.empty());
  EXPECT_EQ(info.chunks.front(), "IHDR");
  EXPECT_EQ(info.chunks.back(), "IEND");
  EXPECT_EQ(info.after_iend, 0u);
  const std::set<std::string> allowed = {"IHDR", "PLTE", "tRNS", "IDAT", "IEND", "pHYs"};
  for (const auto& chunk : info.chunks) EXPECT_TRUE(allowed.count(chunk)) << "chunk " << chunk;
  EXPECT_EQ(info.width, width);
  EXPECT_EQ(info.height, height);
  EXPECT_EQ(info.bit_depth, 8);
}

struct JpegInfo {
  std::vector<uint8_t> markers;  // up to and including the first SOS
  int width = 0, height = 0, components = 0;
  int luma_sampling = 0;  // 0x22: 4:2:0 chroma, 0x11: 4:4:4
  bool ends_with_eoi = false;
};

JpegInfo parseJpeg(const std::string& jpeg) {
  JpegInfo info;
  const auto* d = reinterpret_cast<const uint8_t*>(jpeg.data());
  EXPECT_TRUE(jpeg.size() > 4 && d[0] == 0xFF && d[1] == 0xD8);
  size_t pos = 2;
  while (pos + 4 <= jpeg.size() && d[pos] == 0xFF) {
    const uint8_t marker = d[pos + 1];
    const size_t length = (d[pos + 2] << 8) | d[pos + 3];
    info.markers.push_back(marker);
    if (marker == 0xC0 || marker == 0xC1 || marker == 0xC2) {
      info.height = (d[pos + 5] << 8) | d[pos + 6];
      info.width = (d[pos + 7] << 8) | d[pos + 8];
      info.components = d[pos + 9];
      info.luma_sampling = d[pos + 11];
    }
    if (marker == 0xDA) break;
    pos += 2 + length;
  }
  info.ends_with_eoi = jpeg.size() >= 2 && d[jpeg.size() - 2] == 0xFF && d[jpeg.size() - 1] == 0xD9;
  return info;
}

// JFIF, tables, frame and scan only: no APP1 (EXIF/XMP), APP2 (ICC/MPF), APP13, COM.
void expectCleanJpeg(const std::string& jpeg, int width, int height) {
  JpegInfo info = parseJpeg(jpeg);
  const std::set<uint8_t> allowed = {0xE0, 0xDB, 0xC0, 0xC2, 0xC4, 0xDD, 0xDA};
  for (uint8_t m : info.markers) EXPECT_TRUE(allowed.count(m)) << "marker " << int{m};
  EXPECT_TRUE(info.ends_with_eoi);
  EXPECT_EQ(info.width, width);
  EXPECT_EQ(info.height, height);
  // The trailing EOI is the only one after the scan: nothing appended.
  EXPECT_EQ(jpeg.rfind("\xFF\xD9"), jpeg.size() - 2);
}

// ---- Running the handler ------------------------------------------------------------------

struct Outcome {
  Result<FileType> result = Status::internal("not run");
  std::vector<Action> actions;
  std::vector<LimitEvent> events;
  std::string output;
};

Outcome sanitize(const std::string& input, FileType type, Limits limits = {}) {
  test::TempDir dir;
  Options options;
  Budget budget(limits);
  ActionLog log;
  Job job{asBytes(input), type, options, budget, log, dir.file("out")};
  Outcome run;
  run.result = sanitizeImage(job);
  run.actions = log.actions();
  run.events = budget.events();
  if (run.result.isOk()) run.output = test::readFileOrDie(job.output_path);
  return run;
}

const Action* findAction(const Outcome& run, const std::string& action, const std::string& what) {
  for (const auto& a : run.actions) {
    if (a.action == action && a.what == what) return &a;
  }
  return nullptr;
}

std::string detailOf(const Outcome& run, const std::string& what) {
  const Action* a = findAction(run, "removed", what);
  return a ? a->detail : "<none>";
}

class ImageSanitizer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { initOnce(); }
};

// ---- JPEG ---------------------------------------------------------------------------------

TEST_F(ImageSanitizer, JpegMetadataCommentsThumbnailsAndTrailerAreDroppedAndReported) {
  std::string jpeg = save(gradient(64, 48, 3), ".jpg", VImage::option()->set("strip", true));
  std::string segments = jpegSegment(0xE1, exifSegmentPayload(1, true)) +
                         jpegSegment(0xE1, std::string("http://ns.adobe.com/xap/1.0/\0", 29) +
                                               "<x:xmpmeta>author</x:xmpmeta>") +
                         jpegSegment(0xED, std::string("Photoshop 3.0\0", 14) + "8BIM") +
                         jpegSegment(0xFE, "secret comment") +
                         jpegSegment(0xE2, std::string("ICC_PROFILE\0\1\1", 14) + "not a profile") +
                         jpegSegment(0xE9, "VENDOR\0data");
  const std::string payload = "PK\x03\x04 hidden zip payload";
  std::string input = withJpegSegments(jpeg, segments) + payload;
  Outcome run = sanitize(input, FileType::kJpeg);
  ASSERT_TRUE(run.result.isOk()) << run.result.status().toString();
  EXPECT_EQ(*run.result, FileType::kJpeg);
  expectCleanJpeg(run.output, 64, 48);
  EXPECT_EQ(run.output.find("secret comment"), std::string::npos);
  EXPECT_EQ(run.output.find("PK\x03\x04"), std::string::npos);

  EXPECT_EQ(detailOf(run, "metadata"),
            "EXIF with GPS location, XMP, IPTC/Photoshop, ICC profile, APP9 'VENDOR'");
  EXPECT_EQ(detailOf(run, "comment"), "JPEG comment");
  EXPECT_EQ(detailOf(run, "thumbnail"), "EXIF thumbnail");
  EXPECT_EQ(detailOf(run, "trailing-data"),
            std::to_string(payload.size()) + " bytes after the end of the image");
  const Action* reencoded = findAction(run, "re-encoded", "image");
  ASSERT_NE(reencoded, nullptr);
  EXPECT_EQ(reencoded->detail, "jpeg->jpeg");
}

TEST_F(ImageSanitizer, CleanJpegIsOnlyReencoded) {
  std::string jpeg = save(gradient(32, 32, 3), ".jpg", VImage::option()->set("strip", true));
  Outcome run = sanitize(jpeg, FileType::kJpeg);
  ASSERT_TRUE(run.result.isOk()) << run.result.status().toString();
  ASSERT_EQ(run.actions.size(), 1u);
  EXPECT_EQ(run.actions[0].action, "re-encoded");
}

TEST_F(ImageSanitizer, JpegPixelsArePreserved) {
  VImage original = gradient(80, 60, 3);
  std::string jpeg = save(original, ".jpg", VImage::option()->set("Q", 98));
  Outcome run = sanitize(jpeg, FileType::kJpeg);
  ASSERT_TRUE(run.result.isOk());
  VImage out = load(run.output);
  EXPECT_EQ(out.width(), 80);
  EXPECT_EQ(out.height(), 60);
  EXPECT_EQ(out.bands(), 3);
  EXPECT_LT((out - original).abs().avg(), 3.0);
  EXPECT_EQ(parseJpeg(jpeg).luma_sampling, 0x11);
  EXPECT_EQ(parseJpeg(run.output).luma_sampling, 0x11);
}

TEST_F(ImageSanitizer, JpegChromaSubsamplingFollowsTheInput) {
  std::string jpeg = save(gradient(64, 64, 3), ".jpg", VImage::option()->set("Q", 75));
  ASSERT_EQ(parseJpeg(jpeg).luma_sampling, 0x22);
  Outcome run = sanitize(jpeg, FileType::kJpeg);
  ASSERT_TRUE(run.result.isOk());
  EXPECT_EQ(parseJpeg(run.output).luma_sampling, 0x22);
}

TEST_F(ImageSanitizer, ExifOrientationIsAppliedToThePixels) {
  std::string jpeg = save(gradient(40, 20, 3), ".jpg", VImage::option()->set("strip", true));
  std::string input = withJpegSegments(jpeg, jpegSegment(0xE1, exifSegmentPayload(6, false)));
  Outcome run = sanitize(input, FileType::kJpeg);
  ASSERT_TRUE(run.result.isOk()) << run.result.status().toString();
  // Orientation 6 = rotate 90° clockwise to display: the output is upright, 20 x 40.
  expectCleanJpeg(run.output, 20, 40);
}

TEST_F(ImageSanitizer, CmykJpegBecomesSrgb) {
  VImage cmyk =
      gradient(32, 24, 4).copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_CMYK));
  std::string jpeg = save(cmyk, ".jpg");
  ASSERT_EQ(parseJpeg(jpeg).components, 4);
  Outcome run = sanitize(jpeg, FileType::kJpeg);
  ASSERT_TRUE(run.result.isOk()) << run.result.status().toString();
  expectCleanJpeg(run.output, 32, 24);
  EXPECT_EQ(parseJpeg(run.output).components, 3);
}

TEST_F(ImageSanitizer, GreyJpegStaysGrey) {
  std::string jpeg = save(gradient(16, 16, 1), ".jpg");
  Outcome run = sanitize(jpeg, FileType::kJpeg);
  ASSERT_TRUE(run.result.isOk());
  EXPECT_EQ(parseJpeg(run.output).components, 1);
}

// ---- PNG ----------------------------------------------------------------------------------

TEST_F(ImageSanitizer, PngTextExifIccPrivateChunksAndTrailerAreDroppedAndReported) {
  std::string png = save(gradient(30, 20, 3), ".png", VImage::option()->set("strip", true));
  std::string chunks = pngChunk("tEXt", std::string("Author\0Taro Yamada", 18)) +
                       pngChunk("iTXt", std::string("XML:com.adobe.xmp\0\0\0\0\0<x/>", 27)) +
                       pngChunk("eXIf", exifSegmentPayload(1, false).substr(6)) +
                       pngChunk("tIME", std::string("\x07\xE8\1\1\0\0\0", 7)) +
                       pngChunk("prVW", "private preview");
  const std::string payload = "<html><script>alert(1)</script></html>";
  std::string input = withPngChunks(png, chunks) + payload;
  Outcome run = sanitize(input, FileType::kPng);
  ASSERT_TRUE(run.result.isOk()) << run.result.status().toString();
  EXPECT_EQ(*run.result, FileType::kPng);
  expectCleanPng(run.output, 30, 20);
  EXPECT_EQ(run.output.find("Taro"), std::string::npos);
  EXPECT_EQ(detailOf(run, "comment"), "PNG tEXt 'Author'");
  EXPECT_EQ(detailOf(run, "metadata"),
            "XMP, EXIF with GPS location, modification time, PNG chunk 'prVW'");
  EXPECT_EQ(detailOf(run, "trailing-data"),
            std::to_string(payload.size()) + " bytes after the end of the image");
}

TEST_F(ImageSanitizer, PngAlphaIsKept) {
  VImage rgba = gradient(20, 10, 4);
  Outcome run = sanitize(save(rgba, ".png"), FileType::kPng);
  ASSERT_TRUE(run.result.isOk());
  expectCleanPng(run.output, 20, 10);
  EXPECT_EQ(parsePng(run.output).colour_type, 6);         // RGBA
  EXPECT_EQ((load(run.output) - rgba).abs().max(), 0.0);  // lossless
}

TEST_F(ImageSanitizer, SixteenBitPngBecomesEightBit) {
  VImage deep = (gradient(16, 8, 3).cast(VIPS_FORMAT_USHORT) * 257)
                    .cast(VIPS_FORMAT_USHORT)
                    .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_RGB16));
  std::string png = save(deep, ".png");
  ASSERT_EQ(parsePng(png).bit_depth, 16);
  Outcome run = sanitize(png, FileType::kPng);
  ASSERT_TRUE(run.result.isOk()) << run.result.status().toString();
  expectCleanPng(run.output, 16, 8);
  EXPECT_EQ(parsePng(run.output).colour_type, 2);
  EXPECT_LE((load(run.output) - gradient(16, 8, 3)).abs().max(), 1.0);
}

TEST_F(ImageSanitizer, AnimatedPngKeepsTheDefaultImage) {
  std::string png = save(gradient(8, 8, 3), ".png");
  std::string input = withPngChunks(png, pngChunk("acTL", be32(3) + be32(0)));
  Outcome run = sanitize(input, FileType::kPng);
  ASSERT_TRUE(run.result.isOk()) << run.result.status().toString();
  EXPECT_EQ(detailOf(run, "extra-frames"), "APNG animation of 3 frames");
}

// ---- GIF, TIFF, WebP ----------------------------------------------------------------------

// A GIF with two frames, a comment extension and bytes after the trailer.
std::string animatedGifWithComment() {
  VImage frames = gradient(12, 20, 3).copy();
  frames.set("page-height", 10);
  std::string gif = save(frames, ".gif");
  EXPECT_EQ(gif.back(), '\x3B');
  std::string comment = std::string("\x21\xFE\x06", 3) + "secret" + std::string(1, '\0');
  return gif.substr(0, gif.size() - 1) + comment + "\x3B" + "TRAILER";
}

TEST_F(ImageSanitizer, GifBecomesPngWithFirstFrameOnly) {
  Outcome run = sanitize(animatedGifWithComment(), FileType::kGif);
  ASSERT_TRUE(run.result.isOk()) << run.result.status().toString();
  EXPECT_EQ(*run.result, FileType::kPng);
  expectCleanPng(run.output, 12, 10);
  EXPECT_EQ(detailOf(run, "extra-frames"), "kept frame 1 of 2");
  EXPECT_EQ(detailOf(run, "comment"), "GIF comment");
  EXPECT_EQ(detailOf(run, "trailing-data"), "7 bytes after the end of the image");
  EXPECT_EQ(findAction(run, "re-encoded", "image")->detail, "gif->png");
}

TEST_F(ImageSanitizer, MultiPageTiffKeepsFirstPageAndReportsTags) {
  VImage pages = gradient(10, 16, 3).copy();
  pages.set("page-height", 8);
  std::string xmp = "<x:xmpmeta>secret</x:xmpmeta>";
  pages.set("xmp-data", nullptr, const_cast<char*>(xmp.data()), xmp.size());
  std::string tiff = save(pages, ".tif");
  Outcome run = sanitize(tiff, FileType::kTiff);
  ASSERT_TRUE(run.result.isOk()) << run.result.status().toString();
  expectCleanPng(run.output, 10, 8);
  EXPECT_EQ(detailOf(run, "extra-frames"), "kept page 1 of 2");
  EXPECT_NE(detailOf(run, "metadata").find("XMP"), std::string::npos);
  EXPECT_EQ(run.output.find("secret"), std::string::npos);
}

TEST_F(ImageSanitizer, WebpBecomesPngWithoutMetadata) {
  VImage image = gradient(24, 12, 3).copy();
  std::string xmp = "<x:xmpmeta>secret</x:xmpmeta>";
  image.set("xmp-data", nullptr, const_cast<char*>(xmp.data()), xmp.size());
  std::string webp = save(image, ".webp", VImage::option()->set("lossless", true));
  Outcome run = sanitize(webp, FileType::kWebp);
  ASSERT_TRUE(run.result.isOk()) << run.result.status().toString();
  EXPECT_EQ(*run.result, FileType::kPng);
  expectCleanPng(run.output, 24, 12);
  // libvips' writer adds an EXIF chunk of its own next to the XMP.
  ASSERT_NE(webp.find("EXIF"), std::string::npos);
  ASSERT_NE(webp.find("XMP "), std::string::npos);
  EXPECT_EQ(detailOf(run, "metadata"), "EXIF, XMP");
  EXPECT_EQ(run.output.find("secret"), std::string::npos);
  EXPECT_EQ((load(run.output) - image).abs().max(), 0.0);
}

// ---- Refusals -----------------------------------------------------------------------------

// A valid 8-bit grey PNG whose IHDR claims width x height, with a tiny IDAT.
std::string pngClaiming(uint32_t width, uint32_t height) {
  std::string ihdr = be32(width) + be32(height) + std::string("\x08\x00\x00\x00\x00", 5);
  std::string raw(64, '\0');
  uLongf size = compressBound(raw.size());
  std::string idat(size, '\0');
  compress(reinterpret_cast<Bytef*>(idat.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
           raw.size());
  idat.resize(size);
  return std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IDAT", idat) +
         pngChunk("IEND", "");
}

TEST_F(ImageSanitizer, DecompressionBombIsBlockedBeforeDecoding) {
  std::string bomb = pngClaiming(100000, 100000);
  ASSERT_LT(bomb.size(), 200u);
  Outcome run = sanitize(bomb, FileType::kPng);
  ASSERT_FALSE(run.result.isOk());
  EXPECT_EQ(run.result.status().reason(), "limit-image-pixels");
  ASSERT_EQ(run.events.size(), 1u);
  EXPECT_EQ(run.events[0].value, 10'000'000'000u);
}

TEST_F(ImageSanitizer, JpegDimensionsOverTheLimitAreBlocked) {
  std::string jpeg = save(gradient(16, 16, 3), ".jpg", VImage::option()->set("strip", true));
  size_t sof = jpeg.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  jpeg[sof + 5] = '\xEA', jpeg[sof + 6] = '\x60';  // height 60000
  jpeg[sof + 7] = '\xEA', jpeg[sof + 8] = '\x60';  // width 60000
  Outcome run = sanitize(jpeg, FileType::kJpeg);
  ASSERT_FALSE(run.result.isOk());
  EXPECT_EQ(run.result.status().reason(), "limit-image-pixels");
}

TEST_F(ImageSanitizer, PixelLimitIsConfigurable) {
  Limits limits;
  limits.max_image_pixels = 99;
  Outcome run = sanitize(save(gradient(10, 10, 3), ".png"), FileType::kPng, limits);
  ASSERT_FALSE(run.result.isOk());
  EXPECT_EQ(run.result.status().reason(), "limit-image-pixels");
}

TEST_F(ImageSanitizer, HeaderThatUnderstatesTheSizeDoesNotOverrun) {
  // IHDR says 1x1, IDAT holds 64 bytes: libpng ignores the excess (a warning), and the
  // output is the one pixel the header promised.
  Outcome run = sanitize(pngClaiming(1, 1), FileType::kPng);
  ASSERT_TRUE(run.result.isOk()) << run.result.status().toString();
  expectCleanPng(run.output, 1, 1);
}

TEST_F(ImageSanitizer, TruncatedAndGarbageImagesAreBlocked) {
  std::string jpeg = save(gradient(64, 64, 3), ".jpg");
  std::string png = save(gradient(64, 64, 3), ".png");
  std::string gif = save(gradient(64, 64, 3), ".gif");
  std::string tiff = save(gradient(64, 64, 3), ".tif");
  std::string webp = save(gradient(64, 64, 3), ".webp");
  const std::vector<std::pair<std::string, FileType>> cases = {
      {jpeg.substr(0, jpeg.size() / 2), FileType::kJpeg},
      {png.substr(0, png.size() / 2), FileType::kPng},
      {gif.substr(0, gif.size() / 2), FileType::kGif},
      {tiff.substr(0, tiff.size() / 2), FileType::kTiff},
      {webp.substr(0, webp.size() / 2), FileType::kWebp},
      {"\xFF\xD8\xFF\xE0garbage", FileType::kJpeg},
      {std::string("\x89PNG\r\n\x1a\n", 8) + "garbage", FileType::kPng},
      {"GIF89a", FileType::kGif},
      {"", FileType::kPng},
      {png, FileType::kJpeg},  // content and type disagree: the JPEG loader refuses it
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    Outcome run = sanitize(cases[i].first, cases[i].second);
    ASSERT_FALSE(run.result.isOk()) << "case " << i;
    EXPECT_EQ(run.result.status().reason(), "malformed-image") << "case " << i;
  }
}

TEST_F(ImageSanitizer, TimeLimitStopsDecoding) {
  // 3000 x 3000 of noise takes far longer than 1 ms to decode and encode.
  VImage noise = VImage::gaussnoise(3000, 3000).cast(VIPS_FORMAT_UCHAR);
  std::string png = save(noise, ".png", VImage::option()->set("compression", 1));
  Limits limits;
  limits.max_time = std::chrono::milliseconds(1);
  Outcome run = sanitize(png, FileType::kPng, limits);
  ASSERT_FALSE(run.result.isOk());
  EXPECT_EQ(run.result.status().reason(), "limit-time");
}

TEST_F(ImageSanitizer, PngChunkLengthPastTheEndIsBlockedWithoutAllocating) {
  // Regression (fuzzer): a tEXt chunk declaring 805 MB in a 200-byte file made libpng
  // allocate and fill 805 MB twice before failing.
  std::string png = save(gradient(8, 6, 3), ".png");
  std::string huge_text = be32(0x3000000B) + "tEXtAuthor" + std::string(1, '\0') + "Taro";
  std::string input = png.substr(0, 33) + huge_text;
  const auto start = std::chrono::steady_clock::now();
  Outcome run = sanitize(input, FileType::kPng);
  ASSERT_FALSE(run.result.isOk());
  EXPECT_EQ(run.result.status().reason(), "malformed-image");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

// ---- reencode() and decode() for other modules --------------------------------------------

TEST_F(ImageSanitizer, ReencodeReturnsBytesAndType) {
  Budget budget{Limits{}};
  auto encoded = reencode(asBytes(save(gradient(9, 7, 3), ".gif")), FileType::kGif, budget, "w");
  ASSERT_TRUE(encoded.isOk()) << encoded.status().toString();
  EXPECT_EQ(encoded->type, FileType::kPng);
  expectCleanPng(encoded->bytes, 9, 7);
}

TEST_F(ImageSanitizer, DecodeFlattensAlphaOntoWhite) {
  // Left column fully transparent black, the rest opaque.
  VImage rgb = VImage::black(4, 2, VImage::option()->set("bands", 3));
  VImage alpha = (VImage::xyz(4, 2)[0] > 0).cast(VIPS_FORMAT_UCHAR);
  VImage rgba =
      rgb.bandjoin(alpha).copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  Budget budget{Limits{}};
  auto pixels = decode(asBytes(save(rgba, ".png")), FileType::kPng, budget, "page 1");
  ASSERT_TRUE(pixels.isOk()) << pixels.status().toString();
  EXPECT_EQ(pixels->width, 4);
  EXPECT_EQ(pixels->height, 2);
  EXPECT_EQ(pixels->bands, 3);
  ASSERT_EQ(pixels->data.size(), 4u * 2 * 3);
  for (int y = 0; y < 2; ++y) {
    for (int x = 0; x < 4; ++x) {
      const uint8_t expected = x == 0 ? 255 : 0;
      for (int b = 0; b < 3; ++b) {
        EXPECT_EQ(static_cast<uint8_t>(pixels->data[(y * 4 + x) * 3 + b]), expected)
            << x << "," << y;
      }
    }
  }
}

TEST_F(ImageSanitizer, DecodeKeepsGreyAsOneBand) {
  Budget budget{Limits{}};
  auto pixels = decode(asBytes(save(gradient(5, 3, 1), ".png")), FileType::kPng, budget, "p");
  ASSERT_TRUE(pixels.isOk());
  EXPECT_EQ(pixels->bands, 1);
  EXPECT_EQ(pixels->data.size(), 15u);
}

TEST_F(ImageSanitizer, ManyJobsAtOnce) {
  const std::string jpeg = save(gradient(200, 150, 3), ".jpg");
  const std::string png = save(gradient(200, 150, 4), ".png");
  std::vector<std::thread> threads;
  std::vector<int> ok(8, 0);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 5; ++round) {
        Budget budget{Limits{}};
        auto encoded = reencode(asBytes(i % 2 ? jpeg : png),
                                i % 2 ? FileType::kJpeg : FileType::kPng, budget, "t");
        ok[i] += encoded.isOk();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 8; ++i) EXPECT_EQ(ok[i], 5) << "thread " << i;
}

// ---- Structure walkers on their own -------------------------------------------------------

TEST(ImageStructure, JpegTrailingDataCountsFromTheRealEoi) {
  // An EXIF thumbnail holds its own EOI inside APP1; only the image's EOI counts.
  std::string thumb = "\xFF\xD8\xFF\xD9";
  std::string jpeg = save(gradient(8, 8, 3), ".jpg", VImage::option()->set("strip", true));
  std::string input =
      withJpegSegments(jpeg, jpegSegment(0xE1, std::string("Exif\0\0", 6) + thumb)) + "XYZ";
  Structure s = scanJpeg(asBytes(input));
  EXPECT_EQ(s.trailing_bytes, 3u);
}

TEST(ImageStructure, JpegWithoutEoiReportsNoTrailer) {
  std::string jpeg = save(gradient(8, 8, 3), ".jpg");
  Structure s = scanJpeg(asBytes(jpeg.substr(0, jpeg.size() - 2)));
  EXPECT_EQ(s.trailing_bytes, 0u);
}

TEST(ImageStructure, WebpChunksAndTrailer) {
  std::string riff = "RIFF" + le32(4 + 8 + 2 + 8 + 4) + "WEBP" + "VP8L" + le32(2) + "ab" + "XMP " +
                     le32(3) + "abc" + std::string(1, '\0') + "TAIL";
  Structure s = scanWebp(asBytes(riff));
  ASSERT_EQ(s.findings.size(), 1u);
  EXPECT_EQ(s.findings[0].detail, "XMP");
  EXPECT_EQ(s.trailing_bytes, 4u);
}

TEST(ImageStructure, TiffDirectoryLoopIsBounded) {
  // IFD0 at 8 whose next-IFD offset points back at itself.
  std::string tiff = "II*" + std::string(1, '\0') + le32(8) + le16(0) + le32(8);
  Structure s = scanTiff(asBytes(tiff));
  EXPECT_TRUE(s.findings.empty());
}

TEST(ImageStructure, GarbageYieldsNothing) {
  const std::string garbage = "\xFF\xD8\xFF\xE1\xFF\xFF";
  for (FileType type : {FileType::kJpeg, FileType::kPng, FileType::kGif, FileType::kTiff,
                        FileType::kWebp, FileType::kBmp}) {
    Structure s = scanStructure(asBytes(garbage), type);
    EXPECT_EQ(s.trailing_bytes, 0u);
  }
}

}  // namespace
}  // namespace sanso::sanitize::image
