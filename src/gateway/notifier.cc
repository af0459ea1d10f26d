#include "sanso/gateway/notifier.h"

#include <iostream>

namespace sanso::gateway {

void LogNotifier::approvalRequested(const Transfer& transfer, std::optional<int64_t> approver) {
  std::clog << "gateway: transfer " << transfer.id << " awaits approval by "
            << (approver ? "user " + std::to_string(*approver) : std::string("a security manager"))
            << "\n";
}

void LogNotifier::available(const Transfer& transfer) {
  std::clog << "gateway: transfer " << transfer.id << " is available to "
            << transfer.recipients.size() << " recipient(s)\n";
}

}  // namespace sanso::gateway
