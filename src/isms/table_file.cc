#include "table_file.h"

#include <cstring>

#include "sanso/common/file_io.h"
#include "sanso/isms/tables.h"

namespace sanso::isms {

Result<std::vector<std::vector<std::string>>> readTableFile(const std::string& path,
                                                            size_t max_rows) {
  constexpr uint64_t kMaxCsvBytes = 16ull << 20;
  auto content = readFile(path, kMaxCsvBytes);
  if (!content.isOk()) return content.status();
  const std::string& bytes = *content;
  bool zip = bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0;
  if (zip) return detail::readXlsxRows(path, max_rows);
  return detail::parseCsv(bytes, max_rows);
}

}  // namespace sanso::isms
