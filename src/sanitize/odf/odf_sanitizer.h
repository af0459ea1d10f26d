// OpenDocument (odt ods odp odg odf and the ott ots otp otg templates).
#pragma once

#include "job.h"

namespace sanso::sanitize::odf {

// cdr: rebuilds the package from content.xml, styles.xml, meta.xml, settings.xml (each
// cleaned by sanitizePart()) and the pictures they show (re-encoded); everything else (Basic
// and script macros, dialogs, embedded objects, thumbnails, UI configuration, signatures,
// RDF metadata) is dropped and reported. Writes `mimetype` first and stored and a manifest
// listing exactly the entries written. Blocks "encrypted" for encrypted packages and
// "malformed-odf" when the package or its content.xml is not a document of its type.
Result<FileType> sanitizeOdf(Job& job);
// text: content.xml's text in reading order (paragraphs, headings, list items, table rows
// with cells tab-separated, pages), UTF-8.
Result<FileType> odfToText(Job& job);

}  // namespace sanso::sanitize::odf
