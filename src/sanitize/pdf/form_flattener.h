// Interactive forms become static content: cdr keeps what a field shows, not the field.
#pragma once

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <vector>

#include "pdf/active_content.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::pdf {

// Draws the normal appearance of every visible widget annotation into its page (as a form
// XObject appended to the page content, after qpdf generates missing appearances) and removes
// all widgets from the pages. Their actions are reported; the /AcroForm dictionary itself is left
// for the caller to drop. Does nothing, and decodes nothing, when no page has a widget.
Status flattenFormFields(QPDF& pdf, const std::vector<QPDFObjectHandle>& pages,
                         ActiveContentScanner& scanner, Budget& budget);

}  // namespace sanso::sanitize::pdf
