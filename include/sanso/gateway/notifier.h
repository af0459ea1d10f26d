// Notifications of the transfer workflow (mail comes later; the log-only one is the default).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sanso/gateway/transfer.h"

namespace sanso::gateway {

// Called after the state change is committed; must not throw and must not call the Gateway.
class Notifier {
 public:
  virtual ~Notifier() = default;
  // `transfer` waits for approval by `approver` (nullopt: any security manager).
  virtual void approvalRequested(const Transfer& transfer, std::optional<int64_t> approver) = 0;
  // `transfer` can now be downloaded by its recipients.
  virtual void available(const Transfer& transfer) = 0;
};

// Writes one line per notification to stderr (ids and states only, never names or notes).
class LogNotifier : public Notifier {
 public:
  void approvalRequested(const Transfer& transfer, std::optional<int64_t> approver) override;
  void available(const Transfer& transfer) override;
};

}  // namespace sanso::gateway
