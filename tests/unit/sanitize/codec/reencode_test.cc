// The engine's own PNG/JPEG re-encoding (codec::reencode) on hostile inputs generated here,
// with outputs checked by walking their chunks/markers and decoding them with libvips.
#include "codec/reencode.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <set>
#include <thread>
#include <vips/vips8>

#include "media/media.h"
#include "support/image_fixture.h"

namespace sanso::sanitize::codec {
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

constexpr char kMarker[] = "SANSO-SECRET-MARKER";

std::string zlibOf(const std::string& raw) {
  uLongf size = compressBound(raw.size());
  std::string out(size, '\0');
  compress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
           raw.size());
  out.resize(size);
  return out;
}

// A PNG built by hand: IHDR, `before_idat` chunks, one IDAT of `rows` (filter bytes included).
std::string rawPng(uint32_t width, uint32_t height, int depth, int colour_type,
                   const std::string& before_idat, const std::string& rows) {
  std::string ihdr = be32(width) + be32(height);
  ihdr += static_cast<char>(depth);
  ihdr += static_cast<char>(colour_type);
  ihdr += std::string(3, '\0');
  return std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + before_idat +
         pngChunk("IDAT", zlibOf(rows)) + pngChunk("IEND", "");
}

// EXIF with IFD0 holding Orientation and an ImageDescription (the marker text).
std::string exifPayload(uint16_t orientation) {
  std::string tiff = "II*" + std::string(1, '\0') + le32(8);
  tiff += le16(2);
  tiff += le16(0x0112) + le16(3) + le32(1) + le16(orientation) + le16(0);
  tiff += le16(0x010E) + le16(2) + le32(sizeof(kMarker)) + le32(38);
  tiff += le32(0);
  tiff += std::string(kMarker, sizeof(kMarker));
  return std::string("Exif\0\0", 6) + tiff;
}

// ---- Independent walkers of the outputs ---------------------------------------------------

std::vector<std::string> pngChunks(const std::string& png, int* colour_type = nullptr) {
  std::vector<std::string> chunks;
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  size_t pos = 8;
  while (pos + 12 <= png.size()) {
    const auto* p = reinterpret_cast<const uint8_t*>(png.data() + pos);
    const uint32_t length = (p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
    if (pos + 12 + length > png.size()) break;
    const auto* c = p + 8 + length;
    EXPECT_EQ(crc32(0, p + 4, length + 4), (uLong{c[0]} << 24) | (c[1] << 16) | (c[2] << 8) | c[3]);
    chunks.push_back(png.substr(pos + 4, 4));
    if (chunks.back() == "IHDR") {
      EXPECT_EQ(p[16], 8);  // bit depth
      if (colour_type != nullptr) *colour_type = p[17];
    }
    pos += 12 + length;
    if (chunks.back() == "IEND") {
      EXPECT_EQ(pos, png.size());
      break;
    }
  }
  return chunks;
}

// Only SOI, JFIF, tables, one baseline frame, one scan, EOI; returns the luma sampling byte.
int expectCleanJpeg(const std::string& jpeg, int width, int height, int components) {
  const auto* d = reinterpret_cast<const uint8_t*>(jpeg.data());
  EXPECT_TRUE(jpeg.size() > 4 && d[0] == 0xFF && d[1] == 0xD8);
  const std::set<uint8_t> allowed = {0xE0, 0xDB, 0xC0, 0xC4, 0xDA};
  int sampling = -1;
  size_t pos = 2;
  while (pos + 4 <= jpeg.size() && d[pos] == 0xFF) {
    const uint8_t marker = d[pos + 1];
    EXPECT_TRUE(allowed.count(marker)) << "marker " << int{marker};
    if (marker == 0xC0) {
      EXPECT_EQ((d[pos + 5] << 8) | d[pos + 6], height);
      EXPECT_EQ((d[pos + 7] << 8) | d[pos + 8], width);
      EXPECT_EQ(d[pos + 9], components);
      sampling = d[pos + 11];
    }
    if (marker == 0xDA) break;
    pos += 2 + ((d[pos + 2] << 8) | d[pos + 3]);
  }
  EXPECT_EQ(jpeg.rfind("\xFF\xD9"), jpeg.size() - 2);
  return sampling;
}

struct OwnRun {
  Result<std::optional<image::Encoded>> result = Status::internal("not run");
  std::vector<LimitEvent> events;
};

OwnRun reencodeOwn(const std::string& input, FileType type, Limits limits = {}) {
  Budget budget(limits);
  OwnRun run;
  run.result = reencode(asBytes(input), type, budget, "word/media/image1");
  run.events = budget.events();
  return run;
}

// The re-encoded bytes; fails the test unless the engine's own codec handled the input.
std::string handled(const std::string& input, FileType type) {
  OwnRun run = reencodeOwn(input, type);
  EXPECT_TRUE(run.result.isOk()) << run.result.status().toString();
  if (!run.result.isOk() || !run.result->has_value()) {
    ADD_FAILURE() << "declined";
    return {};
  }
  EXPECT_EQ((*run.result)->type, type);
  const std::string bytes = (*run.result)->bytes;
  EXPECT_EQ(bytes.find(kMarker), std::string::npos);
  return bytes;
}

void expectDeclined(const std::string& input, FileType type) {
  OwnRun run = reencodeOwn(input, type);
  ASSERT_TRUE(run.result.isOk()) << run.result.status().toString();
  EXPECT_FALSE(run.result->has_value());
}

void expectBlocked(const std::string& input, FileType type, const std::string& reason,
                   Limits limits = {}) {
  OwnRun run = reencodeOwn(input, type, limits);
  ASSERT_FALSE(run.result.isOk());
  EXPECT_EQ(run.result.status().reason(), reason);
}

double maxDifference(const std::string& encoded, const VImage& expected) {
  return (load(encoded) - expected).abs().max();
}

class CodecReencode : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { image::initOnce(); }
};

// ---- PNG ----------------------------------------------------------------------------------

TEST_F(CodecReencode, PngTextChunksAndTrailerAreDroppedPixelsKept) {
  const std::string png = save(gradient(40, 30, 3), ".png");
  const std::string input =
      withPngChunks(png,
                    pngChunk("tEXt", std::string("Comment\0", 8) + kMarker) +
                        pngChunk("zTXt", std::string("k\0\0", 3) + zlibOf(kMarker)) +
                        pngChunk("iTXt", std::string("XML:com.adobe.xmp\0\0\0\0\0", 22) + kMarker) +
                        pngChunk("prVt", kMarker)) +
      kMarker;
  const std::string out = handled(input, FileType::kPng);
  int colour_type = -1;
  EXPECT_EQ(pngChunks(out, &colour_type), (std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
  EXPECT_EQ(colour_type, 2);
  EXPECT_EQ(maxDifference(out, gradient(40, 30, 3)), 0.0);
}

TEST_F(CodecReencode, PngAlphaGreyAndSixteenBit) {
  std::string out = handled(save(gradient(9, 7, 4), ".png"), FileType::kPng);
  int colour_type = -1;
  pngChunks(out, &colour_type);
  EXPECT_EQ(colour_type, 6);
  EXPECT_EQ(maxDifference(out, gradient(9, 7, 4)), 0.0);

  out = handled(save(gradient(9, 7, 1), ".png"), FileType::kPng);
  pngChunks(out, &colour_type);
  EXPECT_EQ(colour_type, 0);
  EXPECT_EQ(maxDifference(out, gradient(9, 7, 1)), 0.0);

  VImage deep = (gradient(16, 8, 3).cast(VIPS_FORMAT_USHORT) * 257)
                    .cast(VIPS_FORMAT_USHORT)
                    .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_RGB16));
  out = handled(save(deep, ".png"), FileType::kPng);
  pngChunks(out, &colour_type);
  EXPECT_EQ(colour_type, 2);
  EXPECT_LE(maxDifference(out, gradient(16, 8, 3)), 1.0);
}

TEST_F(CodecReencode, PngPaletteWithTransparencyBecomesRgba) {
  // 2 x 2, 2-bit palette: red, green, blue (transparent), white.
  const std::string plte("\xFF\x00\x00\x00\xFF\x00\x00\x00\xFF\xFF\xFF\xFF", 12);
  const std::string trns("\xFF\xFF\x00", 3);
  const std::string rows("\x00\x10\x00\xB0", 4);  // indices 0 1 / 2 3, high bits first
  const std::string out = handled(
      rawPng(2, 2, 2, 3, pngChunk("PLTE", plte) + pngChunk("tRNS", trns), rows), FileType::kPng);
  int colour_type = -1;
  EXPECT_EQ(pngChunks(out, &colour_type), (std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
  EXPECT_EQ(colour_type, 6);
  VImage image = load(out);
  ASSERT_EQ(image.bands(), 4);
  EXPECT_EQ(image.getpoint(0, 0), (std::vector<double>{255, 0, 0, 255}));
  EXPECT_EQ(image.getpoint(0, 1), (std::vector<double>{0, 0, 255, 0}));
  EXPECT_EQ(image.getpoint(1, 1), (std::vector<double>{255, 255, 255, 255}));
}

TEST_F(CodecReencode, PngLowBitGreyIsExpanded) {
  // 4 x 1, 1-bit grey: 1 0 1 0.
  const std::string out =
      handled(rawPng(4, 1, 1, 0, "", std::string("\x00\xA0", 2)), FileType::kPng);
  VImage image = load(out);
  EXPECT_EQ(image.getpoint(0, 0), std::vector<double>{255});
  EXPECT_EQ(image.getpoint(1, 0), std::vector<double>{0});
}

TEST_F(CodecReencode, InterlacedPngIsDeinterlaced) {
  const std::string png =
      save(gradient(33, 17, 3), ".png", VImage::option()->set("interlace", true));
  ASSERT_EQ(png[28], 1);  // IHDR interlace method
  const std::string out = handled(png, FileType::kPng);
  pngChunks(out);
  EXPECT_EQ(out[28], 0);
  EXPECT_EQ(maxDifference(out, gradient(33, 17, 3)), 0.0);
}

TEST_F(CodecReencode, PngWithIccOrExifIsLeftToTheMediaModule) {
  const std::string png = save(gradient(8, 8, 3), ".png", VImage::option()->set("strip", true));
  expectDeclined(withPngChunks(png, pngChunk("iCCP", std::string("p\0\0", 3) + zlibOf("icc"))),
                 FileType::kPng);
  expectDeclined(withPngChunks(png, pngChunk("eXIf", exifPayload(6).substr(6))), FileType::kPng);
}

TEST_F(CodecReencode, PngWithBadCrcOrShortDataIsLeftToTheMediaModule) {
  std::string png = save(gradient(16, 16, 3), ".png", VImage::option()->set("strip", true));
  std::string bad_idat = png;
  bad_idat[bad_idat.size() - 12 - 1] ^= 0x55;  // last byte of the IDAT CRC
  expectDeclined(bad_idat, FileType::kPng);
  std::string bad_gama = withPngChunks(png, pngChunk("gAMA", be32(45455)));
  bad_gama[33 + 12] ^= 0x55;
  expectDeclined(bad_gama, FileType::kPng);
  // Structure intact, pixel data short: 16 rows declared, 2 given.
  expectDeclined(rawPng(16, 16, 8, 0, "", std::string(34, '\0')), FileType::kPng);
}

TEST_F(CodecReencode, BrokenPngStructureIsBlocked) {
  const std::string png = save(gradient(16, 16, 3), ".png");
  expectBlocked(png.substr(0, png.size() / 2), FileType::kPng, "malformed-image");
  expectBlocked("", FileType::kPng, "malformed-image");
}

TEST_F(CodecReencode, HugeDeclaredPngIsBlockedBeforeDecoding) {
  OwnRun run = reencodeOwn(rawPng(100000, 100000, 8, 0, "", std::string(64, '\0')), FileType::kPng);
  ASSERT_FALSE(run.result.isOk());
  EXPECT_EQ(run.result.status().reason(), "limit-image-pixels");
  ASSERT_EQ(run.events.size(), 1u);
  EXPECT_EQ(run.events[0].value, 10'000'000'000u);
  // Over libpng's own width limit as well: refused, never decoded.
  expectDeclined(rawPng(2'000'000, 1, 8, 0, "", std::string(64, '\0')), FileType::kPng);
}

TEST_F(CodecReencode, PixelLimitAndTimeLimitApply) {
  Limits small;
  small.max_image_pixels = 99;
  expectBlocked(save(gradient(10, 10, 3), ".png"), FileType::kPng, "limit-image-pixels", small);
  expectBlocked(save(gradient(10, 10, 3), ".jpg"), FileType::kJpeg, "limit-image-pixels", small);
  Limits no_time;
  no_time.max_time = std::chrono::milliseconds(0);
  const std::string png = save(gradient(300, 300, 3), ".png");
  Budget budget(no_time);
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  auto result = reencode(asBytes(png), FileType::kPng, budget, "x");
  ASSERT_FALSE(result.isOk());
  EXPECT_EQ(result.status().reason(), "limit-time");
  const std::string jpeg = save(gradient(300, 300, 3), ".jpg");
  result = reencode(asBytes(jpeg), FileType::kJpeg, budget, "y");
  ASSERT_FALSE(result.isOk());
  EXPECT_EQ(result.status().reason(), "limit-time");
}

// ---- JPEG ---------------------------------------------------------------------------------

TEST_F(CodecReencode, JpegMarkersCommentsAndTrailerAreDropped) {
  const std::string jpeg = save(gradient(48, 32, 3), ".jpg", VImage::option()->set("strip", true));
  const std::string input =
      withJpegSegments(
          jpeg, jpegSegment(0xE1, exifPayload(1)) +
                    jpegSegment(0xE1, std::string("http://ns.adobe.com/xap/1.0/\0", 29) + kMarker) +
                    jpegSegment(0xED, std::string("Photoshop 3.0\0", 14) + kMarker) +
                    jpegSegment(0xFE, kMarker)) +
      kMarker;
  const std::string out = handled(input, FileType::kJpeg);
  EXPECT_EQ(expectCleanJpeg(out, 48, 32, 3), 0x22);  // the input was 4:2:0
  EXPECT_LE(maxDifference(out, gradient(48, 32, 3)), 24.0);
}

TEST_F(CodecReencode, JpegChromaSubsamplingFollowsTheInputAndGreyStaysGrey) {
  const std::string full =
      save(gradient(32, 32, 3), ".jpg",
           VImage::option()->set("subsample_mode", VIPS_FOREIGN_SUBSAMPLE_OFF));
  EXPECT_EQ(expectCleanJpeg(handled(full, FileType::kJpeg), 32, 32, 3), 0x11);
  const std::string grey = save(gradient(24, 16, 1), ".jpg");
  const std::string out = handled(grey, FileType::kJpeg);
  expectCleanJpeg(out, 24, 16, 1);
  EXPECT_LE(maxDifference(out, gradient(24, 16, 1)), 8.0);
}

TEST_F(CodecReencode, JpegKindsItCannotCopyAreLeftToTheMediaModule) {
  const std::string jpeg = save(gradient(40, 20, 3), ".jpg", VImage::option()->set("strip", true));
  // Orientation other than 1, and EXIF it cannot read.
  expectDeclined(withJpegSegments(jpeg, jpegSegment(0xE1, exifPayload(6))), FileType::kJpeg);
  expectDeclined(withJpegSegments(jpeg, jpegSegment(0xE1, std::string("Exif\0\0XX", 8))),
                 FileType::kJpeg);
  // ICC profile.
  expectDeclined(
      withJpegSegments(jpeg, jpegSegment(0xE2, std::string("ICC_PROFILE\0\1\1", 14) + "profile")),
      FileType::kJpeg);
  // Progressive.
  expectDeclined(save(gradient(40, 20, 3), ".jpg", VImage::option()->set("interlace", true)),
                 FileType::kJpeg);
  // CMYK.
  VImage cmyk =
      gradient(32, 24, 4).copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_CMYK));
  expectDeclined(save(cmyk, ".jpg"), FileType::kJpeg);
}

TEST_F(CodecReencode, CorruptJpegIsLeftToTheMediaModule) {
  const std::string jpeg = save(gradient(64, 64, 3), ".jpg");
  expectDeclined(jpeg.substr(0, jpeg.size() / 2), FileType::kJpeg);
  expectDeclined("\xFF\xD8\xFF\xE0garbage", FileType::kJpeg);
  expectDeclined("", FileType::kJpeg);
  std::string huge = save(gradient(16, 16, 3), ".jpg", VImage::option()->set("strip", true));
  const size_t sof = huge.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  huge[sof + 5] = '\xEA', huge[sof + 6] = '\x60';  // 60000 x 60000
  huge[sof + 7] = '\xEA', huge[sof + 8] = '\x60';
  expectBlocked(huge, FileType::kJpeg, "limit-image-pixels");
}

TEST_F(CodecReencode, OtherTypesAreLeftToTheMediaModule) {
  expectDeclined(save(gradient(8, 8, 3), ".gif"), FileType::kGif);
  expectDeclined(save(gradient(8, 8, 3), ".webp"), FileType::kWebp);
}

// media::reencode, the one entry point of OOXML, ODF, RTF and HTML pictures: plain images
// take the engine's codec, the rest still reach libvips.
TEST_F(CodecReencode, MediaReencodeUsesBothPaths) {
  Budget budget(Limits{});
  VImage cmyk =
      gradient(32, 24, 4).copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_CMYK));
  auto via_module = media::reencode(asBytes(save(cmyk, ".jpg")), FileType::kJpeg, budget, "x");
  ASSERT_TRUE(via_module.isOk()) << via_module.status().toString();
  expectCleanJpeg(via_module->bytes, 32, 24, 3);
  auto own = media::reencode(asBytes(save(gradient(8, 8, 3), ".png")), FileType::kPng, budget, "y");
  ASSERT_TRUE(own.isOk());
  EXPECT_EQ(pngChunks(own->bytes), (std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
}

}  // namespace
}  // namespace sanso::sanitize::codec
