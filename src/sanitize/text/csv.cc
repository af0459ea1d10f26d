#include "csv.h"

#include <map>
#include <vector>

namespace sanso::sanitize::text {

namespace {

constexpr size_t kProbeRecords = 20;
// Share of probed records that must have the most common field count (titles or notes
// above a table are tolerated once there are enough rows).
constexpr size_t kConsistentPercent = 80;

// Field counts of the first non-blank records.
std::vector<size_t> recordWidths(std::string_view text, char delimiter, bool is_prefix) {
  std::vector<size_t> widths;
  CsvScanner scanner(text, delimiter);
  CsvField field;
  size_t fields = 0;
  while (widths.size() <= kProbeRecords && scanner.next(field)) {
    ++fields;
    if (!field.ends_record) continue;
    const bool blank = fields == 1 && field.content_begin == field.content_end && !field.quoted;
    if (!blank) widths.push_back(fields);
    fields = 0;
    if (is_prefix && field.end == text.size() && !blank) widths.pop_back();  // maybe cut short
  }
  return widths;
}

bool consistent(const std::vector<size_t>& widths) {
  std::map<size_t, size_t> frequency;
  for (size_t w : widths) ++frequency[w];
  for (const auto& [width, count] : frequency) {
    if (width >= 2 && count >= 2 && count * 100 >= widths.size() * kConsistentPercent) return true;
  }
  return false;
}

}  // namespace

bool CsvScanner::next(CsvField& field) {
  if (done_) return false;
  field = CsvField{};
  field.row = row_;
  field.column = column_;
  field.begin = pos_;
  size_t scan_from = pos_;
  if (pos_ < text_.size() && text_[pos_] == '"') {
    field.quoted = true;
    field.content_begin = pos_ + 1;
    size_t quote = pos_ + 1;
    while (true) {
      quote = text_.find('"', quote);
      if (quote == std::string_view::npos) {
        quote = text_.size();
        break;
      }
      if (quote + 1 < text_.size() && text_[quote + 1] == '"') {
        quote += 2;  // escaped quote
        continue;
      }
      break;
    }
    field.content_end = quote;
    scan_from = std::min(quote + 1, text_.size());
  } else {
    field.content_begin = pos_;
  }
  const char stops[] = {delimiter_, '\n'};
  size_t stop = text_.find_first_of(std::string_view(stops, 2), scan_from);
  if (stop == std::string_view::npos) stop = text_.size();
  field.end = stop;
  if (!field.quoted) {
    field.content_end = stop;
    if (stop < text_.size() && text_[stop] == '\n' && stop > pos_ && text_[stop - 1] == '\r') {
      field.content_end = stop - 1;
    }
  }
  if (stop == text_.size()) {
    field.ends_record = true;
    done_ = true;
    pos_ = stop;
  } else if (text_[stop] == delimiter_) {
    ++column_;
    pos_ = stop + 1;
  } else {
    field.ends_record = true;
    ++row_;
    column_ = 0;
    pos_ = stop + 1;
    done_ = pos_ == text_.size();  // a final line end opens no new record
  }
  return true;
}

char detectDelimiter(std::string_view utf8, bool is_prefix) {
  for (char delimiter : {'\t', ','}) {
    if (consistent(recordWidths(utf8, delimiter, is_prefix))) return delimiter;
  }
  return 0;
}

}  // namespace sanso::sanitize::text
