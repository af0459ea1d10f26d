// The length-prefixed encoding that record hashes and checkpoint signatures cover.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sanso::audit {

// Appends the byte length of `field` as an 8-byte big-endian integer, then `field`.
inline void appendField(std::string& out, std::string_view field) {
  uint64_t size = field.size();
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((size >> shift) & 0xff));
  }
  out.append(field);
}

}  // namespace sanso::audit
