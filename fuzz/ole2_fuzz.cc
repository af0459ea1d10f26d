// Fuzzes the OLE2 compound-file reader and the legacy Office inspection (kind, template and
// encryption markers) that decide what LibreOffice is asked to read.
#include <cstddef>
#include <cstdint>

#include "ole2/legacy_office.h"
#include "ole2/ole2_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const sanso::ByteView input(data, size);
  sanso::Limits limits;
  limits.max_expanded_bytes = 64ull << 20;
  sanso::Budget budget(limits);
  (void)sanso::sanitize::ole2::inspectLegacyOffice(input, budget);
  auto reader = sanso::sanitize::ole2::Ole2Reader::open(input, budget);
  if (!reader.isOk()) return 0;
  for (const auto& entry : reader->rootChildren()) {
    auto stream = reader->readStream(entry, 1 << 20);
    if (stream.isOk() && stream->size() > entry.size) __builtin_trap();
  }
  return 0;
}
