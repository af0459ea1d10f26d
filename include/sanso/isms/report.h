// ISMS reports as files: the same tables (the statement of applicability, the asset register,
// self-inspection results, the incident list...) written as an XLSX workbook for further work
// and as a printable PDF (A4, Japanese fonts embedded, text extractable).
#pragma once

#include <string>
#include <vector>

#include "sanso/common/status.h"

namespace sanso::isms {

struct ReportColumn {
  std::string title;  // 資産名
  double width = 16;  // in characters (XLSX column width; relative width in the PDF)
};

// One table: a worksheet in the XLSX, a section in the PDF. Every row has columns.size()
// cells of UTF-8 text (a cell may hold line breaks).
struct ReportTable {
  std::string title;  // worksheet name and PDF heading: 情報資産台帳
  std::vector<ReportColumn> columns;
  std::vector<std::vector<std::string>> rows;
};

struct Report {
  std::string title;         // 適用宣言書（SoA）
  std::string organization;  // 宗像市
  std::string generated_at;  // "2026-11-30 15:00 JST", printed in headers/footers
  std::vector<ReportTable> tables;
};

// Writes `report` as an XLSX workbook at `path` (created or replaced atomically: a temporary
// file renamed into place). Invalid UTF-8 or a row of the wrong width is refused.
Status writeXlsx(const Report& report, const std::string& path);

// Writes `report` as a PDF at `path` (atomically, as above): A4 landscape, a title, each table
// with its header repeated on every page, cells wrapped, page numbers "n / N".
Status writePdf(const Report& report, const std::string& path);

}  // namespace sanso::isms
