// HTML: rebuilt from an allowlist of elements, attributes, URL schemes and CSS, as a
// self-contained UTF-8 document; or rendered as readable text with defanged links.
// The *Bytes functions work on memory so that the MIME sanitizer can run them on a body part.
#pragma once

#include <string>

#include "action_log.h"
#include "job.h"
#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"
#include "sanso/sanitize/options.h"

namespace sanso::sanitize::html {

// The sanitized document for HTML `input` (any supported charset): UTF-8 with a meta charset
// and a Content-Security-Policy that forbids scripts and remote loads; no script, frames,
// embedded objects, forms' actions, event handlers, meta refresh/base/link, comments, foreign
// (SVG/MathML) content or remote images; links only to http(s)/mailto (when
// options.keep_hyperlinks) or #fragments; CSS through css_filter.h; data: images re-encoded.
// Every removal is recorded in `log`, remote images with their defanged URL. Blocks
// "limit-..." past `budget`'s limits.
Result<std::string> sanitizeHtmlBytes(ByteView input, const Options& options, Budget& budget,
                                      ActionLog& log);

// Readable UTF-8 text of HTML `input`: blocks separated by line breaks, list items marked,
// table rows as tab-separated cells, links written "text (hxxps://example[.]jp/...)".
Result<std::string> htmlBytesToText(ByteView input, const Options& options, Budget& budget,
                                    ActionLog& log);

// Handler: cdr of an HTML file (sanitizeHtmlBytes), output kHtml.
Result<FileType> sanitizeHtml(Job& job);
// Handler: text of an HTML file (htmlBytesToText), output kText.
Result<FileType> htmlToText(Job& job);

}  // namespace sanso::sanitize::html
