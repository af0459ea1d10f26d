// Fuzzes the .msg -> MIME converter directly: the OLE2 reader's nested storages, MAPI property
// streams, code page decoding, attached messages and the MIME writer.
#include <cstddef>
#include <cstdint>

#include "msg/msg_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sanso::Limits limits;
  limits.max_expanded_bytes = 64ull << 20;
  limits.max_archive_member_bytes = 16ull << 20;
  sanso::Budget budget(limits);
  auto result = sanso::sanitize::msg::msgToMime(sanso::ByteView(data, size), budget);
  if (result.isOk()) {
    // The MIME writer promises ASCII output.
    for (char c : result->mime) {
      if (static_cast<unsigned char>(c) > 0x7F) __builtin_trap();
    }
  }
  return 0;
}
