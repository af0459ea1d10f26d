// Writes a fresh zip archive (libzip) with fixed timestamps, entries in the order added.
#pragma once

#include <deque>
#include <string>

#include "sanso/common/status.h"

struct zip;

namespace sanso::sanitize::zip {

class Writer {
 public:
  // Creates (truncates) the archive at `path`.
  static Result<Writer> create(const std::string& path);
  Writer(Writer&& other) noexcept;
  Writer& operator=(Writer&&) = delete;
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  // Discards the archive if close() was not reached.
  ~Writer();

  // Adds an entry; `deflate` false stores it (for already-compressed images).
  Status add(const std::string& name, std::string data, bool deflate = true);
  // Writes the archive to disk.
  Status close();

 private:
  Writer() = default;

  ::zip* archive_ = nullptr;
  std::deque<std::string> buffers_;  // libzip reads them at close()
};

}  // namespace sanso::sanitize::zip
