// Deciding one crossing: the flow rule and the classification rules combined, strictest wins.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sanso/common/status.h"
#include "sanso/policy/pack.h"

namespace sanso::policy {

struct TransferQuery {
  std::string from;       // zone id
  std::string to;         // zone id
  std::string file_type;  // engine type name as `sanso formats` prints it; may be empty
  std::map<std::string, std::string> levels;  // dimension id -> level id
};

// Why a decision came out as it did: Japanese text and the clause of the policy it applies.
struct Reason {
  std::string text;
  std::string clause;
};

struct Decision {
  bool allowed = false;
  // The 無害化 methods to try in order (the first that succeeds wins); empty when the
  // flow does not sanitize or the transfer is denied.
  std::vector<sanitize::Method> methods;
  Approval approval = Approval::kNone;
  DlpMode dlp = DlpMode::kOff;
  Retention retention;
  std::vector<Reason> reasons;  // every rule that applied, in the order it was applied
};

// Decides `query` under `pack`. Never fails open: unknown zones, types or levels, missing
// flows and unsanitizable types give a denied decision whose reasons say why. Among the
// rules that apply, deny beats approval beats allow.
Decision decide(const PolicyPack& pack, const TransferQuery& query);

// invalid-argument naming the first unknown zone, file type, dimension or level in `query`;
// for callers that want to tell a typo from a denial.
Status checkQuery(const PolicyPack& pack, const TransferQuery& query);

// The decision as one JSON object (for audit records, the API and `--json`).
std::string toJson(const Decision& decision);

}  // namespace sanso::policy
