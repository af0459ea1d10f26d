// An nftables ruleset (`nft -j list ruleset`) compiled into what the verifier evaluates: chains
// of rules, each a list of matches on the fields sanso models and one verdict. Anything else in
// a rule makes it `uncertain` (it may or may not match; fail closed).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sanso/common/status.h"
#include "sanso/net/nft_verify.h"

namespace sanso::net::detail {

using U128 = unsigned __int128;

// An IPv4 (v6 false, value < 2^32) or IPv6 address.
struct Address {
  bool v6 = false;
  U128 value = 0;
};
std::optional<Address> parseAddress(const std::string& text);
std::string formatAddress(const Address& a);

// Closed intervals of one kind of value (addresses of one family, or numbers).
struct Range {
  U128 lo = 0;
  U128 hi = 0;
};

enum class Field {
  kSaddr4,
  kDaddr4,
  kSaddr6,
  kDaddr6,
  kTcpDport,
  kUdpDport,
  kThDport,  // th: tcp or udp
  kL4proto,  // meta l4proto, ip protocol, ip6 nexthdr
  kNfproto,  // meta nfproto ipv4/ipv6
  kIifname,
  kOifname,
  kCtState,
};

// The right side of a match or the key side of a map element.
struct ValueSet {
  std::vector<Range> ranges;       // addresses, ports, protocol numbers
  std::vector<std::string> names;  // interface names, ct states
};

struct Match {
  Field field;
  bool negate = false;  // "!="
  ValueSet values;
  // A concatenation (`ip saddr . tcp dport { 10.0.0.0/8 . 443 }`): `concat` holds its fields and
  // `tuples` the set's elements, one value set per field; `field`/`values` are then unused.
  std::vector<Field> concat;
  std::vector<std::vector<ValueSet>> tuples;
};

struct MapEntry;

struct Verdict {
  enum class Kind { kNone, kAccept, kDrop, kJump, kGoto, kReturn, kMap };
  Kind kind = Kind::kNone;
  std::string target;  // jump/goto
  // kMap: the key's field and its (key values, verdict) entries.
  Field map_key = Field::kSaddr4;
  std::vector<MapEntry> entries;
};

// One element of a verdict map.
struct MapEntry {
  ValueSet keys;
  Verdict verdict;  // never a map itself
};

struct Rule {
  RuleRef ref;
  std::vector<Match> matches;
  bool uncertain = false;  // holds an expression sanso does not model
  Verdict verdict;
};

struct Chain {
  std::string family;
  std::string table;
  std::string name;
  std::string hook;  // "" for a regular chain
  int64_t priority = 0;
  bool policy_accept = true;
  std::vector<Rule> rules;
};

struct Ruleset {
  std::map<std::string, Chain> chains;  // "family table name" -> chain
  // Every address and port boundary the ruleset mentions, for the representative packets.
  std::vector<Range> addresses4, addresses6, ports;
  std::vector<std::string> interfaces;  // every interface name it mentions
};

std::string chainKey(const std::string& family, const std::string& table, const std::string& name);

// Compiles the JSON text; invalidArgument when it is not an nft ruleset.
Result<Ruleset> compileRuleset(const std::string& json_text);

}  // namespace sanso::net::detail
