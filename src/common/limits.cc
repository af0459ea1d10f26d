#include "sanso/common/limits.h"

namespace sanso {

Budget::Budget(const Limits& limits) : limits_(limits), start_(std::chrono::steady_clock::now()) {}

Status Budget::checkTime(const std::string& where) {
  auto spent = elapsed();
  if (spent <= limits_.max_time) return Status::ok();
  return hit("time", static_cast<uint64_t>(spent.count()),
             static_cast<uint64_t>(limits_.max_time.count()), where);
}

Status Budget::chargeExpanded(uint64_t bytes, const std::string& where) {
  uint64_t total;
  {
    std::lock_guard lock(mutex_);
    expanded_ = (expanded_ > UINT64_MAX - bytes) ? UINT64_MAX : expanded_ + bytes;
    total = expanded_;
  }
  if (total <= limits_.max_expanded_bytes) return Status::ok();
  return hit("expanded-size", total, limits_.max_expanded_bytes, where);
}

Status Budget::check(const std::string& name, uint64_t value, uint64_t max,
                     const std::string& where) {
  if (value <= max) return Status::ok();
  return hit(name, value, max, where);
}

Status Budget::hit(const std::string& name, uint64_t value, uint64_t max,
                   const std::string& where) {
  {
    std::lock_guard lock(mutex_);
    events_.push_back({"limit-" + name, where, value, max});
  }
  return Status::blocked("limit-" + name, name + " limit exceeded at " + where + " (" +
                                              std::to_string(value) + " > " +
                                              std::to_string(max) + ")");
}

std::vector<LimitEvent> Budget::events() const {
  std::lock_guard lock(mutex_);
  return events_;
}

std::chrono::milliseconds Budget::elapsed() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start_);
}

}  // namespace sanso
