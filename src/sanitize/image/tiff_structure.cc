// TIFF: the tags of the first directory and the length of the directory chain (pages).
#include <set>

#include "image_structure.h"
#include "tiff_directory.h"

namespace sanso::sanitize::image {

namespace {

constexpr size_t kMaxDirectories = 10000;

struct TagInfo {
  uint16_t tag;
  const char* what;
  const char* detail;
};

// Tags of the first directory that re-encoding drops and that are worth reporting.
constexpr TagInfo kReportedTags[] = {
    {270, "comment", "ImageDescription"},
    {271, "metadata", "Make"},
    {272, "metadata", "Model"},
    {305, "metadata", "Software"},
    {306, "metadata", "DateTime"},
    {315, "metadata", "Artist"},
    {316, "metadata", "HostComputer"},
    {330, "thumbnail", "SubIFD images"},
    {700, "metadata", "XMP"},
    {33432, "metadata", "Copyright"},
    {33723, "metadata", "IPTC"},
    {34377, "metadata", "Photoshop"},
    {34665, "metadata", "EXIF"},
    {34675, "metadata", "ICC profile"},
    {34853, "metadata", "GPS location"},
    {37724, "metadata", "Photoshop layers"},
};

// Private tags (>= 32768) that only describe the pixels.
bool isQuietPrivateTag(uint16_t tag) {
  return tag == 32995 || tag == 32996 || tag == 32997 || tag == 32998 ||  // SGI
         tag == 33550 || tag == 33922 || tag == 34264 || tag == 34735 ||  // GeoTIFF
         tag == 34736 || tag == 34737 || tag == 42112 || tag == 42113;    // GDAL
}

void classifyTag(uint16_t tag, Structure& out) {
  for (const auto& info : kReportedTags) {
    if (info.tag == tag) {
      out.findings.push_back({info.what, info.detail});
      return;
    }
  }
  if (tag >= 32768 && !isQuietPrivateTag(tag)) {
    out.findings.push_back({"metadata", "private tag " + std::to_string(tag)});
  }
}

}  // namespace

Structure scanTiff(ByteView in) {
  Structure out;
  auto reader = TiffReader::open(in);
  if (!reader) return out;
  std::set<uint32_t> seen;
  uint32_t offset = reader->firstOffset();
  size_t pages = 0;
  while (offset != 0 && pages < kMaxDirectories && seen.insert(offset).second) {
    auto dir = reader->directory(offset);
    if (!dir) break;
    if (pages == 0) {
      for (uint16_t tag : dir->tags) classifyTag(tag, out);
    }
    ++pages;
    offset = dir->next_offset;
  }
  if (pages > 1) {
    out.findings.push_back({"extra-frames", "kept page 1 of " + std::to_string(pages)});
  }
  return out;
}

}  // namespace sanso::sanitize::image
