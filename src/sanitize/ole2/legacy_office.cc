#include "ole2/legacy_office.h"

#include "ole2/ole2_reader.h"

namespace sanso::sanitize::ole2 {
namespace {

// Word: the FIB at the start of the WordDocument stream (MS-DOC 2.5.2).
constexpr uint16_t kFibMagic = 0xA5EC;
constexpr uint16_t kFibDot = 0x0001;
constexpr uint16_t kFibEncrypted = 0x0100;
constexpr uint16_t kWord97Fib = 193;  // older versions are Word 6/95
// Excel: BIFF records (MS-XLS 2.4).
constexpr uint16_t kBof = 0x0809;
constexpr uint16_t kEof = 0x000A;
constexpr uint16_t kFilePass = 0x002F;
constexpr uint16_t kTemplate = 0x0060;
constexpr uint16_t kBiff8 = 0x0600;
constexpr size_t kMaxGlobalsBytes = 1 << 20;  // FILEPASS comes right after BOF; be generous
// PowerPoint: CurrentUserAtom.headerToken (MS-PPT 2.3.2).
constexpr uint32_t kPptEncryptedToken = 0xF3D1C4DF;

Result<LegacyOffice> inspectWord(const Ole2Reader& reader, const DirectoryEntry& stream) {
  Result<std::string> fib = reader.readStream(stream, 32);
  if (!fib.isOk()) return fib.status();
  ByteView bytes = asBytes(*fib);
  auto magic = readLe<uint16_t>(bytes, 0);
  auto nfib = readLe<uint16_t>(bytes, 2);
  auto flags = readLe<uint16_t>(bytes, 0x0A);
  if (!magic || *magic != kFibMagic || !nfib || !flags) {
    return Status::blocked("malformed-doc", "WordDocument stream without a valid FIB");
  }
  LegacyOffice info;
  bool dot = (*flags & kFibDot) != 0;
  info.type = dot ? FileType::kDot : FileType::kDoc;
  info.encrypted = (*flags & kFibEncrypted) != 0;
  if (*nfib < kWord97Fib) {
    info.import_filter = "MS WinWord 6.0";
  } else {
    info.import_filter = dot ? "MS Word 97 Vorlage" : "MS Word 97";
  }
  return info;
}

Result<LegacyOffice> inspectExcel(const Ole2Reader& reader, const DirectoryEntry& stream) {
  Result<std::string> globals = reader.readStream(stream, kMaxGlobalsBytes);
  if (!globals.isOk()) return globals.status();
  ByteView bytes = asBytes(*globals);
  auto type = readLe<uint16_t>(bytes, 0);
  auto version = readLe<uint16_t>(bytes, 4);
  if (!type || *type != kBof || !version) {
    return Status::blocked("malformed-xls", "Workbook stream does not start with BOF");
  }
  LegacyOffice info;
  info.type = FileType::kXls;
  bool biff8 = *version == kBiff8;
  // Records of the globals substream, up to its EOF; each is at least 4 bytes, so the walk
  // is bounded by the bytes read.
  uint64_t offset = 0;
  while (true) {
    auto record = readLe<uint16_t>(bytes, offset);
    auto length = readLe<uint16_t>(bytes, offset + 2);
    if (!record || !length) break;
    if (*record == kFilePass) info.encrypted = true;
    if (*record == kTemplate) info.type = FileType::kXlt;
    if (*record == kEof) break;
    offset += 4u + *length;
  }
  if (biff8) {
    info.import_filter =
        info.type == FileType::kXlt ? "MS Excel 97 Vorlage/Template" : "MS Excel 97";
  } else {
    info.import_filter = "MS Excel 95";
  }
  return info;
}

Result<LegacyOffice> inspectPowerPoint(const Ole2Reader& reader) {
  LegacyOffice info;
  info.type = FileType::kPpt;
  info.import_filter = "MS PowerPoint 97";
  if (const DirectoryEntry* user = reader.find("Current User")) {
    Result<std::string> atom = reader.readStream(*user, 16);
    if (!atom.isOk()) return atom.status();
    auto token = readLe<uint32_t>(asBytes(*atom), 12);
    info.encrypted = token && *token == kPptEncryptedToken;
  }
  return info;
}

}  // namespace

Result<LegacyOffice> inspectLegacyOffice(ByteView data, Budget& budget) {
  SANSO_ASSIGN_OR_RETURN(Ole2Reader reader, Ole2Reader::open(data, budget));
  LegacyOffice info;
  if (const DirectoryEntry* word = reader.find("WordDocument"); word && word->type == 2) {
    SANSO_ASSIGN_OR_RETURN(info, inspectWord(reader, *word));
  } else if (const DirectoryEntry* book = reader.find("Workbook"); book && book->type == 2) {
    SANSO_ASSIGN_OR_RETURN(info, inspectExcel(reader, *book));
  } else if (const DirectoryEntry* book5 = reader.find("Book"); book5 && book5->type == 2) {
    SANSO_ASSIGN_OR_RETURN(info, inspectExcel(reader, *book5));
  } else if (const DirectoryEntry* ppt = reader.find("PowerPoint Document");
             ppt && ppt->type == 2) {
    SANSO_ASSIGN_OR_RETURN(info, inspectPowerPoint(reader));
  }
  if (info.type == FileType::kOle2 && reader.find("__properties_version1.0")) {
    for (const auto& child : reader.rootChildren()) {
      if (child.name.rfind("__substg1.0_", 0) == 0) info.outlook_message = true;
    }
  }
  // Encrypted OOXML (ECMA-376 agile/standard encryption) is an OLE2 file with these.
  if (reader.find("EncryptionInfo") || reader.find("\x06"
                                                   "DataSpaces"))
    info.encrypted = true;
  return info;
}

}  // namespace sanso::sanitize::ole2
