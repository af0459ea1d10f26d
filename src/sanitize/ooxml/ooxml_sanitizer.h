// Office Open XML (docx/xlsx/pptx and their macro, template and show variants).
#pragma once

#include "job.h"

namespace sanso::sanitize::ooxml {

// cdr: rebuilds the package from allowlisted parts and relationships, removing macros, ActiveX,
// OLE objects, external links, dangerous fields and actions and personal metadata; macro-enabled
// inputs come out as their macro-free type. Returns the output type.
Result<FileType> sanitizeOoxml(Job& job);
// text: the document's visible text as UTF-8 (paragraphs, cells, slides in order).
Result<FileType> ooxmlToText(Job& job);

}  // namespace sanso::sanitize::ooxml
