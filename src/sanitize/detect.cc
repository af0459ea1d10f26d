#include "detect.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>

#include "mime/mime_detect.h"
#include "odf/package.h"
#include "ole2/legacy_office.h"
#include "ooxml/package.h"
#include "text/charset.h"
#include "text/charset_detect.h"
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
  return reserved == 0u && header &&
         (*header == 12 || *header == 40 || *header == 52 || *header == 56 || *header == 64 ||
          *header == 108 || *header == 124);
}

// The decoded start of a text (any supported charset, BOM dropped), for markup sniffing.
std::string markupHead(ByteView data) {
  constexpr size_t kHeadBytes = 8192;
  const bool truncated = data.size() > kHeadBytes;
  ByteView sample = data.first(truncated ? kHeadBytes : data.size());
  for (const text::CharsetGuess& guess : text::rankCharsets(sample, truncated)) {
    if (auto utf8 = text::toUtf8(sample.subspan(guess.bom_length), guess.charset, truncated)) {
      return std::move(*utf8);
    }
  }
  return {};
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Lower-cased name of the tag starting at `pos` (just after '<'), prefix included.
std::string tagNameAt(std::string_view head, size_t pos) {
  std::string name;
  while (pos < head.size() && name.size() < 32) {
    const char c = head[pos++];
    if (isSpace(c) || c == '>' || c == '/') break;
    name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return name;
}

// HTML or SVG by the first element, after what may precede it: whitespace, an XML declaration,
// processing instructions, comments and a DOCTYPE. HTML also by the tags browsers sniff for
// (WHATWG MIME sniffing), and by a document that opens with a comment.
FileType detectMarkup(ByteView data) {
  const std::string text = markupHead(data);
  std::string_view head = text;
  bool xml = false;
  bool comment = false;
  std::string doctype;
  size_t pos = 0;
  while (true) {
    while (pos < head.size() && isSpace(head[pos])) ++pos;
    if (pos >= head.size() || head[pos] != '<') break;
    if (head.compare(pos, 4, "<!--") == 0) {
      const size_t end = head.find("-->", pos + 4);
      if (end == std::string_view::npos) return FileType::kHtml;
      comment = true;
      pos = end + 3;
    } else if (head.compare(pos, 2, "<?") == 0) {
      const size_t end = head.find("?>", pos + 2);
      if (end == std::string_view::npos) return FileType::kXml;
      xml = true;
      pos = end + 2;
    } else if (head.compare(pos, 2, "<!") == 0) {
      doctype = tagNameAt(head, pos + 2);
      if (doctype == "doctype") {
        size_t name = pos + 9;
        while (name < head.size() && isSpace(head[name])) ++name;
        doctype = tagNameAt(head, name);
      }
      // An internal subset may hold '>' inside its declarations.
      const size_t bracket = head.find_first_of("[>", pos);
      size_t end = bracket;
      if (bracket != std::string_view::npos && head[bracket] == '[') {
        end = head.find("]>", bracket);
        if (end != std::string_view::npos) ++end;
      }
      if (end == std::string_view::npos) break;
      pos = end + 1;
    } else {
      break;
    }
  }
  std::string name = pos < head.size() && head[pos] == '<' ? tagNameAt(head, pos + 1) : "";
  const size_t colon = name.find(':');
  const std::string local = colon == std::string::npos ? name : name.substr(colon + 1);
  if (local == "svg") return FileType::kSvg;
  if (local == "html" || doctype == "html") return FileType::kHtml;
  static constexpr std::string_view kSniffed[] = {
      "head", "body",   "script", "iframe",   "h1",   "div", "font", "table",
      "a",    "style",  "title",  "b",        "br",   "p",   "meta", "link",
      "img",  "object", "embed",  "frameset", "form", "base"};
  if (!xml && std::find(std::begin(kSniffed), std::end(kSniffed), name) != std::end(kSniffed)) {
    return FileType::kHtml;
  }
  if (doctype == "svg") return FileType::kSvg;
  if (xml && !name.empty()) return FileType::kXml;
  if (comment && !xml) return FileType::kHtml;
  return FileType::kUnknown;
}

// Reasons for which the strict Office reader refuses a zip that the archive handler can still
// take apart member by member (it drops what it cannot sanitize, or asks for the password).
bool isPlainArchiveRefusal(const Status& status) {
  const std::string& r = status.reason();
  return r == "encrypted" || r == "zip-unsafe-name" || r == "zip-duplicate-entry" ||
         r == "zip-method-unsupported";
}

Result<FileType> detectZip(ByteView data, Budget& budget) {
  auto zip = zip::Reader::open(data, budget);
  if (!zip.isOk()) {
    if (isPlainArchiveRefusal(zip.status())) return FileType::kZip;
    return zip.status();
  }
  auto odf_type = odf::detectOdfType(*zip, budget);
  if (!odf_type.isOk()) return odf_type.status();
  if (*odf_type != FileType::kUnknown) return *odf_type;
  bool has_ooxml_parts = zip->find(ooxml::kContentTypesPart) != nullptr;
  if (!has_ooxml_parts) {
    // A package that lost its content types still has its main part; a plain archive may
    // well hold a folder named word/ or xl/ (the archive handler takes those).
    for (const char* part :
         {"_rels/.rels", "word/document.xml", "xl/workbook.xml", "ppt/presentation.xml"}) {
      if (zip->find(part) != nullptr) {
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

// Word, Excel or PowerPoint 97-2003, or an Outlook message, by their streams;
// password-protected files block.
Result<FileType> detectOle2(ByteView data, Budget& budget) {
  SANSO_ASSIGN_OR_RETURN(ole2::LegacyOffice info, ole2::inspectLegacyOffice(data, budget));
  if (info.encrypted) {
    return Status::blocked("encrypted", "the Office document is password-protected");
  }
  if (info.outlook_message) return FileType::kMsg;
  return info.type;
}

// A tar header: a name, octal fields and a checksum over the 512-byte block that adds up
// (ustar, GNU and pax archives, and old V7 ones without the magic).
bool isTar(ByteView data) {
  if (data.size() < 512 || data[0] == 0) return false;
  uint64_t stored = 0;
  size_t digits = 0;
  for (size_t i = 148; i < 156; ++i) {
    const auto c = data[i];
    if (c >= '0' && c <= '7') {
      stored = stored * 8 + (c - '0');
      ++digits;
    } else if (c == ' ' || c == 0) {
      if (digits > 0) break;
    } else {
      return false;
    }
  }
  if (digits == 0) return false;
  uint64_t sum = 0;
  for (size_t i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? ' ' : data[i];
  return sum == stored;
}

// LHA/LZH: a level 0-3 header whose method id at offset 2 is "-lh?-" or "-lz?-".
bool isLzh(ByteView data) {
  if (data.size() < 22) return false;
  std::string_view id = asChars(data.subspan(2, 5));
  const bool lh = id.starts_with("-lh") || id.starts_with("-lz");
  const char kind = id[3];
  return lh && id[4] == '-' &&
         (std::isdigit(static_cast<unsigned char>(kind)) || kind == 'd' || kind == 's') &&
         data[20] <= 3;
}

// Archive and compressed-stream formats other than zip, by signature.
FileType detectArchive(ByteView data) {
  if (startsWith(data, "7z\xBC\xAF\x27\x1C")) return FileType::k7z;
  if (startsWith(data, "\x1F\x8B\x08")) return FileType::kGzip;
  if (startsWith(data, std::string_view("\xFD"
                                        "7zXZ\0",
                                        6)))
    return FileType::kXz;
  if (data.size() >= 10 && startsWith(data, "BZh") && data[3] >= '1' && data[3] <= '9' &&
      (std::memcmp(data.data() + 4, "1AY&SY", 6) == 0 ||
       std::memcmp(data.data() + 4, "\x17\x72\x45\x38\x50\x90", 6) == 0)) {
    return FileType::kBzip2;
  }
  if (isTar(data)) return FileType::kTar;
  if (isLzh(data)) return FileType::kLzh;
  return FileType::kUnknown;
}

}  // namespace

Result<FileType> detectType(ByteView data, Budget& budget) {
  if (data.empty()) return FileType::kEmpty;
  if (startsWith(data, "PK\x03\x04") || startsWith(data, "PK\x05\x06")) {
    return detectZip(data, budget);
  }
  if (startsWith(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return detectOle2(data, budget);
  if (startsWith(data, "\xFF\xD8\xFF")) return FileType::kJpeg;
  if (startsWith(data, "\x89PNG\r\n\x1A\n")) return FileType::kPng;
  if (startsWith(data, "GIF87a") || startsWith(data, "GIF89a")) return FileType::kGif;
  if (startsWith(data, std::string_view("II*\0", 4)) ||
      startsWith(data, std::string_view("MM\0*", 4))) {
    return FileType::kTiff;
  }
  if (data.size() >= 12 && startsWith(data, "RIFF") &&
      std::memcmp(data.data() + 8, "WEBP", 4) == 0) {
    return FileType::kWebp;
  }
  if (isBmp(data)) return FileType::kBmp;
  if (startsWith(data, "{\\rt")) return FileType::kRtf;
  if (startsWith(data, "MZ") || startsWith(data,
                                           "\x7F"
                                           "ELF"))
    return FileType::kExecutable;
  if (FileType archive = detectArchive(data); archive != FileType::kUnknown) return archive;
  if (isPdf(data)) return FileType::kPdf;
  if (mime::looksLikeMessage(data)) return FileType::kEml;
  if (text::looksLikeText(data)) {
    FileType markup = detectMarkup(data);
    if (markup != FileType::kUnknown) return markup;
    return text::looksLikeCsv(data) ? FileType::kCsv : FileType::kText;
  }
  return FileType::kUnknown;
}

}  // namespace sanso::sanitize
