// The file types sanso recognises by content, and what it can do with each.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanso::sanitize {

enum class Family {
  kUnknown,
  kOoxml,
  kPdf,
  kImage,
  kText,
  kLegacyOffice,
  kOdf,
  kArchive,
  kRtf,
  kHtml,
  kSvg,
  kMail,
  kUnsupported,
};

enum class FileType {
  kUnknown,
  // Office Open XML
  kDocx,
  kDocm,
  kDotx,
  kDotm,
  kXlsx,
  kXlsm,
  kXltx,
  kXltm,
  kPptx,
  kPptm,
  kPotx,
  kPotm,
  kPpsx,
  kPpsm,
  // OpenDocument (kOdf is a formula; kOdfOther: charts, databases, master documents... refused)
  kOdt,
  kOtt,
  kOds,
  kOts,
  kOdp,
  kOtp,
  kOdg,
  kOtg,
  kOdf,
  // other supported families
  kPdf,
  kJpeg,
  kPng,
  kGif,
  kBmp,
  kTiff,
  kWebp,
  kText,
  kCsv,
  // legacy Office (OLE2), converted in the LibreOffice sandbox
  kDoc,
  kDot,
  kXls,
  kXlt,
  kPpt,
  // archives (libarchive): zip that is not an Office package, and the rest
  kZip,
  k7z,
  kTar,
  kGzip,
  kBzip2,
  kXz,
  kLzh,
  kRtf,
  kHtml,
  kSvg,
  // mail files: .eml, and Outlook .msg (converted to MIME)
  kEml,
  kMsg,
  // recognised, refused
  kOle2,
  kXlsb,
  kOdfOther,
  kXml,
  kExecutable,
  kEmpty,
};

struct TypeInfo {
  FileType type;
  std::string_view name;  // stable id used in reports: "docx", "pdf", ...
  std::string_view mime;
  Family family;
  std::vector<std::string_view> extensions;  // lower case, without dot; first is canonical
};

// Description of `type`.
const TypeInfo& typeInfo(FileType type);
// Stable report name of `type`.
std::string_view typeName(FileType type);
// All types, in declaration order.
const std::vector<TypeInfo>& allTypes();
// The type whose canonical name is `name`.
std::optional<FileType> typeFromName(std::string_view name);
// True when a file named with extension `ext` (lower case, no dot) can hold `type`.
bool extensionMatches(FileType type, std::string_view ext);
// The macro-free counterpart of an OOXML type (docm -> docx); other types map to themselves.
FileType macroFreeType(FileType type);

}  // namespace sanso::sanitize
