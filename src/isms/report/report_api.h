// The table of entry points of the report module (libxlsxwriter for XLSX, cairo, pango and
// fontconfig for PDF). sanso reaches them only through this table, loaded on the first report,
// so that `sanso sanitize` and the other commands never load those libraries at start-up.
#pragma once

#include <cstdint>

#include "sanso/common/status.h"
#include "sanso/isms/report.h"

namespace sanso::isms::report {

// Bumped whenever the table or a type it passes changes; the loader refuses a module built
// for another version.
inline constexpr uint32_t kReportApiVersion = 1;

struct ReportApi {
  uint32_t version;
  // Both write a report already checked by checkedReport() to `path`, a file the caller has
  // created and replaces (truncated and rewritten by name).
  Status (*write_xlsx)(const Report& report, const char* path);
  Status (*write_pdf)(const Report& report, const char* path);
};

}  // namespace sanso::isms::report

// Defined by the report module (and by test programs that link the module's code in).
extern "C" const sanso::isms::report::ReportApi* sanso_report_api();
