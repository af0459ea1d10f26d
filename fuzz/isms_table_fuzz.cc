// Register imports on arbitrary bytes: the CSV reader (UTF-8 or Shift_JIS) and the XLSX
// worksheet reader must refuse or return bounded rows, never crash or run away.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sanso/isms/tables.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = [] {
    char name[] = "/tmp/isms-table-fuzz-XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0) std::abort();
    close(fd);
    return std::string(name);
  }();
  FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, out) != size) std::abort();
  std::fclose(out);
  auto rows = sanso::isms::readTableFile(path, 1000);
  (void)rows;
  return 0;
}
