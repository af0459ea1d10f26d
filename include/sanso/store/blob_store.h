// store::BlobStore: content-addressed files under one directory.
//
// A blob with SHA-256 hex digest "abcd..." lives at <root>/ab/cd... (62 characters). Writers
// fill a temporary file under <root>/.tmp/ (same file system), fsync it, rename it into place
// and fsync the directory, so a blob is either absent or complete after a crash; a crash
// leaves at most a temporary file, which removeTemporaries() deletes. Names never come from
// outside: the only name a caller gives is a hash, and it is validated strictly.
//
// A store opened with a database keeps small blobs (up to a size given at open) as rows of
// that database instead: written through its group commit, such a blob costs no file, no
// fsync of its own and no directory flush, and it is durable when write returns, like a file
// blob. Either way a blob is found by its hash alone; readers never see which tier holds it.
// Safe to use from many threads and processes at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sanso/common/bytes.h"
#include "sanso/common/sha256.h"
#include "sanso/common/status.h"
#include "sanso/store/database.h"
#include "sanso/store/unique_fd.h"

namespace sanso::store {

struct BlobInfo {
  std::string sha256;  // 64 lower-case hex digits, the blob's name
  uint64_t size = 0;
};

// True when `hash` is exactly 64 lower-case hex digits.
bool isValidBlobHash(std::string_view hash);

class BlobWriter;
class StagedBlob;

class BlobStore {
 public:
  // Uses `root`, creating it (mode 0700) and its .tmp folder when missing.
  static Result<BlobStore> open(const std::string& root);
  // As open(root), and keeps blobs of at most `max_row_bytes` in `db` (its table blob_rows,
  // migrated here), which must outlive the store.
  static Result<BlobStore> open(const std::string& root, Database& db, uint64_t max_row_bytes);

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
  // As putFd and adoptFile, but a row-sized blob is only staged: the caller saves it in its
  // own database write (StagedBlob::saveIn). `path` stays when its bytes were staged.
  Result<StagedBlob> stageFd(int fd, uint64_t max_bytes) const;
  Result<StagedBlob> stageFile(const std::string& path, uint64_t max_bytes) const;
  // Saves a staged blob in a write of its own; durable when this returns.
  Result<BlobInfo> save(const StagedBlob& staged) const;

  // Opens the blob for reading (a blob held in the database is copied into an anonymous
  // file); an io-error when it does not exist.
  Result<UniqueFd> openRead(std::string_view hash) const;
  // Whether the blob exists.
  Result<bool> contains(std::string_view hash) const;
  // Deletes the blob durably; deleting a missing blob succeeds (retention may retry).
  Status remove(std::string_view hash) const;
  // Every stored hash, sorted; for finding blobs no database row refers to.
  Result<std::vector<std::string>> list() const;
  // When the blob was last written (Unix seconds); an io-error when missing.
  Result<int64_t> modifiedAt(std::string_view hash) const;
  // Deletes temporaries older than `min_age` (left by writers that crashed); returns how many.
  Result<size_t> removeTemporaries(std::chrono::seconds min_age) const;

  const std::string& root() const { return root_; }

 private:
  friend class BlobWriter;
  explicit BlobStore(std::string root) : root_(std::move(root)) {}
  std::string pathFor(std::string_view hash) const;
  // Whether a blob of `size` bytes belongs in the database.
  bool fitsRow(uint64_t size) const { return db_ != nullptr && size <= max_row_bytes_; }
  // Creates a temporary file under .tmp for a blob being written.
  Result<std::pair<UniqueFd, std::string>> createTemporary() const;
  // A caller's working file, opened without following a symbolic link, with what fstat said.
  struct WorkingFile {
    UniqueFd fd;
    uint64_t size = 0;
    uint64_t links = 0;
  };
  // Opens `path`; an io-error unless it is a regular file.
  static Result<WorkingFile> openWorkingFile(const std::string& path);
  // adoptFile() for a file openWorkingFile() opened.
  Result<BlobInfo> adoptOpened(const std::string& path, const WorkingFile& file,
                               uint64_t max_bytes) const;
  // Renames the fsync'd file `from` to blob `hash` and fsyncs the blob's folder; false when
  // `from` is on another file system (nothing changed).
  Result<bool> moveIntoPlace(const std::string& from, const std::string& hash) const;

  std::string root_;
  Database* db_ = nullptr;  // none: every blob is a file
  uint64_t max_row_bytes_ = 0;
};

// A blob being written. In a store with a database it stays in memory while it fits a row and
// moves to a temporary file when it outgrows one. Destroyed without commit(), its temporary
// file is removed.
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
  // Makes the blob durable under its content address: a row committed to the database, or
  // the file flushed to stable storage and moved into place.
  Result<BlobInfo> commit();
  // Finishes the blob: a file is made durable as by commit(); a row-sized blob is handed over
  // for the caller's own database write.
  Result<StagedBlob> stage();

 private:
  friend class BlobStore;
  BlobWriter(const BlobStore* store, UniqueFd fd, std::string temp_path, uint64_t max_bytes);
  // Moves what is held in memory to a temporary file, which takes the rest.
  Status spill();

  const BlobStore* store_;
  UniqueFd fd_;  // invalid while the blob is held in memory
  std::string temp_path_;
  uint64_t max_bytes_;
  uint64_t size_ = 0;
  std::unique_ptr<Sha256> hash_;
  std::vector<uint8_t> memory_;  // the blob while it is held in memory
};

// A blob written in full whose row is to be saved in the caller's database write, so that it
// is committed together with the row that refers to it (one commit, one flush, and no window
// in which it is stored but unreferenced). A blob too large for a row is a durable file
// already; saveIn() does nothing for it. Dropped unsaved, a staged row is simply gone.
class StagedBlob {
 public:
  const BlobInfo& info() const { return info_; }
  // Whether saveIn() has bytes to write (false: the blob is a file already).
  bool isRow() const { return row_.has_value(); }
  // Inside a write transaction on the store's database (Database::write); a no-op for a file.
  Status saveIn(Session& session) const;

 private:
  friend class BlobStore;
  friend class BlobWriter;
  StagedBlob(BlobInfo info, std::optional<std::vector<uint8_t>> row)
      : info_(std::move(info)), row_(std::move(row)) {}

  BlobInfo info_;
  std::optional<std::vector<uint8_t>> row_;
};

}  // namespace sanso::store
