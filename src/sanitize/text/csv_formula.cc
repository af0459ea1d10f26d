// Formula neutralization for CSV/TSV (CSV injection, CWE-1236).
//
// A cell is treated as a formula when, after optional leading spaces (U+0020, U+3000) and an
// optional quote, it starts with = + - @ TAB or CR, or their full-width forms ＝ ＋ － ＠
// (Japanese IMEs produce these, and spreadsheets may normalise them). Such a cell gets an
// apostrophe as its first character (inside the quotes of a quoted field), so a spreadsheet
// shows it as text. Two kinds of cells are left alone because no spreadsheet runs them:
//   - plain numbers: the trimmed cell matches ^[+-]?[0-9][0-9,.]*$ ("-12.5", "+3", "-1,200");
//   - a trigger character alone ("-" or "－" as an empty-value placeholder).
// Everything else with a trigger ("+81-90-1234-5678", "-1e5", "=1+1") is neutralized;
// the apostrophe is visible but the value is kept.
#include <cassert>
#include <string>

#include "csv.h"
#include "text_sanitizer.h"

namespace sanso::sanitize::text {

namespace {

constexpr std::string_view kIdeographicSpace = "\u3000";
constexpr std::string_view kFullWidthTriggers[] = {"\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"};

size_t skipSpaces(std::string_view text, size_t pos, size_t end) {
  while (pos < end) {
    if (text[pos] == ' ') {
      ++pos;
    } else if (text.substr(pos, kIdeographicSpace.size()) == kIdeographicSpace &&
               pos + kIdeographicSpace.size() <= end) {
      pos += kIdeographicSpace.size();
    } else {
      break;
    }
  }
  return pos;
}

// Length of the trigger character at `pos`, 0 when there is none.
size_t triggerLength(std::string_view text, size_t pos, size_t end) {
  const char c = text[pos];
  if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') return 1;
  for (std::string_view wide : kFullWidthTriggers) {
    if (pos + wide.size() <= end && text.substr(pos, wide.size()) == wide) return wide.size();
  }
  return 0;
}

bool isPlainNumber(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (!((c >= '0' && c <= '9') || c == ',' || c == '.')) return false;
  }
  return true;
}

bool isFormulaCell(std::string_view text, const CsvField& field) {
  const size_t end = field.content_end;
  size_t pos = skipSpaces(text, field.content_begin, end);
  if (!field.quoted && pos < end && text[pos] == '"') pos = skipSpaces(text, pos + 1, end);
  if (pos >= end) return false;
  const size_t trigger = triggerLength(text, pos, end);
  if (trigger == 0) return false;
  std::string_view rest = text.substr(pos, end - pos);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  if (rest.size() == trigger) return false;  // a lone "-" placeholder
  return !isPlainNumber(rest);
}

}  // namespace

Status neutralizeFormulas(std::string_view csv, char delimiter, ByteSink& out,
                          FormulaStats& stats) {
  size_t copied = 0;
  CsvScanner scanner(csv, delimiter);
  CsvField field;
  while (scanner.next(field)) {
    if (!isFormulaCell(csv, field)) continue;
    const size_t at = field.quoted ? field.content_begin : field.begin;
    SANSO_RETURN_IF_ERROR(out.write(csv.substr(copied, at - copied)));
    SANSO_RETURN_IF_ERROR(out.write("'"));
    copied = at;
    if (stats.cells++ == 0) {
      stats.first_row = field.row + 1;
      stats.first_column = field.column + 1;
    }
  }
  return out.write(csv.substr(copied));
}

std::string neutralizeCsvFormulas(std::string_view utf8_csv, char delimiter, uint64_t& changed) {
  std::string out;
  out.reserve(utf8_csv.size());
  StringSink sink(out);
  FormulaStats stats;
  Status appended = neutralizeFormulas(utf8_csv, delimiter, sink, stats);
  assert(appended.isOk());  // appending to a string does not fail
  (void)appended;
  changed = stats.cells;
  return out;
}

}  // namespace sanso::sanitize::text
