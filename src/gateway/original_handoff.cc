#include "original_handoff.h"

namespace sanso::gateway::detail {

OriginalHandoff::OriginalHandoff(Bounds bounds) : bounds_(bounds) {}

void OriginalHandoff::offer(int64_t id, store::UniqueFd fd, uint64_t size, std::string sha256) {
  if (!fd.valid() || size > bounds_.max_file_bytes) return;
  const Clock::time_point now = Clock::now();
  std::lock_guard lock(mutex_);
  expire(now);
  if (held_bytes_ + size > bounds_.max_bytes || entries_.size() >= bounds_.max_files ||
      entries_.count(id) != 0) {
    return;
  }
  entries_.emplace(id, Entry{std::move(fd), size, std::move(sha256), now});
  held_bytes_ += size;
}

std::optional<store::UniqueFd> OriginalHandoff::take(int64_t id, uint64_t size,
                                                     std::string_view sha256) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  const bool same = it->second.size == size && it->second.sha256 == sha256;
  store::UniqueFd fd = std::move(it->second.fd);
  erase(it);
  if (!same) return std::nullopt;
  return fd;
}

void OriginalHandoff::forget(int64_t id, std::string_view sha256) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it != entries_.end() && it->second.sha256 == sha256) erase(it);
}

uint64_t OriginalHandoff::heldBytes() const {
  std::lock_guard lock(mutex_);
  return held_bytes_;
}

size_t OriginalHandoff::heldFiles() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void OriginalHandoff::erase(std::map<int64_t, Entry>::iterator it) {
  held_bytes_ -= it->second.size;
  entries_.erase(it);
}

void OriginalHandoff::expire(Clock::time_point now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto next = std::next(it);
    if (now - it->second.offered >= bounds_.max_age) erase(it);
    it = next;
  }
}

}  // namespace sanso::gateway::detail
