// `sanso icap --config FILE`: the TOML configuration of the ICAP service.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sanso/common/status.h"
#include "sanso/icap/protocol.h"

namespace sanso::icap {

struct IcapConfig {
  std::string data_dir;     // audit log and temporary files (work/icap/)
  std::string policy_file;  // empty: the default policy pack
  std::string host = "127.0.0.1";
  uint16_t port = 1344;  // 0: any free port (printed at start)
  // The flow whose 無害化 decision applies to downloads (the zone of the staff behind the
  // proxy, and the zone the policy treats a download as entering).
  std::string from_zone = "internet";
  std::string to_zone = "lgwan";
  // Connections served at once (advertised as Max-Connections); more get 503.
  uint64_t max_connections = 32;
  // A connection that sends or accepts nothing for this long is closed.
  uint64_t timeout_seconds = 60;
  // A body that stops arriving for this long before its end gets its HTTP head now, from what
  // its first bytes show, and the rest afterwards (Squid 5.7 waits for the head before it reads
  // more from the origin: bug 5352); 0: always wait for the whole body.
  uint64_t early_response_ms = 200;
  // Responses passed unchanged when the engine detects one of these types, the origin
  // declares one of `pass_media_types`, and the response is not an attachment (a page and its
  // resources, not a download); everything else goes through the policy's 無害化.
  std::vector<std::string> pass_types = {"html", "text", "jpeg", "png", "gif", "webp"};
  std::vector<std::string> pass_media_types = {
      "text/html",        "text/css",   "text/javascript", "application/javascript",
      "application/json", "image/jpeg", "image/png",       "image/gif",
      "image/webp"};
  std::string clamd_socket;  // empty: no ClamAV scan
  std::string yara_rules;    // empty: no YARA scan
  ProtocolLimits limits;
};

// Reads `path`. Unknown keys, wrong types and out-of-range values are errors naming
// FILE:LINE:COLUMN.
Result<IcapConfig> loadConfig(const std::string& path);

}  // namespace sanso::icap
