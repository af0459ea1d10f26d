// store::BlobStore: content-addressed files under one directory.
//
// A blob with SHA-256 hex digest "abcd..." lives at <root>/ab/cd... (62 characters). Writers
// fill a temporary file under <root>/.tmp/ (same file system), fsync it, rename it into place
// and fsync the directory, so a blob is either absent or complete after a crash; a crash
// leaves at most a temporary file, which removeTemporaries() deletes. Names never come from
// outside: the only name a caller gives is a hash, and it is validated strictly.
// Safe to use from many threads and processes at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sanso/common/bytes.h"
#include "sanso/common/sha256.h"
#include "sanso/common/status.h"
#include "sanso/store/unique_fd.h"

namespace sanso::store {

struct BlobInfo {
  std::string sha256;  // 64 lower-case hex digits, the blob's name
  uint64_t size = 0;
};

// True when `hash` is exactly 64 lower-case hex digits.
bool isValidBlobHash(std::string_view hash);

class BlobWriter;

class BlobStore {
 public:
  // Uses `root`, creating it (mode 0700) and its .tmp folder when missing.
  static Result<BlobStore> open(const std::string& root);

  // Starts a blob that refuses ("limit-input-size") to grow past `max_bytes`.
  Result<BlobWriter> create(uint64_t max_bytes) const;
  // Stores the contents of the file at `path` (at most `max_bytes`).
  Result<BlobInfo> putFile(const std::string& path, uint64_t max_bytes) const;
  // Stores what `fd` yields from its current position to its end (at most `max_bytes`).
  Result<BlobInfo> putFd(int fd, uint64_t max_bytes) const;
  // Stores the working file at `path` (a regular file nothing else writes to, at most
  // `max_bytes`) by moving it into place when it is on the store's file system, which saves
  // the copy; otherwise copies it. On success the file is gone from `path`.
  Result<BlobInfo> adoptFile(const std::string& path, uint64_t max_bytes) const;

  // Opens the blob for reading; an io-error when it does not exist.
  Result<UniqueFd> openRead(std::string_view hash) const;
  // Whether the blob exists.
  Result<bool> contains(std::string_view hash) const;
  // Deletes the blob durably; deleting a missing blob succeeds (retention may retry).
  Status remove(std::string_view hash) const;
  // Every stored hash, sorted; for finding blobs no database row refers to.
  Result<std::vector<std::string>> list() const;
  // When the blob was last written (Unix seconds of its mtime); an io-error when missing.
  Result<int64_t> modifiedAt(std::string_view hash) const;
  // Deletes temporaries older than `min_age` (left by writers that crashed); returns how many.
  Result<size_t> removeTemporaries(std::chrono::seconds min_age) const;

  const std::string& root() const { return root_; }

 private:
  friend class BlobWriter;
  explicit BlobStore(std::string root) : root_(std::move(root)) {}
  std::string pathFor(std::string_view hash) const;
  // Renames the fsync'd file `from` to blob `hash` and fsyncs the blob's folder; false when
  // `from` is on another file system (nothing changed).
  Result<bool> moveIntoPlace(const std::string& from, const std::string& hash) const;

  std::string root_;
};

// A blob being written. Destroyed without commit(), its temporary file is removed.
class BlobWriter {
 public:
  BlobWriter(BlobWriter&& other) noexcept;
  BlobWriter& operator=(BlobWriter&&) = delete;
  BlobWriter(const BlobWriter&) = delete;
  BlobWriter& operator=(const BlobWriter&) = delete;
  ~BlobWriter();

  // Appends `data`, hashing it on the way.
  Status write(ByteView data);
  // Copies everything `fd` yields until its end.
  Status copyFrom(int fd);
  // Flushes the file to stable storage and moves it to its content address.
  Result<BlobInfo> commit();

 private:
  friend class BlobStore;
  BlobWriter(const BlobStore* store, UniqueFd fd, std::string temp_path, uint64_t max_bytes);

  const BlobStore* store_;
  UniqueFd fd_;
  std::string temp_path_;
  uint64_t max_bytes_;
  uint64_t size_ = 0;
  std::unique_ptr<Sha256> hash_;
};

}  // namespace sanso::store
