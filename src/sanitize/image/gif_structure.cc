// GIF: header, colour tables, then image/extension blocks up to the trailer (0x3B).
#include "image_structure.h"

namespace sanso::sanitize::image {

namespace {

constexpr uint8_t kImage = 0x2C;
constexpr uint8_t kExtension = 0x21;
constexpr uint8_t kTrailer = 0x3B;

// Skips a chain of data sub-blocks; false when it runs past the end.
bool skipSubBlocks(ByteView in, uint64_t& pos) {
  while (pos < in.size()) {
    uint8_t n = in[pos++];
    if (n == 0) return true;
    pos += n;
  }
  return false;
}

uint64_t colourTableSize(uint8_t flags) { return (flags & 0x80) ? 3ull << ((flags & 7) + 1) : 0; }

void classifyExtension(uint8_t label, ByteView in, uint64_t pos, Structure& out) {
  if (label == 0xFE) {
    out.findings.push_back({"comment", "GIF comment"});
  } else if (label == 0x01) {
    out.findings.push_back({"comment", "GIF plain text"});
  } else if (label == 0xFF) {
    // The first sub-block holds an 8-byte application id and a 3-byte code.
    auto id = subView(in, pos + 1, 11);
    if (!id || in[pos] != 11) {
      out.findings.push_back({"metadata", "GIF application extension"});
      return;
    }
    std::string_view name = asChars(*id);
    if (name == "NETSCAPE2.0" || name == "ANIMEXTS1.0") return;  // loop count
    if (name == "XMP DataXMP") {
      out.findings.push_back({"metadata", "XMP"});
    } else if (name == "ICCRGBG1012") {
      out.findings.push_back({"metadata", "ICC profile"});
    } else {
      out.findings.push_back({"metadata", "GIF application '" + printable(*id) + "'"});
    }
  } else if (label != 0xF9) {  // 0xF9: graphic control (delay, transparency)
    out.findings.push_back({"metadata", "GIF extension " + std::to_string(label)});
  }
}

}  // namespace

Structure scanGif(ByteView in) {
  Structure out;
  if (!hasAt(in, 0, "GIF87a") && !hasAt(in, 0, "GIF89a")) return out;
  if (in.size() < 13) return out;
  uint64_t pos = 13 + colourTableSize(in[10]);
  uint64_t frames = 0;
  while (pos < in.size()) {
    const uint8_t block = in[pos];
    if (block == kTrailer) {
      out.trailing_bytes = in.size() - pos - 1;
      break;
    }
    if (block == kImage) {
      if (in.size() - pos < 11) break;
      pos += 10 + colourTableSize(in[pos + 9]) + 1;  // descriptor, table, LZW code size
      if (!skipSubBlocks(in, pos)) break;
      ++frames;
    } else if (block == kExtension) {
      if (in.size() - pos < 2) break;
      const uint8_t label = in[pos + 1];
      pos += 2;
      classifyExtension(label, in, pos, out);
      if (!skipSubBlocks(in, pos)) break;
    } else {
      break;  // unknown block: structure lost
    }
  }
  if (frames > 1) {
    out.findings.push_back({"extra-frames", "kept frame 1 of " + std::to_string(frames)});
  }
  return out;
}

}  // namespace sanso::sanitize::image
