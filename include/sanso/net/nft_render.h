// `sanso zones render --format nft`: the nftables rulesets that put the policy pack's zone model
// on the wire (basic policy 6(3) 通信経路の分割): the firewall between the tiers (forward chain,
// policy drop, only the pack's services, each rule commented with its clause) and the 無害化
// gateway host itself (input and output per service and zone, no forwarding). Deterministic:
// the same pack gives the same text. docs/zones.md describes the model.
#pragma once

#include <string>

#include "sanso/common/status.h"
#include "sanso/policy/pack.h"

namespace sanso::net {

enum class RulesetPart { kAll, kFirewall, kGateway };

// The ruleset for `part` of `pack.network`, as an `nft -f` script that replaces sanso's own
// tables (inet sanso_firewall, inet sanso_gateway) and leaves every other table alone.
// invalidArgument when the pack has no network section.
Result<std::string> renderNft(const policy::PolicyPack& pack, RulesetPart part);

}  // namespace sanso::net
