// Loading a policy pack: strict YAML, refused whole with `file:line:column: reason` lines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sanso/common/status.h"
#include "sanso/policy/pack.h"

namespace sanso::policy {

// Packs are administrator input, but still bounded.
inline constexpr uint64_t kMaxPackBytes = 4ull << 20;

// Where the default pack (the basic policy) lives in the source tree.
inline constexpr const char* kDefaultPackPath = "policy/default/basic-policy.yaml";

// Reads and validates the pack at `path`. An invalid pack is refused with
// Status::blocked("policy-pack-invalid", ...) whose message holds one
// "path:line:column: reason" line per error (line and column 1-based); a missing or
// oversized file is an io-error / blocked status naming the path.
Result<PolicyPack> loadPack(const std::string& path);

// Validates pack text `yaml`; `source` names it in error lines. Same errors as loadPack.
Result<PolicyPack> parsePack(std::string_view yaml, const std::string& source);

}  // namespace sanso::policy
