// The formats and PDF modules seen from the rest of the engine. The first call that needs one
// loads it (sanso-formats.so, sanso-pdf.so beside the executable) unless the program links
// its code in (the server, tests and fuzz targets do; the formats module links the PDF code);
// until then none of its libraries is in the process. Every function returns an internal
// error when the module cannot be loaded.
#pragma once

#include <string>

#include "action_log.h"
#include "job.h"
#include "sanso/common/bytes.h"
#include "sanso/common/status.h"
#include "sanso/sanitize/options.h"

namespace sanso::sanitize::formats {

// Handler: runs the formats module's handler for the job's family and method (`handlerFor`
// routes those the module has here).
Result<FileType> runHandler(Job& job);

// Handler: the same through the PDF module (sanso-pdf.so), for PDF and image-pdf of images.
Result<FileType> runPdfHandler(Job& job);

// scan::scanBytes: ok and no action without loading anything when `options` configures no
// scanner.
Status scanBytes(ByteView data, const std::string& where, const Options& options, ActionLog& log);

}  // namespace sanso::sanitize::formats
