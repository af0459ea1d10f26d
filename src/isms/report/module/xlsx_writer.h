// The XLSX half of the report module (libxlsxwriter).
#pragma once

#include "sanso/common/status.h"
#include "sanso/isms/report.h"

namespace sanso::isms::report {

// Writes `report` (checked by checkedReport()) as a workbook at `path`: one worksheet per
// table with a title block, a bold filled header row that is frozen, filtered and repeated
// when printed, wrapped cells, the columns' widths, A4 landscape fitted to the page width.
// Every cell is written as a string, so text such as "=cmd|..." never becomes a formula.
Status writeXlsxFile(const Report& report, const char* path);

}  // namespace sanso::isms::report
