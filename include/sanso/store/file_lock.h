// store::FileLock: an exclusive advisory lock (flock) on one file, held until destroyed.
//
// The gateway holds one on its blob store for as long as it runs, so that the start-up
// recovery (which deletes temporaries and blobs no row refers to) never runs beside a second
// server on the same data directory. The lock goes away with the process, kill -9 included.
#pragma once

#include <string>

#include "sanso/common/status.h"
#include "sanso/store/unique_fd.h"

namespace sanso::store {

class FileLock {
 public:
  // Creates `path` (mode 0600) when missing and locks it without waiting; Status::blocked
  // "locked" when another process (or another FileLock in this one) holds it.
  static Result<FileLock> acquire(const std::string& path);

  FileLock(FileLock&&) noexcept = default;
  FileLock& operator=(FileLock&&) noexcept = default;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock() = default;  // closing the descriptor releases the lock

 private:
  explicit FileLock(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

}  // namespace sanso::store
