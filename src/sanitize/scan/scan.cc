#include "scan.h"

#include "clamd_client.h"
#include "yara_scanner.h"

namespace sanso::sanitize::scan {

Status scanBytes(ByteView data, const std::string& where, const Options& options,
                 ActionLog& log) {
  std::string scanners;
  if (!options.clamd_socket.empty()) {
    SANSO_ASSIGN_OR_RETURN(ClamdVerdict verdict,
                           clamdScan(options.clamd_socket, data, options.limits.max_scan_time));
    if (verdict.infected) {
      return Status::blocked("malware-detected",
                             where + ": ClamAV signature " + verdict.signature);
    }
    scanners = "clamav";
  }
  if (!options.yara_rules.empty()) {
    SANSO_ASSIGN_OR_RETURN(std::string rule,
                           yaraMatch(options.yara_rules, data, options.limits.max_scan_time));
    if (!rule.empty()) return Status::blocked("yara-match", where + ": YARA rule " + rule);
    scanners += scanners.empty() ? "yara" : ", yara";
  }
  if (!scanners.empty()) log.add("kept", "malware-scan", where, "no detection: " + scanners);
  return Status::ok();
}

}  // namespace sanso::sanitize::scan
