// Writes a fresh zip archive (minizip) entry by entry, straight to the file: nothing is kept in
// memory after add() returns. Fixed timestamps, UTF-8 names, entries in the order added.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sanso/common/status.h"
#include "zip/zip_reader.h"

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
  // Writes an entry whose bytes are the inflated `packed` stream, copying the stream as it is.
  // The caller vouches that it inflates to exactly packed.size bytes with CRC packed.crc32
  // (Reader::read() checked both for an entry it accepted).
  Status addPacked(const std::string& name, const Packed& packed);
  // Writes an entry holding `size` bytes of the open file `fd` from `offset`, read in chunks.
  Status addFromFile(const std::string& name, int fd, uint64_t offset, uint64_t size, bool deflate);
  // Writes the central directory and closes the file.
  Status close();

 private:
  Writer() = default;
  // `raw`: the caller writes an already-deflated stream and closes with its size and CRC.
  Status begin(const std::string& name, bool deflate, bool raw);
  Status write(std::string_view chunk, const std::string& name);
  Status end(const std::string& name);
  // Writes a deflated entry from its finished stream, `size` bytes inflated with CRC `crc`.
  Status addRaw(const std::string& name, std::string_view stream, uint64_t size, uint32_t crc);

  void* archive_ = nullptr;     // minizip's zipFile
  void* compressor_ = nullptr;  // libdeflate's compressor, made on the first deflated add()
  std::vector<char> packed_;    // add()'s compressed bytes, reused between entries
};

}  // namespace sanso::sanitize::zip
