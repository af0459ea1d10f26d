#include "bmp_decoder.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace sanso::sanitize::image {

namespace {

constexpr uint64_t kFileHeaderSize = 14;
constexpr uint32_t kCoreHeaderSize = 12;  // OS/2 1.x BITMAPCOREHEADER
constexpr uint32_t kInfoHeaderSize = 40;
constexpr uint32_t kV5HeaderSize = 124;

constexpr uint32_t kBiRgb = 0;
constexpr uint32_t kBiRle8 = 1;
constexpr uint32_t kBiRle4 = 2;
constexpr uint32_t kBiBitfields = 3;
constexpr uint32_t kBiAlphaBitfields = 6;

constexpr uint32_t kProfileEmbedded = 0x4D424544;  // 'MBED'
constexpr uint32_t kProfileLinked = 0x4C494E4B;    // 'LINK'

constexpr int kTimeCheckRows = 64;

// One colour channel of a direct-colour pixel: a contiguous bit mask.
struct Channel {
  uint32_t mask = 0;
  int shift = 0;
  uint64_t max = 0;  // largest value after shifting

  static std::optional<Channel> fromMask(uint32_t mask) {
    Channel c;
    c.mask = mask;
    if (mask == 0) return c;
    while (((mask >> c.shift) & 1u) == 0) ++c.shift;
    c.max = mask >> c.shift;
    if ((c.max & (c.max + 1)) != 0) return std::nullopt;  // not contiguous
    return c;
  }
  uint8_t value(uint32_t pixel) const {
    if (max == 0) return 0;
    return static_cast<uint8_t>(((pixel & mask) >> shift) * 255 / max);
  }
};

struct Header {
  uint64_t pixel_offset = 0;
  uint32_t header_size = 0;
  int64_t width = 0;
  int64_t height = 0;  // absolute
  bool top_down = false;
  uint16_t bpp = 0;
  uint32_t compression = kBiRgb;
  uint32_t image_size = 0;
  std::array<uint32_t, 4> masks{};              // r, g, b, a
  std::vector<std::array<uint8_t, 3>> palette;  // r, g, b
  uint32_t colour_space = 0;
  uint64_t profile_offset = 0;  // absolute
  uint64_t profile_size = 0;

  bool isRle() const { return compression == kBiRle8 || compression == kBiRle4; }
  uint64_t stride() const { return ((static_cast<uint64_t>(width) * bpp + 31) / 32) * 4; }
};

Status malformed(const std::string& what) {
  return Status::blocked("malformed-image", "BMP: " + what);
}
Status unsupported(const std::string& what) {
  return Status::blocked("unsupported-image", "BMP: " + what);
}

uint32_t le32(ByteView in, uint64_t offset) { return readLe<uint32_t>(in, offset).value_or(0); }
uint16_t le16(ByteView in, uint64_t offset) { return readLe<uint16_t>(in, offset).value_or(0); }

Status readMasks(ByteView in, Header& h) {
  const uint64_t info = kFileHeaderSize;
  const bool bitfields = h.compression == kBiBitfields || h.compression == kBiAlphaBitfields;
  if (bitfields) {
    // Masks follow the 40-byte header, or are part of the larger ones.
    const int count = (h.compression == kBiAlphaBitfields || h.header_size >= 56) ? 4 : 3;
    if (!subView(in, info + kInfoHeaderSize, 4u * count)) return malformed("truncated bit masks");
    for (int i = 0; i < count; ++i) h.masks[i] = le32(in, info + kInfoHeaderSize + 4u * i);
  } else if (h.bpp == 16) {
    h.masks = {0x7C00, 0x03E0, 0x001F, 0};
  } else if (h.bpp == 32) {
    h.masks = {0x00FF0000, 0x0000FF00, 0x000000FF, 0};
  }
  return Status::ok();
}

Status readPalette(ByteView in, Header& h, uint32_t colours_used) {
  if (h.bpp > 8) return Status::ok();
  const bool core = h.header_size == kCoreHeaderSize;
  const uint64_t entry = core ? 3 : 4;
  uint64_t count = (colours_used == 0 || core) ? (1u << h.bpp) : colours_used;
  count = std::min<uint64_t>(count, 256);
  uint64_t start = kFileHeaderSize + h.header_size;
  if (h.compression == kBiBitfields && h.header_size == kInfoHeaderSize) start += 12;
  if (h.compression == kBiAlphaBitfields && h.header_size == kInfoHeaderSize) start += 16;
  auto table = subView(in, start, count * entry);
  if (!table) return malformed("truncated palette");
  for (uint64_t i = 0; i < count; ++i) {
    const uint8_t* e = table->data() + i * entry;
    h.palette.push_back({e[2], e[1], e[0]});
  }
  return Status::ok();
}

Result<Header> parseHeader(ByteView in) {
  Header h;
  if (!hasAt(in, 0, "BM") || in.size() < kFileHeaderSize + 4) return malformed("no header");
  h.pixel_offset = le32(in, 10);
  h.header_size = le32(in, 14);
  uint32_t colours_used = 0;
  const uint64_t info = kFileHeaderSize;
  if (h.header_size == kCoreHeaderSize) {
    if (!subView(in, info, kCoreHeaderSize)) return malformed("truncated header");
    h.width = le16(in, info + 4);
    h.height = le16(in, info + 6);
    h.bpp = le16(in, info + 10);
  } else if (h.header_size == 40 || h.header_size == 52 || h.header_size == 56 ||
             h.header_size == 108 || h.header_size == kV5HeaderSize) {
    if (!subView(in, info, h.header_size)) return malformed("truncated header");
    h.width = static_cast<int32_t>(le32(in, info + 4));
    const int64_t height = static_cast<int32_t>(le32(in, info + 8));
    h.top_down = height < 0;
    h.height = height < 0 ? -height : height;
    h.bpp = le16(in, info + 14);
    h.compression = le32(in, info + 16);
    h.image_size = le32(in, info + 20);
    colours_used = le32(in, info + 32);
    if (h.header_size == kV5HeaderSize) {
      h.colour_space = le32(in, info + 56);
      h.profile_offset = info + uint64_t{le32(in, info + 112)};
      h.profile_size = le32(in, info + 116);
    }
  } else {
    return unsupported("header size " + std::to_string(h.header_size));
  }
  if (h.width <= 0 || h.height <= 0) return malformed("empty or negative dimensions");
  const bool direct = h.bpp == 16 || h.bpp == 24 || h.bpp == 32;
  const bool indexed = h.bpp == 1 || h.bpp == 4 || h.bpp == 8;
  if (!direct && !indexed) return malformed("bit depth " + std::to_string(h.bpp));
  switch (h.compression) {
    case kBiRgb:
      break;
    case kBiRle8:
      if (h.bpp != 8) return malformed("RLE8 needs 8 bits");
      break;
    case kBiRle4:
      if (h.bpp != 4) return malformed("RLE4 needs 4 bits");
      break;
    case kBiBitfields:
    case kBiAlphaBitfields:
      if (h.bpp != 16 && h.bpp != 32) return malformed("bit fields need 16 or 32 bits");
      break;
    default:
      return unsupported("compression " + std::to_string(h.compression));
  }
  if (h.isRle() && h.top_down) return malformed("top-down RLE");
  SANSO_RETURN_IF_ERROR(readMasks(in, h));
  SANSO_RETURN_IF_ERROR(readPalette(in, h, colours_used));
  return h;
}

// Writes decoded pixels into a top-down RGB(A) buffer.
class Canvas {
 public:
  Canvas(const Header& h, int bands) : h_(h), bands_(bands) {
    data_.assign(static_cast<size_t>(h.width * h.height * bands), '\0');
  }
  // Pixel x of file row `row` (bottom-up unless the header says top-down).
  uint8_t* at(uint64_t row, uint64_t x) {
    const uint64_t y = h_.top_down ? row : static_cast<uint64_t>(h_.height) - 1 - row;
    return reinterpret_cast<uint8_t*>(data_.data()) +
           (y * static_cast<uint64_t>(h_.width) + x) * bands_;
  }
  void putIndex(uint64_t row, uint64_t x, uint32_t index) {
    uint8_t* p = at(row, x);
    if (index < h_.palette.size()) {
      std::copy(h_.palette[index].begin(), h_.palette[index].end(), p);
    } else {
      p[0] = p[1] = p[2] = 0;  // out-of-range index: black, as Windows draws it
    }
  }
  std::string take() { return std::move(data_); }

 private:
  const Header& h_;
  int bands_;
  std::string data_;
};

Status decodeUncompressed(ByteView in, const Header& h, Canvas& canvas, int bands, Budget& budget,
                          const std::string& where) {
  auto pixels = subView(in, h.pixel_offset, h.stride() * static_cast<uint64_t>(h.height));
  if (!pixels) return malformed("truncated pixel data");
  std::array<Channel, 4> channels;
  for (int i = 0; i < 4; ++i) {
    auto channel = Channel::fromMask(h.masks[i]);
    if (!channel) return malformed("non-contiguous bit mask");
    channels[i] = *channel;
  }
  for (int64_t row = 0; row < h.height; ++row) {
    if (row % kTimeCheckRows == 0) SANSO_RETURN_IF_ERROR(budget.checkTime(where));
    const uint8_t* src = pixels->data() + static_cast<uint64_t>(row) * h.stride();
    for (int64_t x = 0; x < h.width; ++x) {
      if (h.bpp <= 8) {
        const uint64_t bit = static_cast<uint64_t>(x) * h.bpp;
        const uint32_t shift = 8 - h.bpp - (bit % 8);
        canvas.putIndex(row, x, (src[bit / 8] >> shift) & ((1u << h.bpp) - 1));
        continue;
      }
      uint8_t* dst = canvas.at(row, x);
      if (h.bpp == 24) {
        const uint8_t* p = src + x * 3;
        dst[0] = p[2], dst[1] = p[1], dst[2] = p[0];
        continue;
      }
      // Inside the row: the stride covers width * bpp bits.
      const uint8_t* p = src + x * (h.bpp / 8);
      const uint32_t value = h.bpp == 16 ? uint32_t{p[0]} | uint32_t{p[1]} << 8
                                         : uint32_t{p[0]} | uint32_t{p[1]} << 8 |
                                               uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
      for (int c = 0; c < bands; ++c) dst[c] = channels[c].value(value);
    }
  }
  return Status::ok();
}

// RLE4/RLE8 (bottom-up only). Skipped pixels stay black.
Status decodeRle(ByteView in, const Header& h, Canvas& canvas, Budget& budget,
                 const std::string& where) {
  if (h.pixel_offset >= in.size()) return malformed("no pixel data");
  ByteView data = in.subspan(static_cast<size_t>(h.pixel_offset));
  const bool rle4 = h.compression == kBiRle4;
  const uint64_t width = static_cast<uint64_t>(h.width);
  const uint64_t height = static_cast<uint64_t>(h.height);
  uint64_t pos = 0, x = 0, row = 0;
  // Bytes left from `pos`; the padding after an absolute run may step past the end.
  auto left = [&] { return pos < data.size() ? data.size() - pos : 0; };
  auto put = [&](uint32_t index) {
    if (x < width && row < height) canvas.putIndex(row, x, index);
    ++x;
  };
  while (row < height) {
    if (left() < 2) return malformed("truncated RLE data");
    const uint8_t count = data[pos], value = data[pos + 1];
    pos += 2;
    if (count > 0) {
      for (uint32_t i = 0; i < count; ++i)
        put(rle4 ? ((i % 2) ? value & 0x0F : value >> 4) : value);
      continue;
    }
    if (value == 0) {  // end of line
      x = 0;
      if (++row % kTimeCheckRows == 0) SANSO_RETURN_IF_ERROR(budget.checkTime(where));
    } else if (value == 1) {  // end of bitmap
      break;
    } else if (value == 2) {  // delta
      if (left() < 2) return malformed("truncated RLE delta");
      x += data[pos];
      row += data[pos + 1];
      pos += 2;
    } else {  // absolute run of `value` pixels, padded to 16 bits
      const uint64_t bytes = rle4 ? (value + 1u) / 2 : value;
      if (left() < bytes) return malformed("truncated RLE run");
      for (uint32_t i = 0; i < value; ++i) {
        const uint8_t b = data[pos + (rle4 ? i / 2 : i)];
        put(rle4 ? ((i % 2) ? b & 0x0F : b >> 4) : b);
      }
      pos += bytes + (bytes & 1);
    }
  }
  return Status::ok();
}

}  // namespace

Result<BmpImage> decodeBmp(ByteView input, Budget& budget, const std::string& where) {
  SANSO_ASSIGN_OR_RETURN(Header h, parseHeader(input));
  const uint64_t pixels = static_cast<uint64_t>(h.width) * static_cast<uint64_t>(h.height);
  SANSO_RETURN_IF_ERROR(
      budget.check("image-pixels", pixels, budget.limits().max_image_pixels, where));
  const bool alpha = h.bpp >= 16 && h.masks[3] != 0;
  const int bands = alpha ? 4 : 3;
  Canvas canvas(h, bands);
  if (h.isRle()) {
    SANSO_RETURN_IF_ERROR(decodeRle(input, h, canvas, budget, where));
  } else {
    SANSO_RETURN_IF_ERROR(decodeUncompressed(input, h, canvas, bands, budget, where));
  }
  BmpImage image{static_cast<int>(h.width), static_cast<int>(h.height), bands, canvas.take()};
  if (alpha) {
    // Many writers leave the alpha channel zero; then it means "opaque", not "invisible".
    bool any = false;
    for (size_t i = 3; i < image.data.size() && !any; i += 4) any = image.data[i] != 0;
    if (!any) {
      std::string rgb;
      rgb.reserve(image.data.size() / 4 * 3);
      for (size_t i = 0; i < image.data.size(); i += 4) rgb.append(image.data, i, 3);
      image.data = std::move(rgb);
      image.bands = 3;
    }
  }
  return image;
}

Structure scanBmp(ByteView input) {
  Structure out;
  auto parsed = parseHeader(input);
  if (!parsed.isOk()) return out;
  const Header& h = *parsed;
  uint64_t end = 0;
  if (!h.isRle()) {
    end = h.pixel_offset + h.stride() * static_cast<uint64_t>(h.height);
  } else if (h.image_size != 0) {
    end = h.pixel_offset + h.image_size;
  }
  if (h.colour_space == kProfileEmbedded && h.profile_size != 0) {
    out.findings.push_back({"metadata", "ICC profile"});
    end = std::max(end, h.profile_offset + h.profile_size);
  } else if (h.colour_space == kProfileLinked) {
    out.findings.push_back({"metadata", "linked ICC profile path"});
    end = std::max(end, h.profile_offset + h.profile_size);
  }
  if (end != 0 && input.size() > end) out.trailing_bytes = input.size() - end;
  return out;
}

}  // namespace sanso::sanitize::image
