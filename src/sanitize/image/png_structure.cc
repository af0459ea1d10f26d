// PNG: the chunk list up to IEND.
#include <array>
#include <string_view>

#include "image_structure.h"
#include "tiff_directory.h"

namespace sanso::sanitize::image {

namespace {

constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
constexpr uint32_t kMaxChunkLength = 0x7FFFFFFF;  // PNG spec: lengths are 31-bit

// Chunks that the decoder uses, or that only describe rendering; re-encoding drops the
// rendering hints silently because they carry no content.
constexpr std::array<std::string_view, 17> kQuietChunks = {
    "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT",
    "bKGD", "pHYs", "hIST", "sPLT", "cICP", "mDCv", "cLLi", "fdAT"};

bool isQuiet(std::string_view type) {
  for (auto quiet : kQuietChunks) {
    if (type == quiet) return true;
  }
  return type == "fcTL";  // APNG frame control: reported through acTL
}

void classifyText(std::string_view type, ByteView data, Structure& out) {
  size_t n = 0;
  while (n < data.size() && n < 79 && data[n] != 0) ++n;
  std::string keyword = printable(data.first(n), 79);
  if (type == "iTXt" && keyword == "XML:com.adobe.xmp") {
    out.findings.push_back({"metadata", "XMP"});
  } else if (keyword.rfind("Raw profile type ", 0) == 0) {
    out.findings.push_back({"metadata", keyword});
  } else {
    out.findings.push_back({"comment", "PNG " + std::string(type) + " '" + keyword + "'"});
  }
}

void classify(std::string_view type, ByteView data, Structure& out) {
  if (isQuiet(type)) return;
  if (type == "tEXt" || type == "zTXt" || type == "iTXt") {
    classifyText(type, data, out);
  } else if (type == "eXIf") {
    bool thumbnail = false;
    out.findings.push_back({"metadata", describeExif(data, thumbnail)});
    if (thumbnail) out.findings.push_back({"thumbnail", "EXIF thumbnail"});
  } else if (type == "iCCP") {
    out.findings.push_back({"metadata", "ICC profile"});
  } else if (type == "tIME") {
    out.findings.push_back({"metadata", "modification time"});
  } else if (type == "acTL") {
    auto frames = readBe32(data, 0);
    if (frames && *frames > 1) {
      out.findings.push_back(
          {"extra-frames", "APNG animation of " + std::to_string(*frames) + " frames"});
    }
  } else {
    out.findings.push_back({"metadata", "PNG chunk '" + printable(asBytes(type)) + "'"});
  }
}

}  // namespace

Structure scanPng(ByteView in) {
  Structure out;
  if (!hasAt(in, 0, kSignature)) return out;
  uint64_t pos = kSignature.size();
  while (true) {
    auto length = readBe32(in, pos);
    auto type_bytes = subView(in, pos + 4, 4);
    if (!length || !type_bytes || *length > kMaxChunkLength) return out;
    auto data = subView(in, pos + 8, *length);
    if (!data || in.size() - (pos + 8 + *length) < 4) return out;  // truncated chunk or CRC
    std::string_view type = asChars(*type_bytes);
    pos += 12 + uint64_t{*length};
    if (type == "IEND") {
      out.trailing_bytes = in.size() - pos;
      return out;
    }
    classify(type, *data, out);
  }
}

}  // namespace sanso::sanitize::image
