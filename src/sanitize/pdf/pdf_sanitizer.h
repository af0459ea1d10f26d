// PDF: cdr rebuild with qpdf, and text extraction.
#pragma once

#include "job.h"

namespace sanso::sanitize::pdf {

// cdr: rebuilds the document from its pages and their allowlisted resources, dropping
// JavaScript, automatic actions, launch/remote/submit actions, multimedia, 3D, embedded files,
// XFA and PostScript; writes an unencrypted PDF. Blocks "encrypted" when a password is needed.
Result<FileType> sanitizePdf(Job& job);
// text: the document's text as UTF-8, pages separated by form feeds.
Result<FileType> pdfToText(Job& job);

}  // namespace sanso::sanitize::pdf
