#include "render/image_pdf_writer.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>

namespace sanso::sanitize::render {
namespace {

constexpr uint32_t kCatalog = 1;
constexpr uint32_t kPages = 2;
// Each page uses three objects: the page, its content stream and its image; the font's six
// objects are numbered when the first page uses it.
constexpr uint32_t kFirstPageObject = 3;

// A PDF number: fixed notation, at most 3 decimals, no locale involved.
std::string number(double value) {
  char buffer[64];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed, 3);
  std::string text(buffer, ec == std::errc() ? end : buffer);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text.empty() || text == "-0" ? "0" : text;
}

std::string reference(uint32_t number) { return std::to_string(number) + " 0 R"; }

std::string hex4(unsigned value) {
  char buffer[8];
  std::snprintf(buffer, sizeof(buffer), "<%04X>", value & 0xFFFFu);
  return buffer;
}

// ToUnicode: every two-byte code is its own UTF-16 code unit (surrogates excepted: the text
// layer holds BMP characters only). bfrange entries may vary only in their last byte, and a
// block holds at most 100 of them.
std::string toUnicodeCmap() {
  std::vector<std::string> ranges;
  for (unsigned high = 0; high < 256; ++high) {
    if (high >= 0xD8 && high <= 0xDF) continue;
    ranges.push_back(hex4(high << 8) + " " + hex4((high << 8) | 0xFF) + " " + hex4(high << 8) +
                     "\n");
  }
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  for (size_t i = 0; i < ranges.size(); i += 100) {
    const size_t count = std::min<size_t>(100, ranges.size() - i);
    cmap += std::to_string(count) + " beginbfrange\n";
    for (size_t j = i; j < i + count; ++j) cmap += ranges[j];
    cmap += "endbfrange\n";
  }
  cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return cmap;
}

// CIDToGIDMap: every CID to glyph 1, the glyphless font's only glyph, deflated.
Result<std::string> cidToGidMap() {
  std::string map(2 * 65536, '\0');
  for (size_t i = 1; i < map.size(); i += 2) map[i] = '\1';
  uLongf size = compressBound(static_cast<uLong>(map.size()));
  std::string packed(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &size,
                reinterpret_cast<const Bytef*>(map.data()), static_cast<uLong>(map.size()),
                Z_BEST_COMPRESSION) != Z_OK) {
    return Status::internal("deflating the CIDToGIDMap failed");
  }
  packed.resize(size);
  return packed;
}

}  // namespace

Result<std::unique_ptr<ImagePdfWriter>> ImagePdfWriter::create(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    return Status::ioError("cannot create " + path + ": " + std::strerror(errno));
  }
  std::unique_ptr<ImagePdfWriter> writer(new ImagePdfWriter(file));
  writer->offsets_.assign(kFirstPageObject, 0);
  writer->next_object_ = kFirstPageObject;
  // The comment line of high bytes marks the file as binary for transfer tools.
  writer->put("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
  return writer;
}

ImagePdfWriter::~ImagePdfWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

void ImagePdfWriter::put(std::string_view data) {
  if (failed_) return;
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) failed_ = true;
  offset_ += data.size();
}

void ImagePdfWriter::beginObject(uint32_t number) {
  if (offsets_.size() <= number) offsets_.resize(number + 1, 0);
  offsets_[number] = offset_;
  put(std::to_string(number) + " 0 obj\n");
}

Status ImagePdfWriter::addPage(std::string_view jpeg, int pixel_width, int pixel_height,
                               int components, double width_pt, double height_pt,
                               std::string_view text_layer) {
  if (!text_layer.empty() && font_ == 0) SANSO_RETURN_IF_ERROR(writeFont());
  const uint32_t page = allocate();
  const uint32_t content = allocate();
  const uint32_t image = allocate();
  const std::string width = number(width_pt);
  const std::string height = number(height_pt);

  const std::string fonts =
      text_layer.empty() ? std::string() : " /Font << /F0 " + reference(font_) + " >>";
  beginObject(page);
  put("<< /Type /Page /Parent " + reference(kPages) + " /MediaBox [0 0 " + width + " " + height +
      "] /Resources << /XObject << /Im0 " + reference(image) + " >>" + fonts + " >> /Contents " +
      reference(content) + " >>\nendobj\n");

  std::string drawing = "q " + width + " 0 0 " + height + " 0 0 cm /Im0 Do Q";
  if (!text_layer.empty()) drawing.append("\n").append(text_layer);
  beginObject(content);
  put("<< /Length " + std::to_string(drawing.size()) + " >>\nstream\n" + drawing +
      "\nendstream\nendobj\n");

  beginObject(image);
  put("<< /Type /XObject /Subtype /Image /Width " + std::to_string(pixel_width) + " /Height " +
      std::to_string(pixel_height) + " /ColorSpace " +
      (components == 1 ? "/DeviceGray" : "/DeviceRGB") +
      " /BitsPerComponent 8 /Filter /DCTDecode /Length " + std::to_string(jpeg.size()) +
      " >>\nstream\n");
  put(jpeg);
  put("\nendstream\nendobj\n");

  pages_.push_back(page);
  if (failed_) return Status::ioError("writing the image PDF failed");
  return Status::ok();
}

Status ImagePdfWriter::writeFont() {
  if (font_file_.empty()) return Status::internal("text layer without a font");
  SANSO_ASSIGN_OR_RETURN(std::string map, cidToGidMap());
  const std::string cmap = toUnicodeCmap();
  font_ = allocate();
  const uint32_t descendant = allocate();
  const uint32_t descriptor = allocate();
  const uint32_t file = allocate();
  const uint32_t gid_map = allocate();
  const uint32_t to_unicode = allocate();
  beginObject(font_);
  put("<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H "
      "/DescendantFonts [" +
      reference(descendant) + "] /ToUnicode " + reference(to_unicode) + " >>\nendobj\n");
  beginObject(descendant);
  put("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont /CIDSystemInfo << "
      "/Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor " +
      reference(descriptor) + " /DW 500 /CIDToGIDMap " + reference(gid_map) + " >>\nendobj\n");
  beginObject(descriptor);
  put("<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 /FontBBox [0 0 500 1000] "
      "/ItalicAngle 0 /Ascent 1000 /Descent 0 /CapHeight 1000 /StemV 80 /FontFile2 " +
      reference(file) + " >>\nendobj\n");
  beginObject(file);
  put("<< /Length " + std::to_string(font_file_.size()) + " /Length1 " +
      std::to_string(font_file_.size()) + " >>\nstream\n");
  put(font_file_);
  put("\nendstream\nendobj\n");
  beginObject(gid_map);
  put("<< /Length " + std::to_string(map.size()) + " /Filter /FlateDecode >>\nstream\n");
  put(map);
  put("\nendstream\nendobj\n");
  beginObject(to_unicode);
  put("<< /Length " + std::to_string(cmap.size()) + " >>\nstream\n" + cmap + "endstream\nendobj\n");
  if (failed_) return Status::ioError("writing the image PDF failed");
  return Status::ok();
}

Status ImagePdfWriter::finish() {
  if (file_ == nullptr) return Status::internal("image PDF finished twice");
  std::string kids;
  for (uint32_t page : pages_) kids += reference(page) + " ";
  beginObject(kPages);
  put("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages_.size()) +
      " >>\nendobj\n");
  beginObject(kCatalog);
  put("<< /Type /Catalog /Pages " + reference(kPages) + " >>\nendobj\n");

  const uint64_t xref = offset_;
  put("xref\n0 " + std::to_string(offsets_.size()) + "\n0000000000 65535 f \n");
  char entry[32];
  for (size_t i = 1; i < offsets_.size(); ++i) {
    std::snprintf(entry, sizeof(entry), "%010llu 00000 n \n",
                  static_cast<unsigned long long>(offsets_[i]));
    put(entry);
  }
  put("trailer\n<< /Size " + std::to_string(offsets_.size()) + " /Root " + reference(kCatalog) +
      " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n");
  bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (failed_ || !closed) return Status::ioError("writing the image PDF failed");
  return Status::ok();
}

}  // namespace sanso::sanitize::render
