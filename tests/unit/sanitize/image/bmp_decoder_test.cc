#include "image/bmp_decoder.h"

#include <gtest/gtest.h>

#include <vips/vips8>

#include "image/image_sanitizer.h"
#include "support/test_util.h"

namespace sanso::sanitize::image {
namespace {

std::string le16(uint16_t v) { return {static_cast<char>(v), static_cast<char>(v >> 8)}; }
std::string le32(uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); }
std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

struct BmpSpec {
  int32_t width = 0;
  int32_t height = 0;
  uint16_t bpp = 24;
  uint32_t compression = 0;
  std::string extra_header;  // bytes after the 40-byte header fields (masks, V4/V5 fields)
  std::string palette;       // 4 bytes per entry: B, G, R, 0
  std::string pixels;
  uint32_t colours_used = 0;
};

// A Windows BMP written field by field from the format description.
std::string makeBmp(const BmpSpec& s) {
  const uint32_t header_size = 40 + static_cast<uint32_t>(s.extra_header.size());
  std::string info = le32(header_size) + le32(s.width) + le32(static_cast<uint32_t>(s.height)) +
                     le16(1) + le16(s.bpp) + le32(s.compression) +
                     le32(static_cast<uint32_t>(s.pixels.size())) + le32(2835) + le32(2835) +
                     le32(s.colours_used) + le32(0) + s.extra_header;
  const uint32_t offset = 14 + static_cast<uint32_t>(info.size() + s.palette.size());
  const uint32_t size = offset + static_cast<uint32_t>(s.pixels.size());
  return "BM" + le32(size) + le32(0) + le32(offset) + info + s.palette + s.pixels;
}

Result<BmpImage> decode(const std::string& bmp, Limits limits = {}) {
  Budget budget(limits);
  return decodeBmp(asBytes(bmp), budget, "image");
}

std::string rgb(std::initializer_list<int> values) { return bytes(values); }

TEST(BmpDecoder, TwentyFourBitBottomUpWithRowPadding) {
  // Rows are stored bottom-up, BGR, each padded to 4 bytes (3 px * 3 = 9 -> 12).
  BmpSpec s;
  s.width = 3;
  s.height = 2;
  s.pixels = bytes({0, 0, 255, 0, 255, 0, 255, 0, 0, 0, 0, 0}) +       // bottom: R G B
             bytes({255, 255, 255, 0, 0, 0, 128, 128, 128, 0, 0, 0});  // top: white black grey
  auto image = decode(makeBmp(s));
  ASSERT_TRUE(image.isOk()) << image.status().toString();
  EXPECT_EQ(image->width, 3);
  EXPECT_EQ(image->height, 2);
  EXPECT_EQ(image->bands, 3);
  EXPECT_EQ(image->data, rgb({255, 255, 255, 0, 0, 0, 128, 128, 128,  // top row first
                              255, 0, 0, 0, 255, 0, 0, 0, 255}));
}

TEST(BmpDecoder, TopDownWhenHeightIsNegative) {
  BmpSpec s;
  s.width = 1;
  s.height = -2;
  s.pixels = bytes({0, 0, 255, 0}) + bytes({255, 0, 0, 0});  // red then blue, top first
  auto image = decode(makeBmp(s));
  ASSERT_TRUE(image.isOk()) << image.status().toString();
  EXPECT_EQ(image->data, rgb({255, 0, 0, 0, 0, 255}));
}

TEST(BmpDecoder, PaletteDepths) {
  const std::string palette = bytes({0, 0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 0});  // k w r
  {
    BmpSpec s;
    s.width = 9;
    s.height = 1;
    s.bpp = 1;
    s.palette = palette.substr(0, 8);
    s.pixels = bytes({0xA5, 0x80, 0, 0});  // 1010 0101 1
    auto image = decode(makeBmp(s));
    ASSERT_TRUE(image.isOk()) << image.status().toString();
    std::string expected;
    for (int bit : {1, 0, 1, 0, 0, 1, 0, 1, 1})
      expected += bit ? rgb({255, 255, 255}) : rgb({0, 0, 0});
    EXPECT_EQ(image->data, expected);
  }
  {
    BmpSpec s;
    s.width = 3;
    s.height = 1;
    s.bpp = 4;
    s.palette = palette;
    s.colours_used = 3;
    s.pixels = bytes({0x21, 0x00, 0, 0});  // r w k
    auto image = decode(makeBmp(s));
    ASSERT_TRUE(image.isOk()) << image.status().toString();
    EXPECT_EQ(image->data, rgb({255, 0, 0, 255, 255, 255, 0, 0, 0}));
  }
  {
    // Index 7 is past the 3-entry palette: drawn black.
    BmpSpec s;
    s.width = 2;
    s.height = 1;
    s.bpp = 8;
    s.palette = palette;
    s.colours_used = 3;
    s.pixels = bytes({2, 7, 0, 0});
    auto image = decode(makeBmp(s));
    ASSERT_TRUE(image.isOk()) << image.status().toString();
    EXPECT_EQ(image->data, rgb({255, 0, 0, 0, 0, 0}));
  }
}

TEST(BmpDecoder, Rle8AndRle4) {
  const std::string palette = bytes({0, 0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 0});
  {
    // Bottom row: run of 2 x index 1, absolute run (3 px: 2 0 2, padded), end of line.
    // Top row: delta (+1, 0), run of 1 x index 2, end of bitmap. Skipped pixels stay black.
    BmpSpec s;
    s.width = 5;
    s.height = 2;
    s.bpp = 8;
    s.compression = 1;
    s.palette = palette;
    s.colours_used = 3;
    s.pixels = bytes({2, 1, 0, 3, 2, 0, 2, 0, 0, 0, 0, 2, 1, 0, 1, 2, 0, 1});
    auto image = decode(makeBmp(s));
    ASSERT_TRUE(image.isOk()) << image.status().toString();
    const std::string k = rgb({0, 0, 0}), w = rgb({255, 255, 255}), r = rgb({255, 0, 0});
    EXPECT_EQ(image->data, k + r + k + k + k + w + w + r + k + r);
  }
  {
    // RLE4: a run of 3 alternating nibbles (1,2,1), end of bitmap.
    BmpSpec s;
    s.width = 3;
    s.height = 1;
    s.bpp = 4;
    s.compression = 2;
    s.palette = palette;
    s.colours_used = 3;
    s.pixels = bytes({3, 0x12, 0, 1});
    auto image = decode(makeBmp(s));
    ASSERT_TRUE(image.isOk()) << image.status().toString();
    EXPECT_EQ(image->data, rgb({255, 255, 255, 255, 0, 0, 255, 255, 255}));
  }
  {
    BmpSpec s;
    s.width = 4;
    s.height = 4;
    s.bpp = 8;
    s.compression = 1;
    s.palette = palette;
    s.colours_used = 3;
    s.pixels = bytes({4, 1, 0, 0, 4});  // stops inside the second row's data
    auto image = decode(makeBmp(s));
    ASSERT_FALSE(image.isOk());
    EXPECT_EQ(image.status().reason(), "malformed-image");
  }
}

TEST(BmpDecoder, RleRunPaddedPastTheEndIsTruncation) {
  // Regression (fuzzer): an odd absolute run ending the data has its padding byte past the
  // end; the next read must see "no bytes left", not wrap around.
  const std::string palette = bytes({0, 0, 0, 0, 255, 255, 255, 0});
  BmpSpec s;
  s.width = 4;
  s.height = 2;
  s.bpp = 8;
  s.compression = 1;
  s.palette = palette;
  s.colours_used = 2;
  s.pixels = bytes({0, 3, 1, 0, 1});  // absolute run of 3, no padding byte, no end marker
  auto image = decode(makeBmp(s));
  ASSERT_FALSE(image.isOk());
  EXPECT_EQ(image.status().reason(), "malformed-image");
}

TEST(BmpDecoder, SixteenAndThirtyTwoBitFields) {
  {
    // Default 16-bit is 5-5-5: 0x7C00 is full red.
    BmpSpec s;
    s.width = 2;
    s.height = 1;
    s.bpp = 16;
    s.pixels = le16(0x7C00) + le16(0x001F);
    auto image = decode(makeBmp(s));
    ASSERT_TRUE(image.isOk()) << image.status().toString();
    EXPECT_EQ(image->data, rgb({255, 0, 0, 0, 0, 255}));
  }
  {
    // BI_BITFIELDS 5-6-5 in a V2 (52-byte) header.
    BmpSpec s;
    s.width = 1;
    s.height = 1;
    s.bpp = 16;
    s.compression = 3;
    s.extra_header = le32(0xF800) + le32(0x07E0) + le32(0x001F);
    s.pixels = le16(0x07E0) + le16(0);
    auto image = decode(makeBmp(s));
    ASSERT_TRUE(image.isOk()) << image.status().toString();
    EXPECT_EQ(image->data, rgb({0, 255, 0}));
  }
  {
    // V3 (56-byte) header with an alpha mask and a half-transparent pixel.
    BmpSpec s;
    s.width = 1;
    s.height = 1;
    s.bpp = 32;
    s.compression = 3;
    s.extra_header = le32(0x00FF0000) + le32(0x0000FF00) + le32(0x000000FF) + le32(0xFF000000);
    s.pixels = le32(0x80102030);
    auto image = decode(makeBmp(s));
    ASSERT_TRUE(image.isOk()) << image.status().toString();
    EXPECT_EQ(image->bands, 4);
    EXPECT_EQ(image->data, rgb({0x10, 0x20, 0x30, 0x80}));
  }
  {
    // The same with alpha all zero: writers that ignore alpha; read as opaque RGB.
    BmpSpec s;
    s.width = 1;
    s.height = 1;
    s.bpp = 32;
    s.compression = 3;
    s.extra_header = le32(0x00FF0000) + le32(0x0000FF00) + le32(0x000000FF) + le32(0xFF000000);
    s.pixels = le32(0x00102030);
    auto image = decode(makeBmp(s));
    ASSERT_TRUE(image.isOk()) << image.status().toString();
    EXPECT_EQ(image->bands, 3);
    EXPECT_EQ(image->data, rgb({0x10, 0x20, 0x30}));
  }
}

TEST(BmpDecoder, Os2CoreHeader) {
  std::string info = le32(12) + le16(1) + le16(1) + le16(1) + le16(24);
  std::string bmp = "BM" + le32(14 + 12 + 4) + le32(0) + le32(26) + info + bytes({10, 20, 30, 0});
  auto image = decode(bmp);
  ASSERT_TRUE(image.isOk()) << image.status().toString();
  EXPECT_EQ(image->data, rgb({30, 20, 10}));
}

TEST(BmpDecoder, Refusals) {
  BmpSpec ok;
  ok.width = 2;
  ok.height = 2;
  ok.pixels = std::string(16, '\x40');
  const std::string good = makeBmp(ok);
  ASSERT_TRUE(decode(good).isOk());

  auto reason = [](const std::string& bmp, Limits limits = {}) {
    auto image = decode(bmp, limits);
    return image.isOk() ? std::string("ok") : image.status().reason();
  };
  EXPECT_EQ(reason(good.substr(0, good.size() - 1)), "malformed-image");  // truncated pixels
  EXPECT_EQ(reason(good.substr(0, 20)), "malformed-image");               // truncated header
  EXPECT_EQ(reason("BM"), "malformed-image");
  BmpSpec jpeg = ok;
  jpeg.compression = 4;  // BI_JPEG
  EXPECT_EQ(reason(makeBmp(jpeg)), "unsupported-image");
  BmpSpec odd_depth = ok;
  odd_depth.bpp = 7;
  EXPECT_EQ(reason(makeBmp(odd_depth)), "malformed-image");
  BmpSpec zero = ok;
  zero.width = 0;
  EXPECT_EQ(reason(makeBmp(zero)), "malformed-image");
  BmpSpec holey_mask = ok;
  holey_mask.bpp = 16;
  holey_mask.compression = 3;
  holey_mask.extra_header = le32(0xF00F) + le32(0x0F00) + le32(0x00F0);
  EXPECT_EQ(reason(makeBmp(holey_mask)), "malformed-image");
  std::string os2v2 = good;
  os2v2[14] = 64;  // OS/2 2.x header size
  EXPECT_EQ(reason(os2v2), "unsupported-image");
}

TEST(BmpDecoder, PixelLimitIsCheckedBeforeAllocating) {
  // Claims 100000 x 100000 (30 GB of pixels) in a 60-byte file.
  BmpSpec s;
  s.width = 100000;
  s.height = 100000;
  auto image = decode(makeBmp(s));
  ASSERT_FALSE(image.isOk());
  EXPECT_EQ(image.status().reason(), "limit-image-pixels");
}

TEST(BmpDecoder, ScanReportsTrailingBytesAndProfiles) {
  BmpSpec s;
  s.width = 1;
  s.height = 1;
  s.pixels = bytes({1, 2, 3, 0});
  Structure plain = scanBmp(asBytes(makeBmp(s) + "<script>"));
  EXPECT_EQ(plain.trailing_bytes, 8u);
  EXPECT_TRUE(plain.findings.empty());

  // V5 header (124 bytes) with an embedded profile of 4 bytes after the pixels.
  std::string v5(124 - 40, '\0');
  v5.replace(56 - 40, 4, le32(0x4D424544));  // colour space type 'MBED'
  v5.replace(112 - 40, 4, le32(124 + 4));    // profile offset from the info header
  v5.replace(116 - 40, 4, le32(4));          // profile size
  s.extra_header = v5;
  std::string bmp = makeBmp(s) + "ICCP";
  Structure profiled = scanBmp(asBytes(bmp));
  ASSERT_EQ(profiled.findings.size(), 1u);
  EXPECT_EQ(profiled.findings[0].detail, "ICC profile");
  EXPECT_EQ(profiled.trailing_bytes, 0u);
}

TEST(BmpDecoder, SanitizeWritesPng) {
  initOnce();
  BmpSpec s;
  s.width = 2;
  s.height = 1;
  s.pixels = bytes({255, 0, 0, 0, 255, 0, 0, 0});  // blue, green (BGR), padding
  test::TempDir dir;
  Options options;
  Budget budget{Limits{}};
  ActionLog log;
  std::string input = makeBmp(s) + "trailer";
  Job job{asBytes(input), FileType::kBmp, options, budget, log, dir.file("out.png")};
  auto type = sanitizeImage(job);
  ASSERT_TRUE(type.isOk()) << type.status().toString();
  EXPECT_EQ(*type, FileType::kPng);
  const std::string png = test::readFileOrDie(job.output_path);
  vips::VImage out = vips::VImage::new_from_buffer(png, "");
  ASSERT_EQ(out.width(), 2);
  EXPECT_EQ(out.getpoint(0, 0), (std::vector<double>{0, 0, 255}));
  EXPECT_EQ(out.getpoint(1, 0), (std::vector<double>{0, 255, 0}));
  bool trailer_logged = false;
  for (const auto& action : log.actions()) trailer_logged |= action.what == "trailing-data";
  EXPECT_TRUE(trailer_logged);
}

}  // namespace
}  // namespace sanso::sanitize::image
