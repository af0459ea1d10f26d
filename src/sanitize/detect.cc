#include "detect.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>

#include "odf/package.h"
#include "ooxml/package.h"
#include "text/text_sanitizer.h"
#include "zip/zip_reader.h"

namespace sanso::sanitize {
namespace {

bool startsWith(ByteView data, std::string_view magic) {
  return data.size() >= magic.size() && std::memcmp(data.data(), magic.data(), magic.size()) == 0;
}

// PDF readers accept the header within the first 1024 bytes, so detection does too.
bool isPdf(ByteView data) {
  std::string_view head = asChars(data.first(std::min<size_t>(data.size(), 1024)));
  return head.find("%PDF-") != std::string_view::npos;
}

bool isBmp(ByteView data) {
  if (!startsWith(data, "BM") || data.size() < 26) return false;
  auto reserved = readLe<uint32_t>(data, 6);
  auto header = readLe<uint32_t>(data, 14);
  return reserved == 0u && header && (*header == 12 || *header == 40 || *header == 52 ||
                                       *header == 56 || *header == 64 || *header == 108 ||
                                       *header == 124);
}

// The first non-space characters of a text, lower-cased, for markup sniffing.
std::string markupHead(ByteView data) {
  std::string head;
  size_t i = 0;
  if (startsWith(data, "\xEF\xBB\xBF")) i = 3;
  for (; i < data.size() && head.size() < 256; ++i) {
    auto c = static_cast<unsigned char>(data[i]);
    if (head.empty() && std::isspace(c)) continue;
    head.push_back(static_cast<char>(std::tolower(c)));
  }
  return head;
}

FileType detectMarkup(ByteView data) {
  std::string head = markupHead(data);
  if (head.starts_with("<!doctype html") || head.starts_with("<html") ||
      head.starts_with("<head") || head.starts_with("<body") || head.starts_with("<script")) {
    return FileType::kHtml;
  }
  if (head.starts_with("<svg")) return FileType::kSvg;
  if (head.starts_with("<?xml")) {
    std::string_view window = asChars(data.first(std::min<size_t>(data.size(), 4096)));
    if (window.find("<svg") != std::string_view::npos) return FileType::kSvg;
    if (window.find("<html") != std::string_view::npos) return FileType::kHtml;
    return FileType::kXml;
  }
  return FileType::kUnknown;
}

Result<FileType> detectZip(ByteView data, Budget& budget) {
  auto zip = zip::Reader::open(data, budget);
  if (!zip.isOk()) return zip.status();
  auto odf_type = odf::detectOdfType(*zip, budget);
  if (!odf_type.isOk()) return odf_type.status();
  if (*odf_type != FileType::kUnknown) return *odf_type;
  bool has_ooxml_parts = zip->find(ooxml::kContentTypesPart) != nullptr;
  if (!has_ooxml_parts) {
    for (const auto& e : zip->entries()) {
      if (e.name.starts_with("word/") || e.name.starts_with("xl/") ||
          e.name.starts_with("ppt/")) {
        has_ooxml_parts = true;
        break;
      }
    }
  }
  if (!has_ooxml_parts) return FileType::kZip;
  auto type = ooxml::detectOoxmlType(*zip, budget);
  if (!type.isOk()) return type.status();
  return *type == FileType::kUnknown ? FileType::kZip : *type;
}

}  // namespace

Result<FileType> detectType(ByteView data, Budget& budget) {
  if (data.empty()) return FileType::kEmpty;
  if (startsWith(data, "PK\x03\x04") || startsWith(data, "PK\x05\x06")) {
    return detectZip(data, budget);
  }
  if (startsWith(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return FileType::kOle2;
  if (startsWith(data, "\xFF\xD8\xFF")) return FileType::kJpeg;
  if (startsWith(data, "\x89PNG\r\n\x1A\n")) return FileType::kPng;
  if (startsWith(data, "GIF87a") || startsWith(data, "GIF89a")) return FileType::kGif;
  if (startsWith(data, std::string_view("II*\0", 4)) || startsWith(data, std::string_view("MM\0*", 4))) {
    return FileType::kTiff;
  }
  if (data.size() >= 12 && startsWith(data, "RIFF") &&
      std::memcmp(data.data() + 8, "WEBP", 4) == 0) {
    return FileType::kWebp;
  }
  if (isBmp(data)) return FileType::kBmp;
  if (startsWith(data, "{\\rt")) return FileType::kRtf;
  if (startsWith(data, "MZ") || startsWith(data, "\x7F" "ELF")) return FileType::kExecutable;
  if (isPdf(data)) return FileType::kPdf;
  if (text::looksLikeText(data)) {
    FileType markup = detectMarkup(data);
    if (markup != FileType::kUnknown) return markup;
    return text::looksLikeCsv(data) ? FileType::kCsv : FileType::kText;
  }
  return FileType::kUnknown;
}

}  // namespace sanso::sanitize
