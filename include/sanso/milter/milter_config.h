// `sanso milter --config FILE`: the configuration of one milter process (one direction).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "sanso/common/status.h"

namespace sanso::milter {

// Which relay the process filters: decided by configuration (the listening socket the MTA
// instance uses), never by anything in the message.
enum class Direction { kInbound, kOutbound };

// "inbound" or "outbound".
const char* directionName(Direction direction);

struct MilterConfig {
  std::string data_dir;     // required: audit log and the spool (<data_dir>/work/milter)
  std::string policy_file;  // empty: the default pack
  std::string socket;       // libmilter connection spec: "inet:PORT@127.0.0.1", "unix:/path"
  Direction direction = Direction::kInbound;
  // Zones of the crossing whose policy flow picks the methods (inbound) or DLP (outbound).
  std::string from_zone;    // default: internet (inbound), lgwan (outbound)
  std::string to_zone;      // default: lgwan (inbound), internet (outbound)
  std::string subject_tag;  // inbound: prefixed to the Subject of sanitized mail; empty: none
  // A message over this is refused (552 5.3.4) without being passed: it is never delivered
  // unsanitized. Keep Postfix's message_size_limit at or below it.
  uint64_t max_message_bytes = 50u << 20;
  // Wall-clock time for the engine on one message; over it the MTA is told to retry later
  // (tempfail). Keep it under Postfix's milter_content_timeout.
  std::chrono::seconds max_sanitize_time{240};
  std::string clamd_socket;  // [scan], as for sanso serve
  std::string yara_rules;
};

// Reads and checks FILE: top-level data_dir, policy; [milter] socket, direction, from_zone,
// to_zone, subject_tag, max_message_bytes, max_sanitize_seconds; [scan] clamd_socket,
// yara_rules. Unknown keys are refused; relative paths are relative to FILE's directory.
Result<MilterConfig> loadMilterConfig(const std::string& path);

}  // namespace sanso::milter
