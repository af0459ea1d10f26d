// The type a sanitize job will produce, known before it runs.
#pragma once

#include <optional>

#include "sanso/sanitize/file_type.h"
#include "sanso/sanitize/options.h"

namespace sanso::sanitize {

// The type a successful job of `method` on content of `type` produces (docm -> docx under cdr,
// anything -> pdf under image-pdf), for a caller that must announce it before the job runs
// (the ICAP early response); nullopt when the engine cannot apply the method or the output
// depends on the content. Kept beside handlerFor(): a new handler updates both.
std::optional<FileType> outputTypeFor(FileType type, Method method);

}  // namespace sanso::sanitize
