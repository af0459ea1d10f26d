// `sanso zones verify`: does an nftables ruleset (`nft -j list ruleset`) let through anything the
// policy pack's zone model does not allow? Every forward base chain is evaluated first-match, per
// representative packet of each (source, destination, protocol, port, interfaces) class:
// addresses and ports are cut at every boundary the pack and the ruleset mention, so one packet
// per piece decides the whole piece. Jumps, gotos, returns, named and anonymous sets, prefixes,
// ranges, verdict maps and negations are followed; a rule sanso cannot reason about counts as
// possibly matching, so an accept behind it is a "cannot prove" violation (fail closed).
#pragma once

#include <string>
#include <vector>

#include "sanso/common/status.h"
#include "sanso/policy/pack.h"

namespace sanso::net {

struct RuleRef {
  std::string table;
  std::string chain;
  int64_t handle = 0;  // 0: the chain's policy
  std::string comment;
};

// One forbidden class the ruleset accepts (or may accept).
struct Violation {
  std::string from;  // zone id, "gateway" or "outside"
  std::string to;
  std::string protocol;       // "tcp", "udp", "other"
  int port = 0;               // a representative destination port (0 for "other")
  std::string example;        // "10.10.0.0 -> 172.16.0.0 iif lg0 oif in0"
  bool cannot_prove = false;  // accepted only behind a rule sanso cannot evaluate
  RuleRef rule;               // the rule that accepts it (or the uncertain one)
  std::string clause;         // the policy clause it breaks
};

// A service of the pack the ruleset does not let through (a warning, not a violation).
struct Blocked {
  std::string service;
  std::string from;
  std::string to;
  std::string example;
};

struct VerifyResult {
  std::vector<Violation> violations;  // one per (from, to, protocol) class, first found
  std::vector<Blocked> blocked;
  uint64_t packets = 0;  // representative packets evaluated
};

// Verifies `ruleset_json` (the output of `nft -j list ruleset`) against `pack.network`.
// invalidArgument for JSON that is not an nft ruleset or a pack without a network section.
Result<VerifyResult> verifyRuleset(const policy::PolicyPack& pack, const std::string& ruleset_json);

}  // namespace sanso::net
