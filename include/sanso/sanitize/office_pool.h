// Warm LibreOffice instances for Office conversions (legacy Office cdr, Office -> image-pdf and
// text). Each instance runs in its own bubblewrap sandbox; without a pool every conversion
// starts and stops one (about two seconds more per file).
#pragma once

#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize {

// Keeps up to `size` sandboxed instances (rlimits and timeouts from `limits`) for the
// conversions that follow; replaces a pool already running. With `start_now` they start at
// once and this waits until they are ready; otherwise each starts with the first conversion
// that finds no idle instance and then stays warm. A non-ok Status leaves no pool, and every
// conversion starts and stops its own instance.
Status startOfficePool(int size, const Limits& limits, bool start_now = true);
// Stops the pool's instances; conversions running keep theirs until they finish.
void stopOfficePool();
// True when bubblewrap, LibreOffice and python3-uno are installed.
bool officeConverterInstalled();

}  // namespace sanso::sanitize
