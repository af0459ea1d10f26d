// 無害化 of one file under the policy pack's decision for a flow, shared by the transfer
// workflow and the front doors (ICAP): detect, decide, try the decided methods in order.
#pragma once

#include <map>
#include <string>

#include "sanso/common/status.h"
#include "sanso/policy/decision.h"
#include "sanso/policy/pack.h"
#include "sanso/sanitize/options.h"

namespace sanso::gateway {

struct FlowQuery {
  std::string from_zone;
  std::string to_zone;
  std::string file_name;                      // declared name, only for the report
  std::map<std::string, std::string> levels;  // classification levels, may be empty
};

struct FlowOutcome {
  policy::Decision decision;
  std::string file_type;  // as the engine detected it
  bool blocked = false;
  std::string reason;       // why blocked (Japanese text or engine reasons)
  std::string report_json;  // the report of the method that won, or of the last tried
  std::string output_path;  // the file to deliver, when not blocked
  std::string output_type;  // its type name
  std::string input_sha256;
  std::string output_sha256;  // empty when blocked or when the flow delivers the original
};

// The file sanitizeForFlow() writes `method`'s output into, in its directory. Every call
// writes the same names, in place: a caller that keeps the directory may keep the files too.
std::string flowOutputName(sanitize::Method method);

// Detects the type of `original` (a cdr run whose report names it), decides `query` under
// `pack`, and tries the decision's methods in order, writing into `dir`, which must be the
// caller's alone; a flow without 無害化 delivers the original (output_path == original).
Result<FlowOutcome> sanitizeForFlow(const policy::PolicyPack& pack, const sanitize::Options& base,
                                    const FlowQuery& query, const std::string& original,
                                    const std::string& dir);

}  // namespace sanso::gateway
