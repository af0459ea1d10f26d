#include "sanso/net/nft_verify.h"

#include <algorithm>
#include <set>

#include "nft_model.h"

namespace sanso::net {
namespace {

using namespace detail;  // NOLINT: the model's types are this file's vocabulary

constexpr int kTcp = 6;
constexpr int kUdp = 17;
constexpr int kIcmp = 1;
constexpr int kMaxDepth = 16;                   // jump/goto nesting
constexpr uint64_t kMaxStepsPerPacket = 20000;  // rule evaluations, over all branches
const char* const kOtherInterface = "sanso-unnamed-if";

enum class Tri { kNo, kYes, kMaybe };

struct Packet {
  bool v6 = false;
  U128 saddr = 0;
  U128 daddr = 0;
  int l4 = kTcp;
  int dport = 0;
  std::string iif;
  std::string oif;
};

bool contains(const std::vector<Range>& ranges, U128 v) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [v](const Range& r) { return r.lo <= v && v <= r.hi; });
}

bool nameMatches(const std::vector<std::string>& names, const std::string& value) {
  for (const std::string& n : names) {
    if (n == value) return true;
    if (!n.empty() && n.back() == '*' && value.compare(0, n.size() - 1, n, 0, n.size() - 1) == 0) {
      return true;
    }
  }
  return false;
}

// Whether `values` hold the packet's value of `field`; nullopt when the packet has no such
// field (an IPv6 address match on an IPv4 packet, a port of another protocol): no match at all.
std::optional<bool> holds(Field field, const ValueSet& values, const Packet& p) {
  switch (field) {
    case Field::kSaddr4:
      if (p.v6) return std::nullopt;
      return contains(values.ranges, p.saddr);
    case Field::kDaddr4:
      if (p.v6) return std::nullopt;
      return contains(values.ranges, p.daddr);
    case Field::kSaddr6:
      if (!p.v6) return std::nullopt;
      return contains(values.ranges, p.saddr);
    case Field::kDaddr6:
      if (!p.v6) return std::nullopt;
      return contains(values.ranges, p.daddr);
    case Field::kTcpDport:
      if (p.l4 != kTcp) return std::nullopt;
      return contains(values.ranges, static_cast<U128>(p.dport));
    case Field::kUdpDport:
      if (p.l4 != kUdp) return std::nullopt;
      return contains(values.ranges, static_cast<U128>(p.dport));
    case Field::kThDport:
      if (p.l4 != kTcp && p.l4 != kUdp) return std::nullopt;
      return contains(values.ranges, static_cast<U128>(p.dport));
    case Field::kL4proto:
      return contains(values.ranges, static_cast<U128>(p.l4));
    case Field::kNfproto:
      return nameMatches(values.names, p.v6 ? "ipv6" : "ipv4");
    case Field::kIifname:
      return nameMatches(values.names, p.iif);
    case Field::kOifname:
      return nameMatches(values.names, p.oif);
    case Field::kCtState:
      return nameMatches(values.names, "new");  // the first packet of a connection
  }
  return std::nullopt;
}

// A concatenation: whether some element holds on every field; nullopt when a field is absent.
std::optional<bool> holdsTuple(const Match& m, const Packet& p) {
  bool any = false;
  for (const std::vector<ValueSet>& tuple : m.tuples) {
    bool all = true;
    for (size_t i = 0; i < m.concat.size(); ++i) {
      auto in = holds(m.concat[i], tuple[i], p);
      if (!in) return std::nullopt;
      all = all && *in;
    }
    any = any || all;
  }
  if (m.tuples.empty()) {  // an empty set: still no match when a field is absent
    for (Field f : m.concat) {
      if (!holds(f, ValueSet{}, p)) return std::nullopt;
    }
  }
  return any;
}

Tri matchRule(const Rule& rule, const Packet& p) {
  for (const Match& m : rule.matches) {
    auto in = m.concat.empty() ? holds(m.field, m.values, p) : holdsTuple(m, p);
    if (!in || *in == m.negate) return Tri::kNo;
  }
  return rule.uncertain ? Tri::kMaybe : Tri::kYes;
}

// What a chain (from one rule on) may do with a packet.
struct Outcome {
  bool accept = false;
  bool drop = false;
  bool fall = false;  // reaches the end or a return
  bool accept_certain = false;
  RuleRef accept_by;
  bool accept_by_set = false;

  void noteAccept(const RuleRef& by, bool certain) {
    accept = true;
    if (certain && !accept_certain) {
      accept_certain = true;
      accept_by = by;
      accept_by_set = true;
    } else if (!accept_by_set) {
      accept_by = by;
      accept_by_set = true;
    }
  }
  void merge(const Outcome& o) {
    drop = drop || o.drop;
    fall = fall || o.fall;
    if (o.accept) {
      if (o.accept_certain)
        noteAccept(o.accept_by, true);
      else
        noteAccept(o.accept_by, false);
    }
  }
};

class Evaluator {
 public:
  explicit Evaluator(const Ruleset& rs) : rs_(rs) {}

  // The outcome of base chain `chain` for `p`, its policy applied.
  Outcome base(const Chain& chain, const Packet& p) {
    steps_ = 0;
    Outcome o = run(chain, 0, p, 0, false);
    if (o.fall) {
      o.fall = false;
      if (chain.policy_accept)
        o.noteAccept(RuleRef{chain.table, chain.name, 0, "policy accept"}, true);
      else
        o.drop = true;
    }
    return o;
  }

 private:
  // Applies `v` (of `rule`, reached with `uncertain` decisions on the way) in `chain` at `index`.
  Outcome apply(const Chain& chain, size_t index, const Rule& rule, const Verdict& v,
                const Packet& p, int depth, bool uncertain) {
    Outcome o;
    switch (v.kind) {
      case Verdict::Kind::kAccept:
        o.noteAccept(rule.ref, !uncertain);
        return o;
      case Verdict::Kind::kDrop:
        o.drop = true;
        return o;
      case Verdict::Kind::kReturn:
        o.fall = true;
        return o;
      case Verdict::Kind::kNone:
        return run(chain, index + 1, p, depth, uncertain);
      case Verdict::Kind::kJump:
      case Verdict::Kind::kGoto: {
        auto it = rs_.chains.find(chainKey(chain.family, chain.table, v.target));
        if (it == rs_.chains.end() || depth >= kMaxDepth) {
          o.noteAccept(rule.ref, false);  // cannot follow: may accept
          return o;
        }
        Outcome sub = run(it->second, 0, p, depth + 1, uncertain);
        if (v.kind == Verdict::Kind::kJump && sub.fall) {
          sub.fall = false;
          sub.merge(run(chain, index + 1, p, depth, uncertain));
        }
        return sub;
      }
      case Verdict::Kind::kMap: {
        for (const MapEntry& entry : v.entries) {
          auto in = holds(v.map_key, entry.keys, p);
          if (in && *in) return apply(chain, index, rule, entry.verdict, p, depth, uncertain);
        }
        return run(chain, index + 1, p, depth, uncertain);  // no element: the rule does nothing
      }
    }
    return o;
  }

  Outcome run(const Chain& chain, size_t from, const Packet& p, int depth, bool uncertain) {
    for (size_t i = from; i < chain.rules.size(); ++i) {
      if (++steps_ > kMaxStepsPerPacket) {
        Outcome o;
        o.noteAccept(chain.rules[i].ref, false);  // too many branches to follow: fail closed
        return o;
      }
      const Rule& rule = chain.rules[i];
      Tri t = matchRule(rule, p);
      if (t == Tri::kNo) continue;
      Outcome o = apply(chain, i, rule, rule.verdict, p, depth, uncertain || t == Tri::kMaybe);
      if (t == Tri::kMaybe) o.merge(run(chain, i + 1, p, depth, uncertain));
      return o;
    }
    Outcome o;
    o.fall = true;
    return o;
  }

  const Ruleset& rs_;
  uint64_t steps_ = 0;
};

// An endpoint class: a zone, the gateway (its address in a zone) or outside every zone.
struct Point {
  U128 value = 0;
  std::string cls;   // zone id, "gateway" or "outside"
  std::string zone;  // for the gateway: the zone of that address
};

struct Family {
  bool v6 = false;
  std::vector<Point> points;
};

U128 familyMax(bool v6) { return v6 ? ~static_cast<U128>(0) : static_cast<U128>(0xffffffffu); }

class Classes {
 public:
  explicit Classes(const policy::PolicyPack& pack) : pack_(pack) {
    for (const policy::Zone& z : pack.zones) {
      for (const std::string& block : z.networks) addZoneBlock(z.id, block);
    }
    for (const auto& [zone, address] : pack.network.gateway_addresses) {
      if (auto a = parseAddress(address)) gateways_.push_back({*a, zone});
    }
  }

  // The class of `v` in family `v6`.
  Point classify(bool v6, U128 v) const {
    for (const auto& [a, zone] : gateways_) {
      if (a.v6 == v6 && a.value == v) return {v, policy::kGatewayEndpoint, zone};
    }
    for (const auto& [zone, family_v6, r] : zone_blocks_) {
      if (family_v6 == v6 && r.lo <= v && v <= r.hi) return {v, zone, zone};
    }
    return {v, "outside", ""};
  }

  // Representative points: every boundary of every block the pack and the ruleset mention.
  Family points(bool v6, const std::vector<Range>& ruleset_ranges) const {
    std::set<U128> values;
    auto cut = [&](const Range& r) {
      values.insert(r.lo);
      values.insert(r.hi);
      if (r.lo > 0) values.insert(r.lo - 1);
      if (r.hi < familyMax(v6)) values.insert(r.hi + 1);
    };
    for (const auto& [zone, family_v6, r] : zone_blocks_) {
      if (family_v6 == v6) cut(r);
    }
    for (const auto& [a, zone] : gateways_) {
      if (a.v6 == v6) cut({a.value, a.value});
    }
    for (const policy::NetworkService& s : pack_.network.services) {
      for (const std::string& block : s.to_networks) {
        if (auto r = blockRange(block); r && r->first == v6) cut(r->second);
      }
    }
    for (const Range& r : ruleset_ranges) cut(r);
    if (values.empty()) return {v6, {}};
    values.insert(0);
    values.insert(familyMax(v6));
    Family f{v6, {}};
    for (U128 v : values) f.points.push_back(classify(v6, v));
    return f;
  }

  // The zone networks of `zone` (or a service's to_networks) contain `v`.
  bool inBlocks(bool v6, U128 v, const std::vector<std::string>& blocks) const {
    for (const std::string& block : blocks) {
      if (auto r = blockRange(block);
          r && r->first == v6 && r->second.lo <= v && v <= r->second.hi) {
        return true;
      }
    }
    return false;
  }

  static std::optional<std::pair<bool, Range>> blockRange(const std::string& block) {
    const size_t slash = block.find('/');
    auto a = parseAddress(block.substr(0, slash));
    if (!a) return std::nullopt;
    const int bits = a->v6 ? 128 : 32;
    const int len = slash == std::string::npos ? bits : std::atoi(block.c_str() + slash + 1);
    if (len < 0 || len > bits) return std::nullopt;
    const U128 host = len == bits ? 0 : ((static_cast<U128>(1) << (bits - len)) - 1);
    return std::pair{a->v6, Range{a->value & ~host, a->value | host}};
  }

  std::optional<Address> gatewayIn(const std::string& zone) const {
    for (const auto& [a, z] : gateways_) {
      if (z == zone) return a;
    }
    return std::nullopt;
  }

 private:
  void addZoneBlock(const std::string& zone, const std::string& block) {
    if (auto r = blockRange(block)) zone_blocks_.push_back({zone, r->first, r->second});
  }

  const policy::PolicyPack& pack_;
  std::vector<std::tuple<std::string, bool, Range>> zone_blocks_;
  std::vector<std::pair<Address, std::string>> gateways_;
};

std::string protocolName(int l4) { return l4 == kTcp ? "tcp" : l4 == kUdp ? "udp" : "other"; }

class Verifier {
 public:
  Verifier(const policy::PolicyPack& pack, const Ruleset& rs)
      : pack_(pack), rs_(rs), classes_(pack), eval_(rs) {
    for (const auto& [key, chain] : rs.chains) {
      if (chain.hook == "forward") bases_.push_back(&chain);
    }
    std::sort(bases_.begin(), bases_.end(), [](const Chain* a, const Chain* b) {
      return a->priority != b->priority
                 ? a->priority < b->priority
                 : chainKey(a->family, a->table, a->name) < chainKey(b->family, b->table, b->name);
    });
    std::set<std::string> zone_ifs;
    for (const auto& [zone, name] : pack.network.interfaces) zone_ifs.insert(name);
    std::set<std::string> seen;
    for (const std::string& name : rs.interfaces) {
      if (!seen.insert(name).second || (!name.empty() && name.back() == '*')) continue;
      all_ifs_.push_back(name);
      if (!zone_ifs.count(name)) other_ifs_.push_back(name);
    }
    all_ifs_.push_back(kOtherInterface);
    other_ifs_.push_back(kOtherInterface);
    std::set<U128> ports = {1, 65535};
    auto cut = [&](U128 lo, U128 hi) {
      for (U128 v : {lo, hi, lo - 1, hi + 1}) {
        if (v >= 1 && v <= 65535) ports.insert(v);
      }
    };
    for (const Range& r : rs.ports) cut(std::min<U128>(r.lo, 65535), std::min<U128>(r.hi, 65535));
    for (const policy::NetworkService& s : pack.network.services) cut(s.port, s.port);
    for (U128 v : ports) ports_.push_back(static_cast<int>(v));
  }

  VerifyResult run() {
    VerifyResult result;
    for (bool v6 : {false, true}) {
      Family f = classes_.points(v6, v6 ? rs_.addresses6 : rs_.addresses4);
      for (const Point& src : f.points) {
        for (const Point& dst : f.points) {
          if (dontCare(src, dst)) continue;
          for (int l4 : {kTcp, kUdp, kIcmp}) {
            const std::string key = src.cls + ">" + dst.cls + ">" + protocolName(l4);
            if (reported_.count(key)) continue;
            checkPair(v6, src, dst, l4, result);
          }
        }
      }
    }
    checkServices(result);
    return result;
  }

 private:
  // Pairs the firewall between the tiers has no say on: inside one zone, and the Internet
  // itself (addresses in no zone) with the untrusted zone that is connected to it.
  bool dontCare(const Point& src, const Point& dst) const {
    if (src.value == dst.value) return true;
    if (src.cls == "outside" && dst.cls == "outside") return true;
    if (src.cls == dst.cls && src.cls != policy::kGatewayEndpoint) return true;
    for (const auto& [a, b] : {std::pair{&src, &dst}, std::pair{&dst, &src}}) {
      const policy::Zone* z = pack_.findZone(a->cls);
      if (z != nullptr && z->untrusted && b->cls == "outside") return true;
    }
    return false;
  }

  bool allowed(bool v6, const Point& src, const Point& dst, int l4, int port) const {
    for (const policy::NetworkService& s : pack_.network.services) {
      const int proto = s.protocol == "udp" ? kUdp : kTcp;
      if (proto != l4 || s.port != port) continue;
      if (s.to == policy::kGatewayEndpoint) {
        if (dst.cls == policy::kGatewayEndpoint && src.cls == dst.zone &&
            std::find(s.from.begin(), s.from.end(), src.cls) != s.from.end()) {
          return true;
        }
      } else if (src.cls == policy::kGatewayEndpoint && src.zone == s.to && dst.cls == s.to) {
        const policy::Zone* zone = pack_.findZone(s.to);
        const std::vector<std::string>& blocks =
            s.to_networks.empty() && zone != nullptr ? zone->networks : s.to_networks;
        if (classes_.inBlocks(v6, dst.value, blocks)) return true;
      }
    }
    return false;
  }

  std::vector<std::string> interfacesOf(const Point& p) const {
    if (p.cls != policy::kGatewayEndpoint && p.cls != "outside") {
      auto it = pack_.network.interfaces.find(p.cls);
      if (it != pack_.network.interfaces.end()) return {it->second};
      return all_ifs_;
    }
    return p.cls == "outside" ? all_ifs_ : other_ifs_;
  }

  // Whether every forward base chain may accept `p`; `by` gets the deciding rule.
  bool accepted(const Packet& p, RuleRef& by, bool& certain) {
    certain = true;
    bool any = false;
    for (const Chain* chain : bases_) {
      if (chain->family != "inet" && chain->family != (p.v6 ? "ip6" : "ip")) continue;
      Outcome o = eval_.base(*chain, p);
      if (!o.accept) return false;
      certain = certain && o.accept_certain;
      by = o.accept_by;
      any = true;
    }
    if (!any) {  // no forward hook at all: the kernel forwards everything
      by = RuleRef{"", "", 0, "no forward chain: everything is forwarded"};
    }
    return true;
  }

  std::string clauseFor(const Point& src, const Point& dst) const {
    for (const Point* p : {&src, &dst}) {
      const policy::Zone* z = pack_.findZone(p->cls);
      if (z != nullptr && z->isolated) return z->clause;
    }
    return pack_.network.clause + " 通信経路の分割";
  }

  void checkPair(bool v6, const Point& src, const Point& dst, int l4, VerifyResult& result) {
    const std::vector<int> ports = l4 == kIcmp ? std::vector<int>{0} : ports_;
    for (int port : ports) {
      if (allowed(v6, src, dst, l4, port)) continue;
      for (const std::string& iif : interfacesOf(src)) {
        for (const std::string& oif : interfacesOf(dst)) {
          Packet p{v6, src.value, dst.value, l4, port, iif, oif};
          ++result.packets;
          RuleRef by;
          bool certain = true;
          if (!accepted(p, by, certain)) continue;
          Violation v;
          v.from = src.cls;
          v.to = dst.cls;
          v.protocol = protocolName(l4);
          v.port = port;
          v.example = formatAddress({v6, src.value}) + " -> " + formatAddress({v6, dst.value}) +
                      " " + v.protocol + (l4 == kIcmp ? "" : "/" + std::to_string(port)) + " iif " +
                      iif + " oif " + oif;
          v.cannot_prove = !certain;
          v.rule = by;
          v.clause = clauseFor(src, dst);
          result.violations.push_back(std::move(v));
          reported_.insert(src.cls + ">" + dst.cls + ">" + protocolName(l4));
          return;
        }
      }
    }
  }

  void checkServices(VerifyResult& result) {
    for (const policy::NetworkService& s : pack_.network.services) {
      const int l4 = s.protocol == "udp" ? kUdp : kTcp;
      const bool to_gateway = s.to == policy::kGatewayEndpoint;
      const std::vector<std::string> zones = to_gateway ? s.from : std::vector<std::string>{s.to};
      for (const std::string& zone : zones) {
        auto gw = classes_.gatewayIn(zone);
        const policy::Zone* z = pack_.findZone(zone);
        if (!gw || z == nullptr) continue;
        const std::vector<std::string>& blocks =
            to_gateway || s.to_networks.empty() ? z->networks : s.to_networks;
        std::optional<std::pair<bool, Range>> block;
        for (const std::string& b : blocks) {
          block = Classes::blockRange(b);
          if (block && block->first == gw->v6) break;
          block.reset();
        }
        if (!block) continue;
        U128 host = block->second.lo;
        if (host == gw->value && host < block->second.hi) ++host;
        Point zone_point = classes_.classify(gw->v6, host);
        Point gw_point{gw->value, policy::kGatewayEndpoint, zone};
        const Point& src = to_gateway ? zone_point : gw_point;
        const Point& dst = to_gateway ? gw_point : zone_point;
        bool passes = false;
        for (const std::string& iif : interfacesOf(src)) {
          for (const std::string& oif : interfacesOf(dst)) {
            RuleRef by;
            bool certain = true;
            Packet p{gw->v6, src.value, dst.value, l4, s.port, iif, oif};
            passes = passes || (accepted(p, by, certain) && certain);
          }
        }
        if (!passes) {
          result.blocked.push_back({s.id, to_gateway ? zone : std::string(policy::kGatewayEndpoint),
                                    to_gateway ? std::string(policy::kGatewayEndpoint) : zone,
                                    formatAddress({gw->v6, src.value}) + " -> " +
                                        formatAddress({gw->v6, dst.value}) + " " + s.protocol +
                                        "/" + std::to_string(s.port)});
        }
      }
    }
  }

  const policy::PolicyPack& pack_;
  const Ruleset& rs_;
  Classes classes_;
  Evaluator eval_;
  std::vector<const Chain*> bases_;
  std::vector<std::string> all_ifs_;    // every interface the ruleset names, and one it does not
  std::vector<std::string> other_ifs_;  // the same without the zones' interfaces
  std::vector<int> ports_;
  std::set<std::string> reported_;
};

}  // namespace

Result<VerifyResult> verifyRuleset(const policy::PolicyPack& pack,
                                   const std::string& ruleset_json) {
  if (!pack.network.present) {
    return Status::invalidArgument("the policy pack " + pack.source +
                                   " has no 'network' section (docs/zones.md)");
  }
  SANSO_ASSIGN_OR_RETURN(Ruleset rs, compileRuleset(ruleset_json));
  return Verifier(pack, rs).run();
}

}  // namespace sanso::net
