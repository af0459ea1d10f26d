// CSV in the dialect Excel reads and writes (RFC 4180 with a byte order mark).
#include <iconv.h>

#include <cstdio>
#include <memory>

#include "sanso/common/file_io.h"
#include "sanso/common/utf8.h"
#include "sanso/isms/tables.h"
#include "sanso/store/fs_util.h"
#include "table_file.h"

namespace sanso::isms {
namespace {

constexpr size_t kMaxColumns = 200;
constexpr size_t kMaxCellBytes = 32 * 1024;

std::string quoted(const std::string& cell) {
  std::string out = "\"";
  // A leading = + - @ tab or CR makes Excel evaluate the cell: keep it text.
  if (!cell.empty() && std::string("=+-@\t\r").find(cell[0]) != std::string::npos) out += '\'';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Shift_JIS (Windows code page 932) to UTF-8 through iconv.
Result<std::string> fromCp932(const std::string& bytes) {
  iconv_t cd = iconv_open("UTF-8", "CP932");
  if (cd == reinterpret_cast<iconv_t>(-1)) return Status::internal("iconv cannot convert CP932");
  std::unique_ptr<void, int (*)(iconv_t)> close(cd, iconv_close);
  std::string out(bytes.size() * 3 / 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* dst = out.data();
  size_t out_left = out.size();
  if (iconv(cd, &in, &in_left, &dst, &out_left) == static_cast<size_t>(-1)) {
    return Status::invalidArgument("ファイルの文字コードが UTF-8 でも Shift_JIS でもありません");
  }
  out.resize(out.size() - out_left);
  return out;
}

}  // namespace

Status writeCsv(const ReportTable& table, const std::string& path) {
  std::string text = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) text += (i ? "," : "") + quoted(cells[i]);
    text += "\r\n";
  };
  std::vector<std::string> titles;
  for (const ReportColumn& c : table.columns) titles.push_back(c.title);
  line(titles);
  for (const auto& row : table.rows) line(row);
  return store::writeFileDurably(path, asBytes(text));
}

namespace detail {

Result<std::vector<std::vector<std::string>>> parseCsv(std::string text, size_t max_rows) {
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  if (!isValidUtf8(text)) {
    SANSO_ASSIGN_OR_RETURN(text, fromCp932(text));
  }
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool in_quotes = false;
  bool quoted_cell = false;
  size_t line = 1;
  auto endCell = [&]() -> Status {
    if (row.size() >= kMaxColumns) return Status::invalidArgument("列が多すぎます");
    row.push_back(std::move(cell));
    cell.clear();
    quoted_cell = false;
    return Status::ok();
  };
  auto endRow = [&]() -> Status {
    SANSO_RETURN_IF_ERROR(endCell());
    bool blank = row.size() == 1 && row[0].empty();
    if (!blank) {
      if (rows.size() >= max_rows) {
        return Status::invalidArgument("行が多すぎます（" + std::to_string(max_rows) + " 行まで）");
      }
      rows.push_back(std::move(row));
    }
    row.clear();
    ++line;
    return Status::ok();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        cell += c;
      }
    } else if (c == '"' && cell.empty() && !quoted_cell) {
      in_quotes = quoted_cell = true;
    } else if (c == ',') {
      SANSO_RETURN_IF_ERROR(endCell());
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      SANSO_RETURN_IF_ERROR(endRow());
    } else if (quoted_cell) {
      return Status::invalidArgument(std::to_string(line) + " 行目: 引用符の後に文字があります");
    } else {
      cell += c;
    }
    if (cell.size() > kMaxCellBytes) {
      return Status::invalidArgument(std::to_string(line) + " 行目: セルが長すぎます");
    }
  }
  if (in_quotes) return Status::invalidArgument("引用符が閉じられていません");
  if (!cell.empty() || !row.empty()) SANSO_RETURN_IF_ERROR(endRow());
  // Excel's "'" guard on export is not part of the value.
  for (auto& r : rows) {
    for (auto& value : r) {
      if (value.size() > 1 && value[0] == '\'' &&
          std::string("=+-@\t\r").find(value[1]) != std::string::npos) {
        value.erase(0, 1);
      }
    }
  }
  return rows;
}

}  // namespace detail
}  // namespace sanso::isms
