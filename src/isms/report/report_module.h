// Loads the report module (sanso-report.so) once, on first use.
#pragma once

#include "report/report_api.h"
#include "sanso/common/status.h"

namespace sanso::isms::report {

// The module's table: linked in (test programs) or loaded from beside the executable or from
// ../lib/sanso. Never from a path in the environment or the working directory.
Result<const ReportApi*> reportApi();

}  // namespace sanso::isms::report
