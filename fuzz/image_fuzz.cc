// Fuzzes the image code: container walkers, the BMP decoder, the engine's own PNG/JPEG
// transcoders (codec::reencode) and the libvips decode and re-encode paths, under tight limits. The
// type comes from the magic bytes, or from the first byte when there are none, so that every loader
// sees arbitrary input.
#include <cstddef>
#include <cstdint>

#include "codec/reencode.h"
#include "image/image_sanitizer.h"
#include "image/image_structure.h"

namespace {

using sanso::sanitize::FileType;

FileType typeOf(const uint8_t* data, size_t size) {
  auto starts = [&](const char* magic, size_t n) {
    return size >= n && std::equal(magic, magic + n, reinterpret_cast<const char*>(data));
  };
  if (starts("\xFF\xD8\xFF", 3)) return FileType::kJpeg;
  if (starts("\x89PNG", 4)) return FileType::kPng;
  if (starts("GIF8", 4)) return FileType::kGif;
  if (starts("BM", 2)) return FileType::kBmp;
  if (starts("II*\0", 4) || starts("MM\0*", 4)) return FileType::kTiff;
  if (starts("RIFF", 4)) return FileType::kWebp;
  constexpr FileType kTypes[] = {FileType::kJpeg, FileType::kPng,  FileType::kGif,
                                 FileType::kBmp,  FileType::kTiff, FileType::kWebp};
  return size == 0 ? FileType::kPng : kTypes[data[0] % 6];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sanso::sanitize::image::initOnce();
  const sanso::ByteView input(data, size);
  const FileType type = typeOf(data, size);
  for (FileType any : {FileType::kJpeg, FileType::kPng, FileType::kGif, FileType::kBmp,
                       FileType::kTiff, FileType::kWebp}) {
    (void)sanso::sanitize::image::scanStructure(input, any);
  }
  sanso::Limits limits;
  limits.max_image_pixels = 4'000'000;
  limits.max_time = std::chrono::seconds(5);
  sanso::Budget budget(limits);
  auto own = sanso::sanitize::codec::reencode(input, type, budget, "fuzz");
  if (own.isOk() && own->has_value() && (*own)->bytes.empty()) __builtin_trap();
  auto encoded = sanso::sanitize::image::reencode(input, type, budget, "fuzz");
  if (encoded.isOk() && encoded->bytes.empty()) __builtin_trap();
  auto pixels = sanso::sanitize::image::decode(input, type, budget, "fuzz");
  if (pixels.isOk()) {
    const auto& p = *pixels;
    if ((p.bands != 1 && p.bands != 3) ||
        p.data.size() != static_cast<size_t>(p.width) * p.height * p.bands) {
      __builtin_trap();
    }
  }
  return 0;
}
