// Serializing the rebuilt document.
#pragma once

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>

#include <memory>
#include <string>

#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::pdf {

// The bytes of `pdf`: unencrypted, no object outside what the document reaches, object streams
// generated, uncompressed streams compressed while filtered ones are copied without decoding,
// deterministic /ID, PDF version at least `min_version` (when it is a valid "1.x"/"2.0").
// Blocks "limit-time" when the job's time runs out while writing.
Result<std::shared_ptr<Buffer>> writeRebuilt(QPDF& pdf, const std::string& min_version, Budget& budget);

}  // namespace sanso::sanitize::pdf
