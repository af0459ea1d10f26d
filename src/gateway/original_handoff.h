// Plaintext originals that uploads have just taken, held for the worker that sanitizes them:
// the worker reads what the upload read instead of decrypting the stored copy a moment later.
// Bounded by bytes, by files (each holds a descriptor) and by age; anything not held here
// (declined, expired, queued by another process, lost in a restart) costs the worker a
// decryption, never a transfer.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "sanso/store/unique_fd.h"

namespace sanso::gateway::detail {

class OriginalHandoff {
 public:
  using Clock = std::chrono::steady_clock;

  struct Bounds {
    uint64_t max_bytes = 0;       // in all
    uint64_t max_file_bytes = 0;  // per original
    size_t max_files = 0;         // descriptors held at once
    Clock::duration max_age{};    // older entries are dropped
  };

  explicit OriginalHandoff(Bounds bounds);

  // Keeps `fd`, a read-only descriptor of the plaintext of transfer `id` (`size` bytes with
  // SHA-256 `sha256`, a file nobody writes any more), when it fits; drops it otherwise. An
  // entry already held for `id` stays.
  void offer(int64_t id, store::UniqueFd fd, uint64_t size, std::string sha256);

  // The descriptor offered for `id`, when it was offered with this `size` and `sha256`;
  // nullopt otherwise. Either way nothing is held for `id` afterwards.
  std::optional<store::UniqueFd> take(int64_t id, uint64_t size, std::string_view sha256);

  // Drops what is held for `id` when it was offered with `sha256` (its job will not run, or
  // not from this offer).
  void forget(int64_t id, std::string_view sha256);

  // Bytes and files held now.
  uint64_t heldBytes() const;
  size_t heldFiles() const;

 private:
  struct Entry {
    store::UniqueFd fd;
    uint64_t size = 0;
    std::string sha256;
    Clock::time_point offered;
  };

  // Removes `it`; under mutex_.
  void erase(std::map<int64_t, Entry>::iterator it);
  // Drops entries offered before `now - max_age`; under mutex_.
  void expire(Clock::time_point now);

  const Bounds bounds_;
  mutable std::mutex mutex_;
  std::map<int64_t, Entry> entries_;
  uint64_t held_bytes_ = 0;
};

}  // namespace sanso::gateway::detail
