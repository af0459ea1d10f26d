// The warm pool behind startOfficePool() (through the formats module) and the cold path when
// it is off.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "office/office_converter.h"

namespace sanso::sanitize::office {
namespace {

using sandbox::Clock;

// Up to `size` instances, started eagerly by start() or on demand by acquire(); an instance in
// use is owned by its job and handed back by release().
class Pool {
 public:
  Pool(size_t size, const Limits& limits) : size_(size), limits_(limits) {}

  // Starts every instance and waits until they are ready.
  Status start() {
    std::vector<std::unique_ptr<OfficeInstance>> started;
    for (size_t i = 0; i < size_; ++i) {
      SANSO_ASSIGN_OR_RETURN(auto instance, OfficeInstance::launch(limits_));
      started.push_back(std::move(instance));
    }
    auto deadline = Clock::now() + limits_.max_office_time;
    for (auto& instance : started) SANSO_RETURN_IF_ERROR(instance->waitReady(deadline));
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& instance : started) idle_.push_back(std::move(instance));
    created_ = size_;
    return Status::ok();
  }

  // An idle instance, or a new one while fewer than `size` exist; null past `deadline`.
  Result<std::unique_ptr<OfficeInstance>> acquire(Clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!available_.wait_until(lock, deadline,
                               [this] { return !idle_.empty() || created_ < size_; })) {
      return std::unique_ptr<OfficeInstance>();
    }
    if (!idle_.empty()) {
      auto instance = std::move(idle_.front());
      idle_.pop_front();
      return instance;
    }
    ++created_;
    lock.unlock();
    auto instance = OfficeInstance::launch(limits_);
    if (!instance.isOk()) forget();
    return instance;
  }

  // Takes an instance back; one that failed or served its quota is replaced by a fresh
  // sandbox, which starts while the pool waits for the next job.
  void release(std::unique_ptr<OfficeInstance> instance) {
    if (!instance->usable()) {
      instance.reset();
      auto fresh = OfficeInstance::launch(limits_);
      if (!fresh.isOk()) return forget();
      instance = std::move(*fresh);
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      idle_.push_back(std::move(instance));
    }
    available_.notify_one();
  }

 private:
  // An instance is gone for good: a later job may start another.
  void forget() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --created_;
    }
    available_.notify_one();
  }

  size_t size_;
  Limits limits_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::deque<std::unique_ptr<OfficeInstance>> idle_;
  size_t created_ = 0;
};

std::mutex g_pool_mutex;
std::shared_ptr<Pool> g_pool;

std::shared_ptr<Pool> currentPool() {
  std::lock_guard<std::mutex> lock(g_pool_mutex);
  return g_pool;
}

bool executable(const char* path) { return ::access(path, X_OK) == 0; }

}  // namespace

Result<std::string> convertDocument(ByteView input, const Conversion& conversion, Budget& budget) {
  if (!converterInstalled()) {
    return Status::blocked("converter-unavailable",
                           "bubblewrap, LibreOffice or python3-uno is not installed");
  }
  const Limits& limits = budget.limits();
  auto start = Clock::now();
  auto job_left = limits.max_time - budget.elapsed();
  auto allowed = std::min<Clock::duration>(limits.max_office_time, job_left);
  auto deadline = start + allowed;
  // Always a blocked Status: the time spent is reported as past the limit.
  auto timedOut = [&](const std::string& where) {
    auto max_ms = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(allowed).count());
    auto spent_ms = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
    Status status = budget.check("office-time", std::max(spent_ms, max_ms + 1), max_ms, where);
    return status.isOk() ? Status::blocked("limit-office-time", where) : status;
  };

  std::shared_ptr<Pool> pool = currentPool();
  std::unique_ptr<OfficeInstance> instance;
  if (pool) {
    SANSO_ASSIGN_OR_RETURN(instance, pool->acquire(deadline));
    if (!instance) return timedOut("waiting for a LibreOffice instance");
  } else {
    SANSO_ASSIGN_OR_RETURN(instance, OfficeInstance::launch(limits));
  }
  auto out = instance->convert(input, conversion, deadline, limits.max_expanded_bytes);
  if (pool) pool->release(std::move(instance));
  if (!out.isOk()) {
    if (out.status().reason() == "sandbox-timeout") return timedOut("LibreOffice conversion");
    if (out.status().reason() == "sandbox-exited" || out.status().reason() == "sandbox-protocol") {
      return Status::blocked(
          "office-conversion-failed",
          "LibreOffice stopped while converting the file (" + out.status().message() + ")");
    }
    return out.status();
  }
  SANSO_RETURN_IF_ERROR(budget.chargeExpanded(out->size(), "LibreOffice output"));
  return out;
}

Status startPool(int size, const Limits& limits, bool start_now) {
  stopPool();
  if (size <= 0) return Status::ok();
  if (!converterInstalled()) {
    return Status::invalidArgument("bubblewrap, LibreOffice or python3-uno is not installed");
  }
  auto pool = std::make_shared<Pool>(static_cast<size_t>(size), limits);
  if (start_now) SANSO_RETURN_IF_ERROR(pool->start());
  std::lock_guard<std::mutex> lock(g_pool_mutex);
  g_pool = std::move(pool);
  return Status::ok();
}

void stopPool() {
  std::shared_ptr<Pool> pool;
  {
    std::lock_guard<std::mutex> lock(g_pool_mutex);
    pool.swap(g_pool);
  }
}

bool converterInstalled() {
  struct stat info {};
  return sandbox::sandboxAvailable() && executable("/usr/lib/libreoffice/program/soffice.bin") &&
         executable("/usr/bin/python3") &&
         ::stat("/usr/lib/python3/dist-packages/uno.py", &info) == 0;
}

}  // namespace sanso::sanitize::office
