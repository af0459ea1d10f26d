// The work of one transfer: the engine's 無害化 under the policy's decision, and the DLP check.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "repo.h"
#include "sanso/common/status.h"
#include "sanso/dlp/scanner.h"
#include "sanso/policy/decision.h"
#include "sanso/sanitize/options.h"

namespace sanso::gateway::detail {

struct SanitizeOutcome {
  policy::Decision decision;
  std::string file_type;  // as the engine detected it
  bool blocked = false;
  std::string reason;       // why blocked (Japanese text or engine reasons)
  std::string report_json;  // the report of the method that won, or of the last tried
  std::string output_path;  // the file to deliver, when not blocked
  std::string output_type;  // its type name
};

// Detects the type of `original` (a cdr run whose report names it), decides under `pack`, and
// tries the decision's methods in order in `dir`; a flow without 無害化 delivers the original.
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
