// RTF: a native reader that keeps an allowlist of control words and destinations, and
// writes a new document from what it kept (docs/formats.md, "RTF").
#pragma once

#include "job.h"

namespace sanso::sanitize::rtf {

// cdr: writes a new RTF without objects, unknown destinations, disallowed fields, metadata
// (unless kept) and pictures other than PNG and JPEG (which are re-encoded).
Result<FileType> sanitizeRtf(Job& job);

// text: the document's text as UTF-8 (code pages from \ansicpg, \fcharset and \cpg; \uN).
Result<FileType> rtfToText(Job& job);

}  // namespace sanso::sanitize::rtf
