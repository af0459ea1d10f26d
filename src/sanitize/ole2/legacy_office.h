// What an OLE2 file holds: Word, Excel or PowerPoint 97-2003 (and their templates), encrypted
// or not, and the LibreOffice filter that reads it.
#pragma once

#include <string_view>

#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"
#include "sanso/sanitize/file_type.h"

namespace sanso::sanitize::ole2 {

struct LegacyOffice {
  FileType type = FileType::kOle2;  // kDoc, kDot, kXls, kXlt, kPpt; kOle2 for anything else
  std::string_view import_filter;   // LibreOffice import filter; empty for kOle2
  // Password-protected: an EncryptionInfo stream or \x06DataSpaces storage (encrypted OOXML),
  // Word's FIB fEncrypted, an Excel FILEPASS record, PowerPoint's encrypted CurrentUser token.
  bool encrypted = false;
  // An Outlook message (MS-OXMSG): __properties_version1.0 and __substg1.0_* at the root.
  bool outlook_message = false;
};

// Inspects an OLE2 file. Blocks "malformed-ole2" when its structure cannot be read.
Result<LegacyOffice> inspectLegacyOffice(ByteView data, Budget& budget);

}  // namespace sanso::sanitize::ole2
