// JPEG: markers up to EOI; entropy-coded data after each SOS is skipped byte-stuffing-aware.
#include <cstring>

#include "image_structure.h"
#include "tiff_directory.h"

namespace sanso::sanitize::image {

namespace {

constexpr uint8_t kSos = 0xDA;
constexpr uint8_t kEoi = 0xD9;
constexpr uint8_t kCom = 0xFE;

// The identifier at the start of an APPn segment, up to its NUL.
std::string appId(ByteView segment) {
  size_t n = 0;
  while (n < segment.size() && n < 32 && segment[n] != 0) ++n;
  return printable(segment.first(n));
}

void classifyApp(uint8_t marker, ByteView seg, Structure& out) {
  const int n = marker - 0xE0;
  if (marker == 0xE0 && hasAt(seg, 0, std::string_view("JFIF\0", 5))) {
    if (seg.size() >= 14 && seg[12] != 0 && seg[13] != 0) {
      out.findings.push_back({"thumbnail", "JFIF thumbnail"});
    }
    return;
  }
  if (marker == 0xE0 && hasAt(seg, 0, std::string_view("JFXX\0", 5))) {
    out.findings.push_back({"thumbnail", "JFXX thumbnail"});
    return;
  }
  if (marker == 0xE1 && hasAt(seg, 0, std::string_view("Exif\0", 5)) && seg.size() >= 6) {
    bool thumbnail = false;
    out.findings.push_back({"metadata", describeExif(seg.subspan(6), thumbnail)});
    if (thumbnail) out.findings.push_back({"thumbnail", "EXIF thumbnail"});
    return;
  }
  if (marker == 0xE1 && hasAt(seg, 0, "http://ns.adobe.com/x")) {
    out.findings.push_back({"metadata", "XMP"});
    return;
  }
  if (marker == 0xE2 && hasAt(seg, 0, std::string_view("ICC_PROFILE\0", 12))) {
    out.findings.push_back({"metadata", "ICC profile"});
    return;
  }
  if (marker == 0xE2 && hasAt(seg, 0, std::string_view("MPF\0", 4))) {
    out.findings.push_back({"extra-frames", "MPF secondary images"});
    return;
  }
  if (marker == 0xED && hasAt(seg, 0, "Photoshop 3.0")) {
    out.findings.push_back({"metadata", "IPTC/Photoshop"});
    return;
  }
  if (marker == 0xEE && hasAt(seg, 0, "Adobe")) return;  // colour transform flag, not metadata
  out.findings.push_back({"metadata", "APP" + std::to_string(n) + " '" + appId(seg) + "'"});
}

// Position of the first marker after entropy-coded data starting at `pos`, or nullopt.
std::optional<size_t> skipEntropyData(ByteView in, size_t pos) {
  while (pos < in.size()) {
    const void* ff = std::memchr(in.data() + pos, 0xFF, in.size() - pos);
    if (ff == nullptr) return std::nullopt;
    pos = static_cast<size_t>(static_cast<const uint8_t*>(ff) - in.data());
    if (pos + 1 >= in.size()) return std::nullopt;
    uint8_t next = in[pos + 1];
    if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
      pos += 2;  // stuffed 0xFF or restart marker: still inside the scan
    } else if (next == 0xFF) {
      pos += 1;  // fill byte before a marker
    } else {
      return pos;
    }
  }
  return std::nullopt;
}

}  // namespace

Structure scanJpeg(ByteView in) {
  Structure out;
  if (!hasAt(in, 0, "\xFF\xD8")) return out;
  size_t pos = 2;
  while (pos < in.size()) {
    if (in[pos] != 0xFF) return out;  // not a marker: structure lost, report what we have
    while (pos < in.size() && in[pos] == 0xFF) ++pos;
    if (pos >= in.size()) return out;
    const uint8_t marker = in[pos++];
    if (marker == kEoi) {
      out.trailing_bytes = in.size() - pos;
      return out;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length
    auto length = readBe16(in, pos);
    if (!length || *length < 2 || in.size() - pos < *length) return out;
    ByteView segment = in.subspan(pos + 2, *length - 2u);
    if (marker >= 0xE0 && marker <= 0xEF) classifyApp(marker, segment, out);
    if (marker == kCom) out.findings.push_back({"comment", "JPEG comment"});
    pos += *length;
    if (marker == kSos) {
      auto next = skipEntropyData(in, pos);
      if (!next) return out;  // truncated scan
      pos = *next;
    }
  }
  return out;
}

}  // namespace sanso::sanitize::image
