// Readers behind readTableFile(): CSV text and the first worksheet of an XLSX workbook.
#pragma once

#include <string>
#include <vector>

#include "sanso/common/status.h"

namespace sanso::isms::detail {

// The rows of CSV `text` (see readTableFile for encodings); blank lines are skipped.
Result<std::vector<std::vector<std::string>>> parseCsv(std::string text, size_t max_rows);

// The rows of the first worksheet of the XLSX workbook at `path`, cells as text.
Result<std::vector<std::vector<std::string>>> readXlsxRows(const std::string& path,
                                                           size_t max_rows);

}  // namespace sanso::isms::detail
