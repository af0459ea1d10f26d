// codec::pngForDecoder: what libpng may see of a PNG.
#include "codec/png_filter.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>
#include <vips/vips8>

#include "image/image_sanitizer.h"
#include "support/image_fixture.h"

namespace sanso::sanitize::codec {
namespace {

using test::be32;
using test::gradient;
using test::pngChunk;
using test::save;
using test::withPngChunks;
using vips::VImage;

struct PngInfo {
  std::vector<std::string> chunks;
  bool crc_ok = true;
  size_t after_iend = 0;
};

PngInfo parsePng(const std::string& png) {
  PngInfo info;
  size_t pos = 8;
  while (pos + 12 <= png.size()) {
    const auto* p = reinterpret_cast<const uint8_t*>(png.data() + pos);
    const uint32_t length = (p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
    if (pos + 12 + length > png.size()) break;
    const auto* c = p + 8 + length;
    info.crc_ok &=
        crc32(0, p + 4, length + 4) == ((uLong{c[0]} << 24) | (c[1] << 16) | (c[2] << 8) | c[3]);
    info.chunks.push_back(png.substr(pos + 4, 4));
    pos += 12 + length;
    if (info.chunks.back() == "IEND") {
      info.after_iend = png.size() - pos;
      break;
    }
  }
  return info;
}

TEST(PngFilter, DecoderSeesOnlyPixelChunks) {
  std::string png = save(gradient(8, 6), ".png", VImage::option()->set("strip", true));
  std::string big_icc(kMaxIccpBytes + 1, 'x');
  std::string input = withPngChunks(png, pngChunk("tEXt", std::string("a\0b", 3)) +
                                             pngChunk("zTXt", std::string("c\0\0xyz", 6)) +
                                             pngChunk("iCCP", big_icc) + pngChunk("eXIf", "II*")) +
                      "TRAILER";
  std::string storage;
  auto filtered = pngForDecoder(asBytes(input), storage);
  ASSERT_TRUE(filtered.isOk()) << filtered.status().toString();
  PngInfo info = parsePng(std::string(asChars(*filtered)));
  EXPECT_TRUE(info.crc_ok);
  // libvips writes pHYs even when stripping; it is stored and harmless, so it stays.
  EXPECT_EQ(info.chunks, (std::vector<std::string>{"IHDR", "eXIf", "pHYs", "IDAT", "IEND"}));
  EXPECT_EQ(info.after_iend, 0u);

  // Nothing to drop: the input itself, up to IEND.
  std::string unused;
  const std::string trailed = png + "TRAILER";
  auto same = pngForDecoder(asBytes(trailed), unused);
  ASSERT_TRUE(same.isOk());
  EXPECT_EQ(same->data(), reinterpret_cast<const uint8_t*>(trailed.data()));
  EXPECT_EQ(same->size(), png.size());
  EXPECT_TRUE(unused.empty());
}

TEST(PngFilter, RefusesBrokenStructure) {
  std::string png = save(gradient(4, 4), ".png");
  std::string storage;
  for (const std::string& bad :
       {png.substr(0, png.size() - 12),                            // no IEND
        png.substr(0, 8) + pngChunk("tEXt", "x") + png.substr(8),  // IHDR not first
        png.substr(0, 33) + be32(0x7FFFFFF0) + "IDAT"}) {          // length past the end
    auto filtered = pngForDecoder(asBytes(bad), storage);
    ASSERT_FALSE(filtered.isOk());
    EXPECT_EQ(filtered.status().reason(), "malformed-image");
  }
}

}  // namespace
}  // namespace sanso::sanitize::codec
