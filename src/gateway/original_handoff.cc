#include "original_handoff.h"

namespace sanso::gateway::detail {

OriginalHandoff::OriginalHandoff(uint64_t max_bytes, uint64_t max_file_bytes,
                                 Clock::duration max_age)
    : max_bytes_(max_bytes), max_file_bytes_(max_file_bytes), max_age_(max_age) {}

void OriginalHandoff::offer(int64_t id, store::UniqueFd fd, uint64_t size, std::string sha256) {
  if (!fd.valid() || size > max_file_bytes_) return;
  const Clock::time_point now = Clock::now();
  std::lock_guard lock(mutex_);
  if (held_bytes_ + size > max_bytes_) expire(now);
  if (held_bytes_ + size > max_bytes_ || entries_.count(id) != 0) return;
  entries_.emplace(id, Entry{std::move(fd), size, std::move(sha256), now});
  held_bytes_ += size;
}

std::optional<store::UniqueFd> OriginalHandoff::take(int64_t id, uint64_t size,
                                                     std::string_view sha256) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  Entry entry = std::move(it->second);
  held_bytes_ -= entry.size;
  entries_.erase(it);
  if (entry.size != size || entry.sha256 != sha256) return std::nullopt;
  return std::move(entry.fd);
}

void OriginalHandoff::forget(int64_t id) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  held_bytes_ -= it->second.size;
  entries_.erase(it);
}

uint64_t OriginalHandoff::heldBytes() const {
  std::lock_guard lock(mutex_);
  return held_bytes_;
}

void OriginalHandoff::expire(Clock::time_point now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (now - it->second.offered >= max_age_) {
      held_bytes_ -= it->second.size;
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace sanso::gateway::detail
