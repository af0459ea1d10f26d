#include "png_filter.h"

#include <optional>
#include <string_view>
#include <vector>

namespace sanso::sanitize::codec {

namespace {

constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
constexpr uint32_t kMaxChunkLength = 0x7FFFFFFF;
constexpr size_t kChunkOverhead = 12;  // length, type, CRC

// Chunks libpng may see. Besides the pixel chunks these are stored (not compressed), so what
// libpng allocates for them is bounded by the file size.
constexpr std::string_view kKept[] = {"IHDR", "PLTE", "tRNS", "IDAT", "IEND", "eXIf", "gAMA",
                                      "cHRM", "sRGB", "sBIT", "bKGD", "pHYs", "hIST"};

bool keep(std::string_view type, uint32_t length) {
  if (type == "iCCP") return length <= kMaxIccpBytes;
  for (std::string_view kept : kKept) {
    if (type == kept) return true;
  }
  return false;
}

std::optional<uint32_t> readBe32(ByteView bytes, uint64_t offset) {
  auto view = subView(bytes, offset, 4);
  if (!view) return std::nullopt;
  const uint8_t* p = view->data();
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

Status malformed(const std::string& what) {
  return Status::blocked("malformed-image", "PNG: " + what);
}

}  // namespace

Result<ByteView> pngForDecoder(ByteView input, std::string& storage) {
  if (input.size() < kSignature.size() || asChars(input.first(kSignature.size())) != kSignature)
    return malformed("no signature");
  struct Span {
    uint64_t offset;
    uint64_t size;
  };
  std::vector<Span> kept;
  bool dropped = false;
  uint64_t pos = kSignature.size();
  while (true) {
    auto length = readBe32(input, pos);
    auto type_bytes = subView(input, pos + 4, 4);
    if (!length || !type_bytes) return malformed("truncated before IEND");
    if (*length > kMaxChunkLength || !subView(input, pos, kChunkOverhead + uint64_t{*length})) {
      return malformed("chunk runs past the end of the file");
    }
    const std::string_view type = asChars(*type_bytes);
    if (kept.empty() && type != "IHDR") return malformed("first chunk is not IHDR");
    const uint64_t size = kChunkOverhead + *length;
    if (keep(type, *length)) {
      kept.push_back({pos, size});
    } else {
      dropped = true;
    }
    pos += size;
    if (type == "IEND") break;
  }
  if (!dropped) return input.first(static_cast<size_t>(pos));
  storage.assign(kSignature);
  for (const Span& span : kept) {
    storage.append(
        asChars(input.subspan(static_cast<size_t>(span.offset), static_cast<size_t>(span.size))));
  }
  return asBytes(storage);
}

}  // namespace sanso::sanitize::codec
