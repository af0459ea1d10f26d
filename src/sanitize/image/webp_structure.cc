// WebP: the chunks of the RIFF container.
#include <algorithm>

#include "image_structure.h"

namespace sanso::sanitize::image {

Structure scanWebp(ByteView in) {
  Structure out;
  if (!hasAt(in, 0, "RIFF") || !hasAt(in, 8, "WEBP")) return out;
  auto riff_size = readLe<uint32_t>(in, 4);
  if (!riff_size) return out;
  const uint64_t end = 8 + uint64_t{*riff_size};
  if (in.size() > end) out.trailing_bytes = in.size() - end;
  ByteView body = in.first(static_cast<size_t>(std::min<uint64_t>(end, in.size())));
  uint64_t pos = 12;
  uint64_t frames = 0;
  while (auto size = readLe<uint32_t>(body, pos + 4)) {
    std::string_view fourcc = asChars(body.subspan(static_cast<size_t>(pos), 4));
    if (fourcc == "ANMF") {
      ++frames;
    } else if (fourcc == "ICCP") {
      out.findings.push_back({"metadata", "ICC profile"});
    } else if (fourcc == "EXIF") {
      out.findings.push_back({"metadata", "EXIF"});
    } else if (fourcc == "XMP ") {
      out.findings.push_back({"metadata", "XMP"});
    } else if (fourcc != "VP8 " && fourcc != "VP8L" && fourcc != "VP8X" && fourcc != "ALPH" &&
               fourcc != "ANIM") {
      out.findings.push_back({"metadata", "WebP chunk '" + printable(asBytes(fourcc)) + "'"});
    }
    pos += 8 + uint64_t{*size} + (*size & 1);
  }
  if (frames > 1) {
    out.findings.push_back({"extra-frames", "kept frame 1 of " + std::to_string(frames)});
  }
  return out;
}

}  // namespace sanso::sanitize::image
