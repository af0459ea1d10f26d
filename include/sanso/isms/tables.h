// ISMS registers as tables for people: Japanese column titles, choice labels instead of ids,
// names instead of user and department numbers. The same tables feed the CSV, XLSX and PDF
// exports; CSV and XLSX files in the same layout can be imported.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sanso/common/status.h"
#include "sanso/isms/isms.h"
#include "sanso/isms/report.h"

namespace sanso::isms {

// The records of `kind` the actor may read, oldest first: "ID", "所管部署" (kinds with a
// department), then one column per field.
Result<ReportTable> registerTable(Isms& isms, const Actor& actor, const std::string& kind);

// The statement of applicability: every reference control, applicability, justification,
// status, owner and the live check.
Result<ReportTable> applicabilityTable(Isms& isms, const Actor& actor, const LiveCheck& check);

// A campaign's results: per department, then per requirement.
Result<std::vector<ReportTable>> rollupTables(Isms& isms, const Actor& actor, int64_t campaign);

// The display text of one stored field value.
std::string displayValue(Isms& isms, const FieldSpec& field, const nlohmann::json& value);

// Writes `table` as CSV for Excel: UTF-8 with a byte order mark, CRLF, every cell quoted, and
// cells that a spreadsheet would run as a formula (= + - @ tab CR first) prefixed with '.
Status writeCsv(const ReportTable& table, const std::string& path);

// Creates records of `kind` from `rows` (the first row: column titles as registerTable()
// writes them; other columns are refused). All rows or none: the first bad row is reported
// with its line number. Returns the number of records created.
Result<int64_t> importRows(Isms& isms, const Actor& actor, const std::string& kind,
                           const std::vector<std::vector<std::string>>& rows);

// The cells of a CSV file (UTF-8 with or without BOM, or Shift_JIS/CP932 as Excel writes it)
// or of the first worksheet of an XLSX workbook, by content; at most `max_rows` rows.
Result<std::vector<std::vector<std::string>>> readTableFile(const std::string& path,
                                                            size_t max_rows);

}  // namespace sanso::isms
