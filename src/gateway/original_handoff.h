// Plaintext originals that uploads have just taken, held for the worker that sanitizes them:
// the worker reads what the upload read instead of decrypting the stored copy a moment later.
// Bounded by bytes; anything not held here (declined, expired, queued by another process,
// lost in a restart) costs the worker a decryption, never a transfer.
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

  // Holds at most `max_bytes` in all, `max_file_bytes` per original; entries older than
  // `max_age` make room for new ones.
  OriginalHandoff(uint64_t max_bytes, uint64_t max_file_bytes, Clock::duration max_age);

  // Keeps `fd`, a read-only descriptor of the plaintext of transfer `id` (`size` bytes with
  // SHA-256 `sha256`, a file nobody writes any more), when it fits; drops it otherwise.
  void offer(int64_t id, store::UniqueFd fd, uint64_t size, std::string sha256);

  // The descriptor offered for `id`, when it was offered with this `size` and `sha256`;
  // nullopt otherwise. Either way nothing is held for `id` afterwards.
  std::optional<store::UniqueFd> take(int64_t id, uint64_t size, std::string_view sha256);

  // Drops what is held for `id`, if anything (its job will not run, or not from here).
  void forget(int64_t id);

  // Bytes held now.
  uint64_t heldBytes() const;

 private:
  struct Entry {
    store::UniqueFd fd;
    uint64_t size = 0;
    std::string sha256;
    Clock::time_point offered;
  };

  // Drops entries offered before `now - max_age_`; under mutex_.
  void expire(Clock::time_point now);

  const uint64_t max_bytes_;
  const uint64_t max_file_bytes_;
  const Clock::duration max_age_;
  mutable std::mutex mutex_;
  std::map<int64_t, Entry> entries_;
  uint64_t held_bytes_ = 0;
};

}  // namespace sanso::gateway::detail
