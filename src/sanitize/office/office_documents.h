// Office documents through LibreOffice in its sandbox: legacy Office cdr, and image-pdf and
// text for OOXML, legacy Office and ODF.
#pragma once

#include "job.h"

namespace sanso::sanitize::office {

// cdr for Word/Excel/PowerPoint 97-2003: converts in the sandbox to docx/dotx/xlsx/xltx/pptx,
// then runs the OOXML sanitizer on the result (so macros, OLE objects, DDE and the like are
// removed even if LibreOffice kept them). Logs a "converted" action. Blocks "encrypted".
Result<FileType> legacyToOoxml(Job& job);
// image-pdf: the document converted to PDF in the sandbox, then rasterized. OOXML inputs are
// sanitized (cdr) first, so LibreOffice never reads their active content.
Result<FileType> officeToImagePdf(Job& job);
// text for legacy Office and ODF: converted to PDF in the sandbox, then the PDF text path.
Result<FileType> officeToText(Job& job);

}  // namespace sanso::sanitize::office
