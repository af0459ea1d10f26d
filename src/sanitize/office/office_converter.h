// Office conversions in the LibreOffice sandbox, through the warm pool when it runs.
#pragma once

#include <string>

#include "office/office_instance.h"
#include "sanso/common/limits.h"

namespace sanso::sanitize::office {

// Converts `input` with LibreOffice in a sandbox: a warm instance of the pool when
// startOfficePool() ran, else a one-shot instance. Time is bounded by
// Limits::max_office_time and what is left of the job's time (blocks "limit-office-time"),
// the output by Limits::max_expanded_bytes. Blocks "converter-unavailable" when the sandbox
// or LibreOffice is missing and "office-conversion-failed" when LibreOffice rejects the file.
Result<std::string> convertDocument(ByteView input, const Conversion& conversion, Budget& budget);

// The implementation of sanso/sanitize/office_pool.h, reached through the formats module.
Status startPool(int size, const Limits& limits, bool start_now);
void stopPool();
bool converterInstalled();

}  // namespace sanso::sanitize::office
