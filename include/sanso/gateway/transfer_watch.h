// Who waits for a transfer to change (long polling of its state): wake functions by transfer
// id, called after each committed change. Bounded: at most kMaxWatchers at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace sanso::gateway {

class TransferWatch {
 public:
  static constexpr size_t kMaxWatchers = 1024;

  class Registry;

  // Unregisters its wake function when destroyed (also safe after the watch is gone);
  // inactive when the watch was full.
  class Subscription {
   public:
    Subscription() = default;
    Subscription(std::weak_ptr<Registry> registry, uint64_t ticket)
        : registry_(std::move(registry)), ticket_(ticket) {}
    Subscription(Subscription&& other) noexcept
        : registry_(std::move(other.registry_)), ticket_(std::exchange(other.ticket_, 0)) {}
    Subscription& operator=(Subscription&& other) noexcept;
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;
    ~Subscription() { end(); }
    bool active() const { return ticket_ != 0; }

   private:
    void end();
    std::weak_ptr<Registry> registry_;
    uint64_t ticket_ = 0;  // 0: inactive
  };

  TransferWatch();

  // Calls `wake` (without holding the watch's lock) after every change of transfer `id`
  // until the subscription ends; an inactive subscription when kMaxWatchers are registered.
  Subscription watch(int64_t id, std::function<void()> wake);
  // Transfer `id` changed (its transaction has committed).
  void changed(int64_t id);
  // Any transfer may have changed (retention, recovery).
  void changedAll();
  // Registered wake functions.
  size_t size() const;

  // The wake functions by transfer id (shared with the subscriptions).
  class Registry {
   public:
    uint64_t add(int64_t id, std::function<void()> wake);  // 0 when full
    void remove(uint64_t ticket);
    std::vector<std::function<void()>> wakes(const int64_t* id) const;  // null id: all
    size_t size() const;

   private:
    struct Entry {
      int64_t id;
      std::function<void()> wake;
    };
    mutable std::mutex mutex_;
    uint64_t next_ = 0;
    std::map<uint64_t, Entry> entries_;             // by ticket
    std::multimap<int64_t, uint64_t> by_transfer_;  // transfer id -> ticket
  };

 private:
  std::shared_ptr<Registry> registry_;
};

}  // namespace sanso::gateway
