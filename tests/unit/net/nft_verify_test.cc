// The first-match evaluator of `sanso zones verify` on hand-written `nft -j` rulesets: the shapes
// nft emits for prefixes, ranges, anonymous and named sets, verdict maps, jumps and gotos,
// negations, and what sanso cannot model (fail closed).
#include "sanso/net/nft_verify.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sanso/policy/loader.h"

namespace sanso::net {
namespace {

using nlohmann::json;

policy::PolicyPack pack() {
  auto p = policy::loadPack(std::string(SANSO_SOURCE_DIR) + "/" + policy::kDefaultPackPath);
  EXPECT_TRUE(p.isOk()) << p.status().message();
  return p.isOk() ? *p : policy::PolicyPack{};
}

json chain(const std::string& name, const std::string& hook = "",
           const std::string& policy = "drop", const std::string& table = "t", int prio = 0) {
  json c = {{"family", "inet"}, {"table", table}, {"name", name}, {"handle", 1}};
  if (!hook.empty()) {
    c["type"] = "filter";
    c["hook"] = hook;
    c["prio"] = prio;
    c["policy"] = policy;
  }
  return {{"chain", c}};
}

json rule(const std::string& chain_name, int handle, json expr, const std::string& table = "t") {
  return {{"rule",
           {{"family", "inet"},
            {"table", table},
            {"chain", chain_name},
            {"handle", handle},
            {"expr", expr}}}};
}

json match(json left, json right, const std::string& op = "==") {
  return {{"match", {{"op", op}, {"left", left}, {"right", right}}}};
}
json addr(const std::string& field) {
  return {{"payload", {{"protocol", "ip"}, {"field", field}}}};
}
json prefix(const std::string& a, int len) { return {{"prefix", {{"addr", a}, {"len", len}}}}; }
const json kAccept = {{"accept", nullptr}};
const json kDrop = {{"drop", nullptr}};

VerifyResult verify(const std::vector<json>& items) {
  json doc = {{"nftables", json::array({{{"metainfo", {{"json_schema_version", 1}}}}})}};
  for (const json& i : items) doc["nftables"].push_back(i);
  auto r = verifyRuleset(pack(), doc.dump());
  EXPECT_TRUE(r.isOk()) << r.status().message();
  return r.isOk() ? *r : VerifyResult{};
}

bool has(const VerifyResult& r, const std::string& from, const std::string& to, int64_t handle,
         bool cannot_prove = false) {
  for (const Violation& v : r.violations) {
    if (v.from == from && v.to == to && v.rule.handle == handle && v.cannot_prove == cannot_prove) {
      return true;
    }
  }
  return false;
}

TEST(NftVerify, DropEverythingIsSeparatedButBlocksTheServices) {
  VerifyResult r = verify({chain("forward", "forward")});
  EXPECT_TRUE(r.violations.empty());
  EXPECT_EQ(r.blocked.size(), 7u);
  EXPECT_GT(r.packets, 100u);
}

TEST(NftVerify, NoForwardChainForwardsEverything) {
  VerifyResult r = verify({});
  EXPECT_TRUE(has(r, "lgwan", "internet", 0));
  EXPECT_TRUE(has(r, "mynumber", "lgwan", 0));
  EXPECT_TRUE(has(r, "internet", "mynumber", 0));
}

TEST(NftVerify, PrefixesRangesAndAnonymousSets) {
  VerifyResult r =
      verify({chain("forward", "forward"),
              rule("forward", 5,
                   {match(addr("saddr"), {{"set", {prefix("10.10.0.0", 16), "192.0.2.1"}}}),
                    match(addr("daddr"), {{"range", {"172.16.0.10", "172.16.0.20"}}}), kAccept})});
  EXPECT_TRUE(has(r, "lgwan", "internet", 5));
  EXPECT_FALSE(has(r, "internet", "lgwan", 5));
  EXPECT_FALSE(has(r, "mynumber", "internet", 5));
}

TEST(NftVerify, NegationIsFollowed) {
  VerifyResult r = verify({chain("forward", "forward"),
                           rule("forward", 7,
                                {match(addr("saddr"), prefix("10.0.0.0", 8), "!="),
                                 match(addr("daddr"), prefix("10.10.0.0", 16)), kAccept})});
  EXPECT_TRUE(has(r, "internet", "lgwan", 7));
  EXPECT_FALSE(has(r, "mynumber", "lgwan", 7));  // 10.30/16 is inside 10/8
}

TEST(NftVerify, JumpReturnGotoAndNamedSets) {
  VerifyResult r = verify(
      {chain("forward", "forward"),
       chain("check"),
       chain("leak"),
       {{"set",
         {{"family", "inet"},
          {"table", "t"},
          {"name", "mn"},
          {"type", "ipv4_addr"},
          {"elem", {prefix("10.30.0.0", 16)}}}}},
       rule("check", 20, {{{"return", nullptr}}}),
       rule("leak", 30, {match(addr("daddr"), "@mn"), kAccept}),
       rule("forward", 10, {{{"jump", {{"target", "check"}}}}}),
       rule("forward", 11,
            {match(addr("saddr"), prefix("172.16.0.0", 16)), {{"goto", {{"target", "leak"}}}}})});
  EXPECT_TRUE(has(r, "internet", "mynumber", 30));  // forward -> goto leak -> accept
  EXPECT_FALSE(has(r, "lgwan", "mynumber", 30));
  EXPECT_FALSE(has(r, "internet", "lgwan", 30));  // leak returns: the base chain's policy drops
}

TEST(NftVerify, VerdictMapsAnonymousAndNamed) {
  VerifyResult r =
      verify({chain("forward", "forward"),
              {{"map",
                {{"family", "inet"},
                 {"table", "t"},
                 {"name", "m"},
                 {"type", "ipv4_addr"},
                 {"map", "verdict"},
                 {"elem", json::array({json::array({"10.10.0.5", kAccept})})}}}},
              rule("forward", 40,
                   {{{"vmap",
                      {{"key", addr("daddr")},
                       {"data",
                        {{"set",
                          {json::array({prefix("10.30.0.0", 16), kAccept}),
                           json::array({"172.16.0.9", kDrop})}}}}}}}}),
              rule("forward", 41, {{{"vmap", {{"key", addr("daddr")}, {"data", "@m"}}}}})});
  EXPECT_TRUE(has(r, "lgwan", "mynumber", 40));
  EXPECT_TRUE(has(r, "internet", "lgwan", 41));
  EXPECT_FALSE(has(r, "lgwan", "internet", 40));
}

TEST(NftVerify, ConcatenationsAreEvaluated) {
  const json left = {
      {"concat",
       {addr("saddr"), addr("daddr"), {{"payload", {{"protocol", "tcp"}, {"field", "dport"}}}}}}};
  auto element = [](json a, json b, json port) {
    return json{{"concat", json::array({a, b, port})}};
  };
  VerifyResult r = verify(
      {chain("forward", "forward"),
       rule(
           "forward", 55,
           {match(left, {{"set", json::array({element(prefix("10.10.0.0", 16), "10.10.255.20", 443),
                                              element(prefix("10.10.0.0", 16), "172.16.0.7",
                                                      {{"range", {8000, 8080}}})})}}),
            kAccept})});
  EXPECT_TRUE(has(r, "lgwan", "internet", 55));         // the second element leaks
  EXPECT_FALSE(has(r, "lgwan", "gateway", 55));         // the first is the gateway-web service
  EXPECT_FALSE(has(r, "lgwan", "internet", 55, true));  // decided, not "cannot prove"
}

TEST(NftVerify, WhatCannotBeModelledIsCannotProve) {
  const json concat = {{"concat", {addr("saddr"), {{"meta", {{"key", "mark"}}}}}}};
  VerifyResult r = verify({chain("forward", "forward"),
                           rule("forward", 50, {match(concat, {{"set", json::array()}}), kAccept}),
                           rule("forward", 51, {{{"limit", {{"rate", 10}}}}, kDrop})});
  EXPECT_TRUE(has(r, "lgwan", "internet", 50, true));
  EXPECT_TRUE(has(r, "mynumber", "lgwan", 50, true));
}

TEST(NftVerify, EveryForwardBaseChainMustAccept) {
  VerifyResult r = verify({chain("forward", "forward", "accept", "a", 0),
                           chain("forward", "forward", "drop", "b", 10)});
  EXPECT_TRUE(r.violations.empty());
  VerifyResult both = verify({chain("forward", "forward", "accept", "a", 0),
                              chain("forward", "forward", "accept", "b", 10)});
  EXPECT_FALSE(both.violations.empty());
}

TEST(NftVerify, ServicesOfThePackPass) {
  std::vector<json> rules = {chain("forward", "forward")};
  rules.push_back(
      rule("forward", 60,
           {match({{"ct", {{"key", "state"}}}}, json::array({"established", "related"}), "in"),
            kAccept}));
  rules.push_back(
      rule("forward", 61,
           {match({{"meta", {{"key", "iifname"}}}}, "lg0"),
            match(addr("saddr"), prefix("10.10.0.0", 16)), match(addr("daddr"), "10.10.255.20"),
            match({{"payload", {{"protocol", "tcp"}, {"field", "dport"}}}}, 443), kAccept}));
  VerifyResult r = verify(rules);
  for (const Violation& v : r.violations)
    ADD_FAILURE() << v.from << " -> " << v.to << " " << v.example;
  for (const Blocked& b : r.blocked) EXPECT_FALSE(b.service == "gateway-web" && b.from == "lgwan");
  EXPECT_EQ(r.blocked.size(), 6u);
}

TEST(NftVerify, RefusesWhatIsNotARuleset) {
  EXPECT_FALSE(verifyRuleset(pack(), "{}").isOk());
  EXPECT_FALSE(verifyRuleset(pack(), "not json").isOk());
  EXPECT_FALSE(verifyRuleset(pack(), R"({"nftables": [{"rule": {"family": "inet", "table": "t",
      "chain": "nowhere", "expr": []}}]})")
                   .isOk());
  EXPECT_FALSE(verifyRuleset(pack(), R"({"nftables": [{"chain": {"family": 5}}]})").isOk());
}

}  // namespace
}  // namespace sanso::net
