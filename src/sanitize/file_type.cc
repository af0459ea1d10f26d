#include "sanso/sanitize/file_type.h"

#include <algorithm>

namespace sanso::sanitize {
namespace {

const std::vector<TypeInfo>& table() {
  static const std::vector<TypeInfo> kTypes = {
      {FileType::kUnknown, "unknown", "application/octet-stream", Family::kUnknown, {}},
      {FileType::kDocx,
       "docx",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
       Family::kOoxml,
       {"docx"}},
      {FileType::kDocm,
       "docm",
       "application/vnd.ms-word.document.macroEnabled.12",
       Family::kOoxml,
       {"docm"}},
      {FileType::kDotx,
       "dotx",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
       Family::kOoxml,
       {"dotx"}},
      {FileType::kDotm,
       "dotm",
       "application/vnd.ms-word.template.macroEnabled.12",
       Family::kOoxml,
       {"dotm"}},
      {FileType::kXlsx,
       "xlsx",
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       Family::kOoxml,
       {"xlsx"}},
      {FileType::kXlsm,
       "xlsm",
       "application/vnd.ms-excel.sheet.macroEnabled.12",
       Family::kOoxml,
       {"xlsm"}},
      {FileType::kXltx,
       "xltx",
       "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
       Family::kOoxml,
       {"xltx"}},
      {FileType::kXltm,
       "xltm",
       "application/vnd.ms-excel.template.macroEnabled.12",
       Family::kOoxml,
       {"xltm"}},
      {FileType::kPptx,
       "pptx",
       "application/vnd.openxmlformats-officedocument.presentationml.presentation",
       Family::kOoxml,
       {"pptx"}},
      {FileType::kPptm,
       "pptm",
       "application/vnd.ms-powerpoint.presentation.macroEnabled.12",
       Family::kOoxml,
       {"pptm"}},
      {FileType::kPotx,
       "potx",
       "application/vnd.openxmlformats-officedocument.presentationml.template",
       Family::kOoxml,
       {"potx"}},
      {FileType::kPotm,
       "potm",
       "application/vnd.ms-powerpoint.template.macroEnabled.12",
       Family::kOoxml,
       {"potm"}},
      {FileType::kPpsx,
       "ppsx",
       "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
       Family::kOoxml,
       {"ppsx"}},
      {FileType::kPpsm,
       "ppsm",
       "application/vnd.ms-powerpoint.slideshow.macroEnabled.12",
       Family::kOoxml,
       {"ppsm"}},
      {FileType::kOdt, "odt", "application/vnd.oasis.opendocument.text", Family::kOdf, {"odt"}},
      {FileType::kOtt,
       "ott",
       "application/vnd.oasis.opendocument.text-template",
       Family::kOdf,
       {"ott"}},
      {FileType::kOds,
       "ods",
       "application/vnd.oasis.opendocument.spreadsheet",
       Family::kOdf,
       {"ods"}},
      {FileType::kOts,
       "ots",
       "application/vnd.oasis.opendocument.spreadsheet-template",
       Family::kOdf,
       {"ots"}},
      {FileType::kOdp,
       "odp",
       "application/vnd.oasis.opendocument.presentation",
       Family::kOdf,
       {"odp"}},
      {FileType::kOtp,
       "otp",
       "application/vnd.oasis.opendocument.presentation-template",
       Family::kOdf,
       {"otp"}},
      {FileType::kOdg, "odg", "application/vnd.oasis.opendocument.graphics", Family::kOdf, {"odg"}},
      {FileType::kOtg,
       "otg",
       "application/vnd.oasis.opendocument.graphics-template",
       Family::kOdf,
       {"otg"}},
      {FileType::kOdf, "odf", "application/vnd.oasis.opendocument.formula", Family::kOdf, {"odf"}},
      {FileType::kPdf, "pdf", "application/pdf", Family::kPdf, {"pdf"}},
      {FileType::kJpeg, "jpeg", "image/jpeg", Family::kImage, {"jpg", "jpeg", "jpe", "jfif"}},
      {FileType::kPng, "png", "image/png", Family::kImage, {"png"}},
      {FileType::kGif, "gif", "image/gif", Family::kImage, {"gif"}},
      {FileType::kBmp, "bmp", "image/bmp", Family::kImage, {"bmp", "dib"}},
      {FileType::kTiff, "tiff", "image/tiff", Family::kImage, {"tif", "tiff"}},
      {FileType::kWebp, "webp", "image/webp", Family::kImage, {"webp"}},
      {FileType::kText,
       "text",
       "text/plain",
       Family::kText,
       {"txt", "text", "log", "md", "ini", "cfg", "conf", "json", "xml", "yaml", "yml", "csv",
        "tsv"}},
      {FileType::kCsv, "csv", "text/csv", Family::kText, {"csv", "tsv", "txt"}},
      {FileType::kDoc, "doc", "application/msword", Family::kLegacyOffice, {"doc", "wbk"}},
      {FileType::kDot, "dot", "application/msword", Family::kLegacyOffice, {"dot"}},
      {FileType::kXls, "xls", "application/vnd.ms-excel", Family::kLegacyOffice, {"xls", "xla"}},
      {FileType::kXlt, "xlt", "application/vnd.ms-excel", Family::kLegacyOffice, {"xlt"}},
      {FileType::kPpt,
       "ppt",
       "application/vnd.ms-powerpoint",
       Family::kLegacyOffice,
       {"ppt", "pps", "pot"}},
      {FileType::kZip, "zip", "application/zip", Family::kArchive, {"zip"}},
      {FileType::k7z, "7z", "application/x-7z-compressed", Family::kArchive, {"7z"}},
      {FileType::kTar, "tar", "application/x-tar", Family::kArchive, {"tar"}},
      {FileType::kGzip, "gzip", "application/gzip", Family::kArchive, {"gz", "tgz"}},
      {FileType::kBzip2, "bzip2", "application/x-bzip2", Family::kArchive, {"bz2", "tbz", "tbz2"}},
      {FileType::kXz, "xz", "application/x-xz", Family::kArchive, {"xz", "txz"}},
      {FileType::kLzh, "lzh", "application/x-lzh-compressed", Family::kArchive, {"lzh", "lha"}},
      {FileType::kHtml, "html", "text/html", Family::kHtml, {"html", "htm", "xhtml", "shtml"}},
      {FileType::kSvg, "svg", "image/svg+xml", Family::kSvg, {"svg"}},
      {FileType::kEml, "eml", "message/rfc822", Family::kMail, {"eml"}},
      {FileType::kMsg, "msg", "application/vnd.ms-outlook", Family::kMail, {"msg"}},
      {FileType::kOle2,
       "ole2",
       "application/x-ole-storage",
       Family::kUnsupported,
       {"doc", "xls", "ppt", "msg", "dot", "xlt", "pot", "pps", "docx", "xlsx", "pptx"}},
      {FileType::kRtf, "rtf", "application/rtf", Family::kRtf, {"rtf", "doc"}},
      {FileType::kXlsb,
       "xlsb",
       "application/vnd.ms-excel.sheet.binary.macroEnabled.12",
       Family::kUnsupported,
       {"xlsb"}},
      {FileType::kOdfOther,
       "odf-other",
       "application/vnd.oasis.opendocument",
       Family::kUnsupported,
       {"odc", "odb", "odi", "odm", "oth", "otc", "oti", "otf", "otm"}},
      {FileType::kXml, "xml", "application/xml", Family::kUnsupported, {"xml"}},
      {FileType::kExecutable,
       "executable",
       "application/x-executable",
       Family::kUnsupported,
       {"exe", "dll", "scr", "com", "sys", "elf", "so"}},
      {FileType::kEmpty, "empty", "application/x-empty", Family::kUnsupported, {}},
  };
  return kTypes;
}

}  // namespace

const std::vector<TypeInfo>& allTypes() { return table(); }

const TypeInfo& typeInfo(FileType type) {
  for (const auto& info : table()) {
    if (info.type == type) return info;
  }
  return table().front();
}

std::string_view typeName(FileType type) { return typeInfo(type).name; }

std::optional<FileType> typeFromName(std::string_view name) {
  for (const auto& info : table()) {
    if (info.name == name) return info.type;
  }
  return std::nullopt;
}

bool extensionMatches(FileType type, std::string_view ext) {
  const auto& exts = typeInfo(type).extensions;
  return std::find(exts.begin(), exts.end(), ext) != exts.end();
}

FileType macroFreeType(FileType type) {
  switch (type) {
    case FileType::kDocm:
      return FileType::kDocx;
    case FileType::kDotm:
      return FileType::kDotx;
    case FileType::kXlsm:
      return FileType::kXlsx;
    case FileType::kXltm:
      return FileType::kXltx;
    case FileType::kPptm:
      return FileType::kPptx;
    case FileType::kPotm:
      return FileType::kPotx;
    case FileType::kPpsm:
      return FileType::kPpsx;
    default:
      return type;
  }
}

}  // namespace sanso::sanitize
