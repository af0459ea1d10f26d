// Reading inputs without copying them and writing outputs that appear whole or not at all.
#pragma once

#include <cstdint>
#include <string>

#include "sanso/common/bytes.h"
#include "sanso/common/status.h"

namespace sanso {

// A read-only view of a whole input: memory-mapped when it is a regular file,
// read into memory (up to `max_bytes`) when it is a pipe or socket.
class InputFile {
 public:
  // Opens `path`. Blocks with "limit-input-size" past `max_bytes`.
  static Result<InputFile> open(const std::string& path, uint64_t max_bytes);
  // Uses `fd` (not closed, not repositioned when mappable).
  static Result<InputFile> fromFd(int fd, uint64_t max_bytes);

  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&& other) noexcept;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();

  ByteView bytes() const { return {data_, size_}; }

  // The hex SHA-256 of bytes(). A mapped file's pages are handed back to the kernel as they
  // are hashed (they are read again from the page cache if used later), so hashing a large
  // input does not keep it resident in memory.
  std::string sha256Hex() const;

 private:
  InputFile() = default;
  void release();

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
  std::string owned_;
};

// A temporary file that becomes the output only on commit(); destroyed uncommitted, it is
// removed. Created beside the final path so that commit is an atomic rename.
class PendingOutput {
 public:
  // A pending file for final path `path` (in the same directory).
  static Result<PendingOutput> forPath(const std::string& path);
  // A pending file in $TMPDIR whose bytes are copied to `fd` on commit.
  static Result<PendingOutput> forFd(int fd);
  // The output written straight into `path`, which is created or, when it exists, emptied and
  // reused: no temporary, no rename. For a caller's private scratch file, read only after a
  // successful commit; it saves a file creation and removal per output.
  static Result<PendingOutput> inPlace(const std::string& path);

  PendingOutput(PendingOutput&& other) noexcept;
  PendingOutput& operator=(PendingOutput&&) = delete;
  PendingOutput(const PendingOutput&) = delete;
  PendingOutput& operator=(const PendingOutput&) = delete;
  ~PendingOutput();

  // Where producers write the output. Truncating or replacing this file is allowed.
  const std::string& tempPath() const { return temp_path_; }
  // Moves (or copies) the temporary into place; with `durable`, first flushes it to stable
  // storage so that the output also survives a power loss.
  Status commit(bool durable);

 private:
  PendingOutput() = default;

  std::string temp_path_;
  std::string final_path_;
  int target_fd_ = -1;
  bool in_place_ = false;
  bool committed_ = false;
};

// An anonymous temporary file (it has no name once created, so it disappears with its last
// descriptor) for bytes that would otherwise have to stay in memory until they are written.
class SpoolFile {
 public:
  struct Range {
    uint64_t offset = 0;
    uint64_t size = 0;
  };

  // Creates the spool in the directory of `path` (so it shares the output's file system).
  static Result<SpoolFile> createBeside(const std::string& path);
  SpoolFile(SpoolFile&& other) noexcept;
  SpoolFile& operator=(SpoolFile&&) = delete;
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;
  ~SpoolFile();

  // Appends `data` and returns where it is.
  Result<Range> append(ByteView data);
  // For reading a Range back with pread().
  int fd() const { return fd_; }

 private:
  SpoolFile() = default;
  int fd_ = -1;
  uint64_t size_ = 0;
};

// Reads a whole (small) file into memory, refusing files over `max_bytes`.
Result<std::string> readFile(const std::string& path, uint64_t max_bytes);
// Writes all of `data` to `fd`, retrying short and interrupted writes.
Status writeAll(int fd, ByteView data);

// Writes `data` to `path` (truncating).
Status writeFile(const std::string& path, ByteView data);

}  // namespace sanso
