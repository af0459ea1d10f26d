// Malware scanning of a job's input and of every container member, before any handler parses
// it: ClamAV through clamd's socket and YARA rules, each on when its path is configured.
#pragma once

#include <string>

#include "../action_log.h"
#include "sanso/common/bytes.h"
#include "sanso/common/status.h"
#include "sanso/sanitize/options.h"

namespace sanso::sanitize::scan {

// Scans `data` (found at `where`: "input" or a member name) with the scanners `options`
// configures and records a "kept" "malware-scan" action naming them when nothing is found.
// Blocked "malware-detected" (ClamAV; the message names the signature), "yara-match" (the
// message names the rule) or "scanner-unavailable" when a configured scanner cannot give a
// verdict (fail closed). Ok and no action when no scanner is configured.
Status scanBytes(ByteView data, const std::string& where, const Options& options,
                 ActionLog& log);

}  // namespace sanso::sanitize::scan
