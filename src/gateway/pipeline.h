// The work of one transfer: the engine's 無害化 under the policy's decision, and the DLP check.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "repo.h"
#include "sanso/common/status.h"
#include "sanso/dlp/scanner.h"
#include "sanso/gateway/flow_sanitize.h"
#include "sanso/policy/decision.h"
#include "sanso/sanitize/options.h"

namespace sanso::gateway::detail {

using SanitizeOutcome = FlowOutcome;

// sanitizeForFlow() for the transfer `row`.
Result<SanitizeOutcome> sanitizeOriginal(const policy::PolicyPack& pack,
                                         const sanitize::Options& base, const Row& row,
                                         const std::string& original, const std::string& dir);

struct DlpOutcome {
  bool hit = false;  // also true when the text could not be checked (fail closed)
  std::string reason;
  nlohmann::json findings = nlohmann::json::array();  // masked; never the digits
  uint64_t total = 0;
};

// Extracts the text of `original` with the engine's text method and scans it.
Result<DlpOutcome> checkDlp(const dlp::Scanner* scanner, const sanitize::Options& base,
                            const std::string& original, const std::string& dir);

}  // namespace sanso::gateway::detail
