#include "report/report_text.h"

#include <algorithm>
#include <cstdint>

#include "report/report_limits.h"

namespace sanso::isms::report {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the UTF-8 sequence at `text[i]`, or 0 when it is malformed.
size_t sequenceLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  uint8_t lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length = 0;
  uint32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07;
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
  bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  if (overlong || surrogate || cp > 0x10FFFF) return 0;
  return length;
}

Status invalid(const std::string& message) { return Status::blocked("report-invalid", message); }

Status tooLarge(const std::string& message) { return Status::blocked("report-too-large", message); }

// Checks one label (title, organization...) and returns it printable.
Result<std::string> checkedLabel(const std::string& text, const std::string& what) {
  if (text.size() > kMaxLabelBytes) {
    return tooLarge(what + " is longer than " + std::to_string(kMaxLabelBytes) + " bytes");
  }
  if (!isValidUtf8(text)) return invalid(what + " is not valid UTF-8");
  return printableText(text);
}

Result<ReportTable> checkedTable(const ReportTable& input, size_t index, size_t& rows_left) {
  const std::string where = "table " + std::to_string(index + 1);
  ReportTable table;
  SANSO_ASSIGN_OR_RETURN(table.title, checkedLabel(input.title, where + " title"));
  if (input.columns.empty()) return invalid(where + " has no columns");
  if (input.columns.size() > kMaxColumns) {
    return tooLarge(where + " has more than " + std::to_string(kMaxColumns) + " columns");
  }
  for (const ReportColumn& column : input.columns) {
    ReportColumn out;
    SANSO_ASSIGN_OR_RETURN(out.title, checkedLabel(column.title, where + " column title"));
    // NaN compares false both ways and falls back to the default width.
    out.width = column.width >= kMinColumnWidth ? std::min(column.width, kMaxColumnWidth)
                                                : ReportColumn{}.width;
    table.columns.push_back(std::move(out));
  }
  if (input.rows.size() > rows_left) {
    return tooLarge("the report has more than " + std::to_string(kMaxReportRows) + " rows");
  }
  rows_left -= input.rows.size();
  table.rows.reserve(input.rows.size());
  for (size_t r = 0; r < input.rows.size(); ++r) {
    const std::vector<std::string>& row = input.rows[r];
    const std::string at = where + " row " + std::to_string(r + 1);
    if (row.size() != input.columns.size()) {
      return invalid(at + " has " + std::to_string(row.size()) + " cells, not " +
                     std::to_string(input.columns.size()));
    }
    std::vector<std::string> cells;
    cells.reserve(row.size());
    for (const std::string& cell : row) {
      if (cell.size() > kMaxCellBytes) {
        return tooLarge(at + " has a cell longer than " + std::to_string(kMaxCellBytes) + " bytes");
      }
      if (!isValidUtf8(cell)) return invalid(at + " has a cell that is not valid UTF-8");
      cells.push_back(printableText(cell));
    }
    table.rows.push_back(std::move(cells));
  }
  return table;
}

}  // namespace

bool isValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t length = sequenceLength(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string printableText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      out += '\n';
    } else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
      out += kReplacement;
    } else if (c == 0xEF && text.substr(i, 2) == "\xEF\xBF" && i + 2 < text.size() &&
               (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
      out += kReplacement;  // U+FFFE, U+FFFF
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

Result<Report> checkedReport(const Report& input) {
  Report report;
  SANSO_ASSIGN_OR_RETURN(report.title, checkedLabel(input.title, "report title"));
  SANSO_ASSIGN_OR_RETURN(report.organization, checkedLabel(input.organization, "organization"));
  SANSO_ASSIGN_OR_RETURN(report.generated_at, checkedLabel(input.generated_at, "generated_at"));
  if (input.tables.size() > kMaxTables) {
    return tooLarge("the report has more than " + std::to_string(kMaxTables) + " tables");
  }
  size_t rows_left = kMaxReportRows;
  for (size_t t = 0; t < input.tables.size(); ++t) {
    SANSO_ASSIGN_OR_RETURN(ReportTable table, checkedTable(input.tables[t], t, rows_left));
    report.tables.push_back(std::move(table));
  }
  return report;
}

}  // namespace sanso::isms::report
