#include "render/image_pdf_writer.h"

#include <cerrno>
#include <charconv>
#include <cstring>

namespace sanso::sanitize::render {
namespace {

constexpr uint32_t kCatalog = 1;
constexpr uint32_t kPages = 2;
// Each page uses three objects: the page, its content stream and its image.
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

}  // namespace

Result<std::unique_ptr<ImagePdfWriter>> ImagePdfWriter::create(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    return Status::ioError("cannot create " + path + ": " + std::strerror(errno));
  }
  std::unique_ptr<ImagePdfWriter> writer(new ImagePdfWriter(file));
  writer->offsets_.assign(kFirstPageObject, 0);
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
                               int components, double width_pt, double height_pt) {
  const auto page = static_cast<uint32_t>(kFirstPageObject + 3 * pages_.size());
  const uint32_t content = page + 1;
  const uint32_t image = page + 2;
  const std::string width = number(width_pt);
  const std::string height = number(height_pt);

  beginObject(page);
  put("<< /Type /Page /Parent " + reference(kPages) + " /MediaBox [0 0 " + width + " " + height +
      "] /Resources << /XObject << /Im0 " + reference(image) + " >> >> /Contents " +
      reference(content) + " >>\nendobj\n");

  const std::string drawing = "q " + width + " 0 0 " + height + " 0 0 cm /Im0 Do Q";
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
