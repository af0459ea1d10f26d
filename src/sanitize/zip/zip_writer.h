// Writes a fresh zip archive (minizip) entry by entry, straight to the file: nothing is kept in
// memory after add() returns. Fixed timestamps, UTF-8 names, entries in the order added.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sanso/common/status.h"

namespace sanso::sanitize::zip {

class Writer {
 public:
  // Creates (truncates) the archive at `path`.
  static Result<Writer> create(const std::string& path);
  Writer(Writer&& other) noexcept;
  Writer& operator=(Writer&&) = delete;
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  // Closes the file if close() was not reached; the caller discards the incomplete archive.
  ~Writer();

  // Writes an entry holding `data`; `deflate` false stores it (for already-compressed images).
  Status add(const std::string& name, std::string_view data, bool deflate = true);
  // Writes an entry holding `size` bytes of the open file `fd` from `offset`, read in chunks.
  Status addFromFile(const std::string& name, int fd, uint64_t offset, uint64_t size, bool deflate);
  // Writes the central directory and closes the file.
  Status close();

 private:
  Writer() = default;
  Status begin(const std::string& name, bool deflate);
  Status write(std::string_view chunk, const std::string& name);
  Status end(const std::string& name);

  void* archive_ = nullptr;  // minizip's zipFile
};

}  // namespace sanso::sanitize::zip
