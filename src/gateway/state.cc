#include <array>
#include <utility>

#include "sanso/gateway/transfer.h"

namespace sanso::gateway {
namespace {

constexpr std::array<std::pair<TransferState, std::string_view>, 9> kNames = {{
    {TransferState::kCreated, "created"},
    {TransferState::kUploaded, "uploaded"},
    {TransferState::kSanitizing, "sanitizing"},
    {TransferState::kAwaitingApproval, "awaiting_approval"},
    {TransferState::kAvailable, "available"},
    {TransferState::kExpired, "expired"},
    {TransferState::kPurged, "purged"},
    {TransferState::kBlocked, "blocked"},
    {TransferState::kRejected, "rejected"},
}};

}  // namespace

std::string_view stateName(TransferState state) {
  for (const auto& [s, name] : kNames) {
    if (s == state) return name;
  }
  return "unknown";
}

std::optional<TransferState> parseState(std::string_view name) {
  for (const auto& [s, n] : kNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

}  // namespace sanso::gateway
