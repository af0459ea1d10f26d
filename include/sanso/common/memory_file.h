// An anonymous file in memory (memfd) that code taking a path can open by name
// (/proc/self/fd/N): scratch copies that must not touch the disk or cost a file-system entry.
#pragma once

#include <string>
#include <utility>

#include "sanso/common/status.h"

namespace sanso {

class MemoryFile {
 public:
  // A new empty memory file; `label` names it in /proc/PID/fd listings. Fails (the caller
  // falls back to a file on disk) when the system has no memfd_create or the process cannot
  // open its descriptors through /proc.
  static Result<MemoryFile> create(const char* label);

  MemoryFile(MemoryFile&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}
  MemoryFile& operator=(MemoryFile&&) = delete;
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  // Closes the descriptor: the memory goes with the last descriptor of the file.
  ~MemoryFile();

  int fd() const { return fd_; }
  // A name that opens this file while it exists (another open file description: its own offset).
  const std::string& path() const { return path_; }

 private:
  MemoryFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

}  // namespace sanso
