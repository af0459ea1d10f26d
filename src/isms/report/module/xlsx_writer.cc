#include "report/module/xlsx_writer.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "report/module/sheet_names.h"

namespace sanso::isms::report {
namespace {

constexpr uint8_t kPaperA4 = 9;
constexpr lxw_row_t kHeaderRow = 3;  // rows 0-2: report title, organization and date, blank
constexpr size_t kMaxHeaderFooterBytes = 255;  // Excel's limit for a page header or footer
constexpr double kLineHeight = 15;             // points, of one line of the default font
constexpr double kMaxRowHeight = 409;          // points, Excel's limit

Status failed(lxw_error error, const std::string& what) {
  return Status::internal("xlsx: " + what + ": " + lxw_strerror(error));
}

#define SANSO_LXW_CHECK(call, what)                                  \
  do {                                                               \
    lxw_error lxw_error_ = (call);                                   \
    if (lxw_error_ != LXW_NO_ERROR) return failed(lxw_error_, what); \
  } while (false)

// `text` with the '&' that starts header and footer codes doubled.
std::string headerText(std::string_view text) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '&') out += '&';
  }
  return out;
}

// Excel's character units that `text` (valid UTF-8) takes on one line: East Asian and other
// wide characters (from U+2E80 on, less the half-width forms) take two, the rest one. An
// estimate: Excel measures glyphs, and breaks Latin text at spaces.
double displayUnits(std::string_view text) {
  double units = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte
    uint32_t cp = byte;
    if (byte >= 0xE0 && i + 2 < text.size()) {
      cp = (byte & 0x0F) << 12 | (static_cast<unsigned char>(text[i + 1]) & 0x3F) << 6 |
           (static_cast<unsigned char>(text[i + 2]) & 0x3F);
      if (byte >= 0xF0) cp = 0x10000;  // outside the BMP: ideographs and emoji, wide
    }
    bool half_width = cp >= 0xFF61 && cp <= 0xFFDC;
    units += cp >= 0x2E80 && !half_width ? 2 : 1;
  }
  return units;
}

// The height, in points, that a row of wrapped `cells` needs in `columns`; 0 when every cell
// fits on one line (Excel's default height then applies). LibreOffice does not grow rows for
// wrapped text when it opens a workbook, and libxlsxwriter does not measure text.
double rowHeight(const std::vector<std::string>& cells, const std::vector<ReportColumn>& columns) {
  double lines = 1;
  for (size_t c = 0; c < cells.size(); ++c) {
    const double room = std::max(columns[c].width - 1, 1.0);
    double cell_lines = 0;
    std::string_view rest = cells[c];
    while (true) {
      size_t end = rest.find('\n');
      cell_lines += std::max(1.0, std::ceil(displayUnits(rest.substr(0, end)) / room));
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
    lines = std::max(lines, cell_lines);
  }
  return lines > 1 ? std::min(lines * kLineHeight, kMaxRowHeight) : 0;
}

Status setRowHeight(lxw_worksheet* sheet, lxw_row_t row, const std::vector<std::string>& cells,
                    const std::vector<ReportColumn>& columns) {
  const double height = rowHeight(cells, columns);
  if (height == 0) return Status::ok();
  SANSO_LXW_CHECK(worksheet_set_row(sheet, row, height, nullptr), "set a row height");
  return Status::ok();
}

struct Formats {
  lxw_format* title = nullptr;
  lxw_format* header = nullptr;
  lxw_format* cell = nullptr;
};

Result<Formats> addFormats(lxw_workbook* workbook) {
  Formats formats{workbook_add_format(workbook), workbook_add_format(workbook),
                  workbook_add_format(workbook)};
  if (formats.title == nullptr || formats.header == nullptr || formats.cell == nullptr) {
    return Status::internal("xlsx: cannot add a format");
  }
  format_set_bold(formats.title);
  format_set_font_size(formats.title, 14);
  format_set_bold(formats.header);
  format_set_pattern(formats.header, LXW_PATTERN_SOLID);
  format_set_bg_color(formats.header, 0xD9E1F2);
  format_set_border(formats.header, LXW_BORDER_THIN);
  format_set_text_wrap(formats.header);
  format_set_align(formats.header, LXW_ALIGN_VERTICAL_TOP);
  format_set_border(formats.cell, LXW_BORDER_THIN);
  format_set_text_wrap(formats.cell);
  format_set_align(formats.cell, LXW_ALIGN_VERTICAL_TOP);
  return formats;
}

Status setupPage(lxw_worksheet* sheet, const Report& report, const ReportTable& table) {
  worksheet_set_landscape(sheet);
  worksheet_set_paper(sheet, kPaperA4);
  worksheet_fit_to_pages(sheet, 1, 0);  // one page wide, as many pages tall as needed
  SANSO_LXW_CHECK(worksheet_repeat_rows(sheet, kHeaderRow, kHeaderRow), "repeat the header row");
  std::string header = "&L" + headerText(report.title + " " + table.title) + "&R" +
                       headerText(report.organization + " " + report.generated_at);
  if (header.size() > kMaxHeaderFooterBytes) header = "&R" + headerText(report.generated_at);
  if (header.size() <= kMaxHeaderFooterBytes) {
    SANSO_LXW_CHECK(worksheet_set_header(sheet, header.c_str()), "set the page header");
  }
  SANSO_LXW_CHECK(worksheet_set_footer(sheet, "&C&P / &N"), "set the page footer");
  return Status::ok();
}

Status writeTable(lxw_worksheet* sheet, const Formats& formats, const Report& report,
                  const ReportTable& table) {
  SANSO_LXW_CHECK(worksheet_write_string(sheet, 0, 0, report.title.c_str(), formats.title),
                  "write the title");
  std::string subtitle = table.title + "　" + report.organization + "　" + report.generated_at;
  SANSO_LXW_CHECK(worksheet_write_string(sheet, 1, 0, subtitle.c_str(), nullptr),
                  "write the subtitle");
  const auto last_col = static_cast<lxw_col_t>(table.columns.size() - 1);
  std::vector<std::string> titles;
  for (const ReportColumn& column : table.columns) titles.push_back(column.title);
  SANSO_RETURN_IF_ERROR(setRowHeight(sheet, kHeaderRow, titles, table.columns));
  for (lxw_col_t c = 0; c <= last_col; ++c) {
    const ReportColumn& column = table.columns[c];
    SANSO_LXW_CHECK(worksheet_set_column(sheet, c, c, column.width, nullptr), "set a column");
    SANSO_LXW_CHECK(
        worksheet_write_string(sheet, kHeaderRow, c, column.title.c_str(), formats.header),
        "write a column title");
  }
  lxw_row_t row = kHeaderRow;
  for (const std::vector<std::string>& cells : table.rows) {
    ++row;
    SANSO_RETURN_IF_ERROR(setRowHeight(sheet, row, cells, table.columns));
    for (lxw_col_t c = 0; c <= last_col; ++c) {
      SANSO_LXW_CHECK(worksheet_write_string(sheet, row, c, cells[c].c_str(), formats.cell),
                      "write a cell");
    }
  }
  worksheet_freeze_panes(sheet, kHeaderRow + 1, 0);
  SANSO_LXW_CHECK(worksheet_autofilter(sheet, kHeaderRow, 0, row, last_col), "set the filter");
  return setupPage(sheet, report, table);
}

Status writeWorkbook(lxw_workbook* workbook, const Report& report) {
  lxw_doc_properties properties{};
  std::string creator = "sanso";
  properties.title = const_cast<char*>(report.title.c_str());
  properties.company = const_cast<char*>(report.organization.c_str());
  properties.author = creator.data();
  SANSO_LXW_CHECK(workbook_set_properties(workbook, &properties), "set the properties");
  SANSO_ASSIGN_OR_RETURN(Formats formats, addFormats(workbook));
  std::vector<std::string> titles;
  for (const ReportTable& table : report.tables) titles.push_back(table.title);
  std::vector<std::string> names = sheetNames(titles);
  for (size_t t = 0; t < report.tables.size(); ++t) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, names[t].c_str());
    if (sheet == nullptr) return Status::internal("xlsx: cannot add worksheet " + names[t]);
    SANSO_RETURN_IF_ERROR(writeTable(sheet, formats, report, report.tables[t]));
  }
  return Status::ok();
}

}  // namespace

Status writeXlsxFile(const Report& report, const char* path) {
  lxw_workbook* workbook = workbook_new(path);
  if (workbook == nullptr) return Status::ioError(std::string("xlsx: cannot create ") + path);
  Status status = writeWorkbook(workbook, report);
  // Closing frees the workbook; it writes the file only when everything above succeeded
  // (otherwise the caller removes the partial file).
  lxw_error closed = workbook_close(workbook);
  if (!status.isOk()) return status;
  if (closed != LXW_NO_ERROR) return failed(closed, "write the workbook");
  return Status::ok();
}

}  // namespace sanso::isms::report
