// Generated test contents.
#pragma once

#include <cstddef>
#include <string>

namespace sanso::test {

// `size` bytes that run through every byte value without repeating in short periods: data
// whose corruption, truncation or reordering shows in a comparison.
inline std::string patternBytes(size_t size) {
  std::string data(size, '\0');
  for (size_t i = 0; i < size; ++i) data[i] = static_cast<char>((i * 31 + i / 7) & 0xff);
  return data;
}

}  // namespace sanso::test
