#include "nft_model.h"

#include <arpa/inet.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace sanso::net::detail {
namespace {

using nlohmann::json;

constexpr size_t kMaxRulesetBytes = 64u << 20;

// Named sets and maps of one table: "family table name" -> elements.
using Named = std::map<std::string, json>;

std::optional<Field> fieldOf(const json& left) {
  if (left.contains("payload")) {
    const json& p = left["payload"];
    const std::string proto = p.value("protocol", "");
    const std::string field = p.value("field", "");
    if (proto == "ip" && field == "saddr") return Field::kSaddr4;
    if (proto == "ip" && field == "daddr") return Field::kDaddr4;
    if (proto == "ip6" && field == "saddr") return Field::kSaddr6;
    if (proto == "ip6" && field == "daddr") return Field::kDaddr6;
    if (proto == "ip" && field == "protocol") return Field::kL4proto;
    if (proto == "ip6" && field == "nexthdr") return Field::kL4proto;
    if (field == "dport") {
      if (proto == "tcp") return Field::kTcpDport;
      if (proto == "udp") return Field::kUdpDport;
      if (proto == "th") return Field::kThDport;
    }
    return std::nullopt;
  }
  if (left.contains("meta")) {
    const std::string key = left["meta"].value("key", "");
    if (key == "l4proto") return Field::kL4proto;
    if (key == "nfproto") return Field::kNfproto;
    if (key == "iifname") return Field::kIifname;
    if (key == "oifname") return Field::kOifname;
    return std::nullopt;
  }
  if (left.contains("ct") && left["ct"].value("key", "") == "state") return Field::kCtState;
  return std::nullopt;
}

bool isAddressField(Field f) {
  return f == Field::kSaddr4 || f == Field::kDaddr4 || f == Field::kSaddr6 || f == Field::kDaddr6;
}
bool isPortField(Field f) {
  return f == Field::kTcpDport || f == Field::kUdpDport || f == Field::kThDport;
}

std::optional<U128> protocolNumber(const json& v) {
  if (v.is_number_unsigned()) return static_cast<U128>(v.get<uint64_t>());
  if (!v.is_string()) return std::nullopt;
  static const std::map<std::string, int> kNames = {
      {"icmp", 1}, {"igmp", 2}, {"tcp", 6},     {"udp", 17},   {"gre", 47},
      {"esp", 50}, {"ah", 51},  {"icmpv6", 58}, {"sctp", 132}, {"udplite", 136}};
  auto it = kNames.find(v.get<std::string>());
  if (it == kNames.end()) return std::nullopt;
  return static_cast<U128>(it->second);
}

class Compiler {
 public:
  explicit Compiler(Ruleset& out) : out_(out) {}

  Named sets;  // "family table name" -> elem array (sets and maps)

  // Adds one element (string, number, prefix, range, elem wrapper) of a value of `field` to
  // `values`; false when it cannot be modelled.
  bool element(Field field, const json& e, ValueSet& values, const std::string& scope) {
    if (e.is_object() && e.contains("elem")) return element(field, e["elem"]["val"], values, scope);
    if (e.is_string() && !e.get<std::string>().empty() && e.get<std::string>()[0] == '@') {
      auto it = sets.find(scope + " " + e.get<std::string>().substr(1));
      if (it == sets.end() || !it->second.is_array()) return false;
      for (const json& x : it->second) {
        if (!element(field, x, values, scope)) return false;
      }
      return true;
    }
    if (e.is_object() && e.contains("set")) {
      for (const json& x : e["set"]) {
        if (!element(field, x, values, scope)) return false;
      }
      return true;
    }
    if (e.is_array()) {  // ct state lists
      for (const json& x : e) {
        if (!element(field, x, values, scope)) return false;
      }
      return true;
    }
    if (isAddressField(field)) {
      const bool want_v6 = field == Field::kSaddr6 || field == Field::kDaddr6;
      auto r = addressRange(e);
      if (!r || r->first != want_v6) return false;
      values.ranges.push_back(r->second);
      (want_v6 ? out_.addresses6 : out_.addresses4).push_back(r->second);
      return true;
    }
    if (isPortField(field)) {
      std::optional<Range> r;
      if (e.is_number_unsigned()) r = Range{e.get<uint64_t>(), e.get<uint64_t>()};
      if (e.is_object() && e.contains("range") && e["range"].is_array() && e["range"].size() == 2 &&
          e["range"][0].is_number_unsigned() && e["range"][1].is_number_unsigned()) {
        r = Range{e["range"][0].get<uint64_t>(), e["range"][1].get<uint64_t>()};
      }
      if (!r) return false;
      values.ranges.push_back(*r);
      out_.ports.push_back(*r);
      return true;
    }
    if (field == Field::kL4proto) {
      auto n = protocolNumber(e);
      if (!n) return false;
      values.ranges.push_back({*n, *n});
      return true;
    }
    if (!e.is_string()) return false;  // names: interfaces, ct states, nfproto
    values.names.push_back(e.get<std::string>());
    if (field == Field::kIifname || field == Field::kOifname) {
      out_.interfaces.push_back(e.get<std::string>());
    }
    return true;
  }

  // An address, prefix or address range, with its family (true: IPv6).
  std::optional<std::pair<bool, Range>> addressRange(const json& e) {
    if (e.is_string()) {
      auto a = parseAddress(e.get<std::string>());
      if (!a) return std::nullopt;
      return std::pair{a->v6, Range{a->value, a->value}};
    }
    if (e.is_object() && e.contains("prefix") && e["prefix"].is_object()) {
      const json& p = e["prefix"];
      auto a = parseAddress(
          p.contains("addr") && p["addr"].is_string() ? p["addr"].get<std::string>() : "");
      const int len = p.contains("len") && p["len"].is_number_integer() ? p["len"].get<int>() : -1;
      const int bits = a && a->v6 ? 128 : 32;
      if (!a || len < 0 || len > bits) return std::nullopt;
      const U128 host = len == bits ? 0 : ((static_cast<U128>(1) << (bits - len)) - 1);
      return std::pair{a->v6, Range{a->value & ~host, a->value | host}};
    }
    if (e.is_object() && e.contains("range") && e["range"].is_array() && e["range"].size() == 2 &&
        e["range"][0].is_string() && e["range"][1].is_string()) {
      auto a = parseAddress(e["range"][0].get<std::string>());
      auto b = parseAddress(e["range"][1].get<std::string>());
      if (!a || !b || a->v6 != b->v6 || b->value < a->value) return std::nullopt;
      return std::pair{a->v6, Range{a->value, b->value}};
    }
    return std::nullopt;
  }

  static std::optional<Verdict> verdictOf(const json& stmt) {
    Verdict v;
    if (stmt.contains("accept")) {
      v.kind = Verdict::Kind::kAccept;
    } else if (stmt.contains("drop") || stmt.contains("reject")) {
      v.kind = Verdict::Kind::kDrop;
    } else if (stmt.contains("return")) {
      v.kind = Verdict::Kind::kReturn;
    } else if (stmt.contains("continue")) {
      v.kind = Verdict::Kind::kNone;
    } else if (stmt.contains("jump") || stmt.contains("goto")) {
      const bool jump = stmt.contains("jump");
      v.kind = jump ? Verdict::Kind::kJump : Verdict::Kind::kGoto;
      const json& t = stmt[jump ? "jump" : "goto"];
      if (!t.is_object() || !t.contains("target") || !t["target"].is_string()) return std::nullopt;
      v.target = t["target"].get<std::string>();
    } else {
      return std::nullopt;
    }
    return v;
  }

  // A vmap statement; nullopt when it cannot be modelled.
  std::optional<Verdict> vmap(const json& m, const std::string& scope) {
    auto key = fieldOf(m.value("key", json::object()));
    if (!key) return std::nullopt;
    json data = m.value("data", json());
    json entries;
    if (data.is_object() && data.contains("set")) entries = data["set"];
    if (data.is_string() && !data.get<std::string>().empty() && data.get<std::string>()[0] == '@') {
      auto it = sets.find(scope + " " + data.get<std::string>().substr(1));
      if (it != sets.end()) entries = it->second;
    }
    if (!entries.is_array()) return std::nullopt;
    Verdict v;
    v.kind = Verdict::Kind::kMap;
    v.map_key = *key;
    for (const json& entry : entries) {
      const json pair = entry.is_object() && entry.contains("elem") ? entry["elem"] : entry;
      if (!pair.is_array() || pair.size() != 2) return std::nullopt;
      ValueSet keys;
      if (!element(*key, pair[0], keys, scope)) return std::nullopt;
      auto target = verdictOf(pair[1]);
      if (!target) return std::nullopt;
      v.entries.push_back(MapEntry{keys, *target});
    }
    return v;
  }

  // `left . left ... op { a . b, ... }`; nullopt when a part cannot be modelled.
  std::optional<Match> concatMatch(const json& m, const std::string& scope) {
    const std::string op = m.value("op", "==");
    if (op != "==" && op != "!=" && op != "in") return std::nullopt;
    Match match;
    match.field = Field::kCtState;  // unused for a concatenation
    match.negate = op == "!=";
    for (const json& part : m["left"]["concat"]) {
      auto field = fieldOf(part);
      if (!field) return std::nullopt;
      match.concat.push_back(*field);
    }
    if (match.concat.empty() ||
        !tuples(match.concat, m.value("right", json()), scope, match.tuples)) {
      return std::nullopt;
    }
    return match;
  }

  // The elements of a concatenated set (anonymous, named or a single value) into `out`.
  bool tuples(const std::vector<Field>& fields, const json& right, const std::string& scope,
              std::vector<std::vector<ValueSet>>& out) {
    if (right.is_object() && right.contains("elem"))
      return tuples(fields, right["elem"]["val"], scope, out);
    if (right.is_string() && !right.get<std::string>().empty() &&
        right.get<std::string>()[0] == '@') {
      auto it = sets.find(scope + " " + right.get<std::string>().substr(1));
      if (it == sets.end() || !it->second.is_array()) return false;
      for (const json& e : it->second) {
        if (!tuples(fields, e, scope, out)) return false;
      }
      return true;
    }
    if (right.is_object() && right.contains("set")) {
      for (const json& e : right["set"]) {
        if (!tuples(fields, e, scope, out)) return false;
      }
      return true;
    }
    if (!right.is_object() || !right.contains("concat") || !right["concat"].is_array() ||
        right["concat"].size() != fields.size()) {
      return false;
    }
    std::vector<ValueSet> tuple(fields.size());
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!element(fields[i], right["concat"][i], tuple[i], scope)) return false;
    }
    out.push_back(std::move(tuple));
    return true;
  }

  Rule rule(const json& r) {
    Rule out;
    out.ref.table = r.value("table", "");
    out.ref.chain = r.value("chain", "");
    out.ref.handle = r.value("handle", int64_t{0});
    out.ref.comment = r.value("comment", "");
    const std::string scope = r.value("family", "") + " " + out.ref.table;
    const json exprs = r.value("expr", json::array());
    for (const json& stmt : exprs) {
      if (!stmt.is_object() || stmt.size() != 1) {
        out.uncertain = true;
        continue;
      }
      if (stmt.contains("match") &&
          stmt["match"].value("left", json::object()).contains("concat")) {
        auto match = concatMatch(stmt["match"], scope);
        if (!match) {
          out.uncertain = true;
          continue;
        }
        out.matches.push_back(std::move(*match));
      } else if (stmt.contains("match")) {
        const json& m = stmt["match"];
        const std::string op = m.value("op", "==");
        auto field = fieldOf(m.value("left", json::object()));
        Match match;
        if (!field || (op != "==" && op != "!=" && op != "in")) {
          out.uncertain = true;
          continue;
        }
        match.field = *field;
        match.negate = op == "!=";
        if (!element(*field, m.value("right", json()), match.values, scope)) {
          out.uncertain = true;
          continue;
        }
        out.matches.push_back(std::move(match));
      } else if (stmt.contains("counter") || stmt.contains("log")) {
        continue;  // no effect on the verdict
      } else if (stmt.contains("vmap")) {
        auto v = vmap(stmt["vmap"], scope);
        if (!v) {
          out.uncertain = true;
          out.verdict.kind = Verdict::Kind::kAccept;  // may accept: fail closed
          continue;
        }
        out.verdict = *v;
      } else if (auto v = verdictOf(stmt)) {
        out.verdict = *v;
      } else {
        out.uncertain = true;  // limit, quota, meta set, nat, ...: may or may not pass
      }
    }
    return out;
  }

 private:
  Ruleset& out_;
};

}  // namespace

std::optional<Address> parseAddress(const std::string& text) {
  unsigned char b[16];
  if (::inet_pton(AF_INET, text.c_str(), b) == 1) {
    U128 v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | b[i];
    return Address{false, v};
  }
  if (::inet_pton(AF_INET6, text.c_str(), b) == 1) {
    U128 v = 0;
    for (int i = 0; i < 16; ++i) v = (v << 8) | b[i];
    return Address{true, v};
  }
  return std::nullopt;
}

std::string formatAddress(const Address& a) {
  unsigned char b[16];
  const int n = a.v6 ? 16 : 4;
  U128 v = a.value;
  for (int i = n - 1; i >= 0; --i) {
    b[i] = static_cast<unsigned char>(v & 0xff);
    v >>= 8;
  }
  char text[INET6_ADDRSTRLEN];
  if (::inet_ntop(a.v6 ? AF_INET6 : AF_INET, b, text, sizeof text) == nullptr) return "?";
  return text;
}

std::string chainKey(const std::string& family, const std::string& table, const std::string& name) {
  return family + " " + table + " " + name;
}

namespace {

Result<Ruleset> compile(const std::string& json_text) {
  json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("nftables") ||
      !doc["nftables"].is_array()) {
    return Status::invalidArgument("not the JSON of `nft -j list ruleset`");
  }
  Ruleset out;
  Compiler compiler(out);
  const json& items = doc["nftables"];
  // Sets and maps first: rules refer to them by name.
  for (const json& item : items) {
    for (const char* kind : {"set", "map"}) {
      if (!item.contains(kind)) continue;
      const json& s = item[kind];
      compiler
          .sets[s.value("family", "") + " " + s.value("table", "") + " " + s.value("name", "")] =
          s.value("elem", json::array());
    }
  }
  for (const json& item : items) {
    if (!item.contains("chain")) continue;
    const json& c = item["chain"];
    Chain chain;
    chain.family = c.value("family", "");
    chain.table = c.value("table", "");
    chain.name = c.value("name", "");
    chain.hook = c.value("hook", "");
    chain.priority = c.value("prio", int64_t{0});
    chain.policy_accept = c.value("policy", "accept") != "drop";
    out.chains[chainKey(chain.family, chain.table, chain.name)] = std::move(chain);
  }
  for (const json& item : items) {
    if (!item.contains("rule")) continue;
    const json& r = item["rule"];
    auto it = out.chains.find(
        chainKey(r.value("family", ""), r.value("table", ""), r.value("chain", "")));
    if (it == out.chains.end()) return Status::invalidArgument("a rule of an unknown chain");
    it->second.rules.push_back(compiler.rule(r));
  }
  return out;
}

}  // namespace

Result<Ruleset> compileRuleset(const std::string& json_text) {
  if (json_text.size() > kMaxRulesetBytes) return Status::invalidArgument("ruleset too large");
  // nlohmann throws on members of an unexpected type: such a ruleset is not one nft wrote.
  try {
    return compile(json_text);
  } catch (const nlohmann::json::exception& e) {
    return Status::invalidArgument(std::string("unexpected nft JSON: ") + e.what());
  }
}

}  // namespace sanso::net::detail
