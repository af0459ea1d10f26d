// Byte views and bounds-checked little-endian reads for binary parsers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace sanso {

using ByteView = std::span<const uint8_t>;

inline std::string_view asChars(ByteView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
inline ByteView asBytes(std::string_view chars) {
  return {reinterpret_cast<const uint8_t*>(chars.data()), chars.size()};
}

// Reads an unsigned little-endian integer of N bytes at `offset`; nullopt when out of range.
template <typename T>
std::optional<T> readLe(ByteView bytes, uint64_t offset) {
  if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) return std::nullopt;
  T value = 0;
  for (size_t i = 0; i < sizeof(T); ++i) {
    value |= static_cast<T>(static_cast<T>(bytes[offset + i]) << (8 * i));
  }
  return value;
}

// A sub-view [offset, offset+length); nullopt when it does not fit inside `bytes`.
inline std::optional<ByteView> subView(ByteView bytes, uint64_t offset, uint64_t length) {
  if (offset > bytes.size() || bytes.size() - offset < length) return std::nullopt;
  return bytes.subspan(static_cast<size_t>(offset), static_cast<size_t>(length));
}

}  // namespace sanso
