// Fuzzes the TNEF (winmail.dat) unpacker directly: attribute framing, checksums and MAPI
// property blocks.
#include <cstddef>
#include <cstdint>

#include "tnef/tnef_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sanso::Limits limits;
  limits.max_expanded_bytes = 64ull << 20;
  sanso::Budget budget(limits);
  auto result = sanso::sanitize::tnef::unpackTnef(sanso::ByteView(data, size), budget);
  if (result.isOk()) {
    for (const auto& attachment : result->attachments) {
      if (attachment.data.size() > size) __builtin_trap();
    }
  }
  return 0;
}
