// RFC 4180 fields of CSV or TSV text, with the positions needed to edit cells in place.
// Lenient like spreadsheets: a quote only opens a quoted field as the field's first
// character; text after a closing quote stays part of the field; an unterminated quoted
// field runs to the end. LF or CR LF ends a record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "byte_sink.h"

namespace sanso::sanitize::text {

struct CsvField {
  size_t begin = 0;          // first byte of the field (the opening quote if quoted)
  size_t end = 0;            // the delimiter, line end or end of text after the field
  size_t content_begin = 0;  // after the opening quote if quoted
  size_t content_end = 0;    // the closing quote if quoted; before CR LF otherwise
  bool quoted = false;
  uint64_t row = 0;  // 0-based record number
  uint64_t column = 0;
  bool ends_record = false;
};

class CsvScanner {
 public:
  CsvScanner(std::string_view text, char delimiter)
      : text_(text), delimiter_(delimiter), done_(text.empty()) {}

  // The next field; false after the last one.
  bool next(CsvField& field);

 private:
  std::string_view text_;
  char delimiter_;
  bool done_;
  size_t pos_ = 0;
  uint64_t row_ = 0;
  uint64_t column_ = 0;
};

// ',' or '\t' when the first records of `utf8` split on it into a consistent number (>= 2)
// of fields; 0 when neither does. With `is_prefix`, a last record cut by the end is ignored.
char detectDelimiter(std::string_view utf8, bool is_prefix);

struct FormulaStats {
  uint64_t cells = 0;  // cells changed
  uint64_t first_row = 0;
  uint64_t first_column = 0;
};

// Writes `csv` to `out` as neutralizeCsvFormulas() would return it, in pieces (no copy of the
// whole text), counting the cells changed in `stats` and where the first one is (1-based).
// Stops at the first failed write and returns its Status.
Status neutralizeFormulas(std::string_view csv, char delimiter, ByteSink& out, FormulaStats& stats);

}  // namespace sanso::sanitize::text
