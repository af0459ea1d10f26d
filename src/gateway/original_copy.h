// The plaintext original of a transfer while a worker sanitizes it: the upload's own file when
// it was handed over (original_handoff.h), else decrypted: in memory when it is small (no
// plaintext on disk, no file to create and remove for each transfer), otherwise a file in the
// job's directory. Either way it is gone when the copy is destroyed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sanso/common/status.h"
#include "sanso/store/blob_store.h"
#include "sanso/store/secret_box.h"
#include "sanso/store/unique_fd.h"

namespace sanso::gateway::detail {

class OriginalCopy {
 public:
  // Originals up to this size are decrypted into memory: a worker holds at most one.
  static constexpr uint64_t kMaxInMemoryBytes = 16ull << 20;

  // Decrypts blob `hash`, whose plaintext was recorded as `size` bytes at upload, into memory
  // or (when larger, or when the system gives no MemoryFile) into `dir`/original.
  static Result<OriginalCopy> decrypt(const store::SecretBox& box, const store::BlobStore& blobs,
                                      std::string_view hash, uint64_t size, const std::string& dir);

  // The copy held by `fd`: a file nobody writes any more (an upload's own file handed over, or
  // a memory file decrypt() filled). Fails when the file cannot be opened by its
  // /proc/self/fd name (for a handed-over file: the caller decrypts instead).
  static Result<OriginalCopy> adopt(store::UniqueFd fd);

  // A path the engine can open (/proc/self/fd/N for a copy in memory).
  const std::string& path() const { return path_; }
  // Stages the copy as a blob of at most `max_bytes` (a flow that delivers the original as it
  // is); a file on disk is moved into the store.
  Result<store::StagedBlob> stage(const store::BlobStore& blobs, uint64_t max_bytes) const;

 private:
  OriginalCopy(store::UniqueFd held, std::string path)
      : held_(std::move(held)), path_(std::move(path)) {}

  store::UniqueFd held_;  // the copy in memory or handed over; invalid for a copy on disk
  std::string path_;
};

}  // namespace sanso::gateway::detail
