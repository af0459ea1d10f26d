// Audit records: what callers log (Event) and what the chain stores (Record).
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "sanso/common/status.h"

namespace sanso::audit {

// What happened, as a caller reports it. Details never hold file contents or DLP digits.
struct Event {
  std::string actor;      // user id or "system"; required
  std::string zone;       // zone id of the request, empty when none
  std::string action;     // dotted lower-case name: "login.success", "transfer.create"
  std::string object_id;  // what the action was about, empty when none
  nlohmann::json details = nlohmann::json::object();  // must be a JSON object
};

// A record as stored in the chain.
struct Record {
  uint64_t seq = 0;  // 1, 2, 3... without gaps
  std::string time;  // UTC, RFC 3339 with milliseconds: 2026-04-01T09:30:00.123Z
  std::string actor;
  std::string zone;
  std::string action;
  std::string object_id;
  std::string details;    // compact JSON object text (keys sorted), exactly as hashed
  std::string prev_hash;  // hash of record seq-1; kGenesisHash for seq 1
  std::string hash;       // recordHash() of the fields above
};

// prev_hash of the first record.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Checks `event` (actor required, action syntax, lengths, UTF-8, no control characters,
// details an object) and returns the canonical details text that will be stored.
Result<std::string> canonicalDetails(const Event& event);

// SHA-256 hex of the canonical serialization of every field of `record` except `hash`:
// the tag "sanso-audit-record-v1", then seq (decimal), time, actor, zone, action, object_id,
// details and prev_hash, each preceded by its byte length as an 8-byte big-endian integer.
std::string recordHash(const Record& record);

// `when` as RFC 3339 UTC with milliseconds.
std::string formatTime(std::chrono::system_clock::time_point when);

}  // namespace sanso::audit
