// Which LibreOffice filters read and write each Office type.
#pragma once

#include "job.h"
#include "office/office_instance.h"

namespace sanso::sanitize::office {

// The filters that turn `type` (content `data`) into PDF. Blocks "method-unsupported" for
// types LibreOffice is not asked to render (ODF formulas, charts, master documents).
Result<Conversion> pdfConversion(ByteView data, FileType type, Budget& budget);
// The filters that turn a legacy Office file into OOXML, and the OOXML type it becomes.
struct OoxmlConversion {
  Conversion conversion;
  FileType ooxml_type;
};
Result<OoxmlConversion> ooxmlConversion(ByteView data, Budget& budget);

// The import and PDF export filters of an ODF package, from its mimetype entry. Kept apart
// so that it can merge with the native ODF module's own sub-type detection.
Result<Conversion> odfPdfConversion(ByteView data, Budget& budget);

}  // namespace sanso::sanitize::office
