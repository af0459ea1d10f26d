// Serializing the rebuilt document.
#pragma once

#include <qpdf/QPDF.hh>
#include <string>

#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::pdf {

// Writes `pdf` to the file at `path` (truncating it): unencrypted, no object outside what the
// document reaches, object streams generated, uncompressed streams compressed while filtered ones
// are copied without decoding, deterministic /ID, PDF version at least `min_version` (when it is a
// valid "1.x"/"2.0"). Blocks "limit-time" when the job's time runs out while writing.
Status writeRebuilt(QPDF& pdf, const std::string& min_version, Budget& budget,
                    const std::string& path);

}  // namespace sanso::sanitize::pdf
