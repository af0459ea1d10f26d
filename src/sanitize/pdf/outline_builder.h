// Bookmarks: the outline tree rebuilt from titles and safe targets only.
#pragma once

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include "pdf/action_sanitizer.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::pdf {

// Builds, as new objects of `pdf`, a copy of the outline whose root is `outlines`: each item keeps
// its title, colour, style and open state, and its destination or action as ActionSanitizer
// rebuilds it. Loops end the branch where they occur; nesting deeper than 32 levels is cut.
// Returns the new root (indirect), or null when no item survives.
Result<QPDFObjectHandle> rebuildOutline(QPDF& pdf, QPDFObjectHandle outlines,
                                        ActionSanitizer& actions, ActiveContentScanner& scanner,
                                        Budget& budget);

}  // namespace sanso::sanitize::pdf
