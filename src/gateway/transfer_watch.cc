#include "sanso/gateway/transfer_watch.h"

namespace sanso::gateway {

TransferWatch::Subscription& TransferWatch::Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    end();
    registry_ = std::move(other.registry_);
    ticket_ = std::exchange(other.ticket_, 0);
  }
  return *this;
}

void TransferWatch::Subscription::end() {
  if (ticket_ == 0) return;
  if (auto registry = registry_.lock()) registry->remove(ticket_);
  ticket_ = 0;
}

TransferWatch::TransferWatch() : registry_(std::make_shared<Registry>()) {}

TransferWatch::Subscription TransferWatch::watch(int64_t id, std::function<void()> wake) {
  const uint64_t ticket = registry_->add(id, std::move(wake));
  if (ticket == 0) return {};
  return Subscription(registry_, ticket);
}

void TransferWatch::changed(int64_t id) {
  for (const auto& wake : registry_->wakes(&id)) wake();
}

void TransferWatch::changedAll() {
  for (const auto& wake : registry_->wakes(nullptr)) wake();
}

size_t TransferWatch::size() const { return registry_->size(); }

uint64_t TransferWatch::Registry::add(int64_t id, std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxWatchers) return 0;
  const uint64_t ticket = ++next_;
  entries_.emplace(ticket, Entry{id, std::move(wake)});
  by_transfer_.emplace(id, ticket);
  return ticket;
}

void TransferWatch::Registry::remove(uint64_t ticket) {
  std::lock_guard lock(mutex_);
  auto entry = entries_.find(ticket);
  if (entry == entries_.end()) return;
  auto [begin, end] = by_transfer_.equal_range(entry->second.id);
  for (auto it = begin; it != end; ++it) {
    if (it->second == ticket) {
      by_transfer_.erase(it);
      break;
    }
  }
  entries_.erase(entry);
}

std::vector<std::function<void()>> TransferWatch::Registry::wakes(const int64_t* id) const {
  std::vector<std::function<void()>> out;
  std::lock_guard lock(mutex_);
  if (id == nullptr) {
    for (const auto& [ticket, entry] : entries_) out.push_back(entry.wake);
    return out;
  }
  auto [begin, end] = by_transfer_.equal_range(*id);
  for (auto it = begin; it != end; ++it) out.push_back(entries_.at(it->second).wake);
  return out;
}

size_t TransferWatch::Registry::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace sanso::gateway
