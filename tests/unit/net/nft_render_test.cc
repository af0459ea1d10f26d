// `sanso zones render`: deterministic nftables text that drops everything the pack does not
// name, comments each rule with its clause, and loads in the kernel.
#include "sanso/net/nft_render.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <sstream>

#include "sanso/policy/loader.h"
#include "support/test_util.h"

namespace sanso::net {
namespace {

policy::PolicyPack defaultPack() {
  auto pack = policy::loadPack(std::string(SANSO_SOURCE_DIR) + "/" + policy::kDefaultPackPath);
  EXPECT_TRUE(pack.isOk()) << pack.status().message();
  return pack.isOk() ? *pack : policy::PolicyPack{};
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(NftRender, DeterministicAndDropByDefault) {
  const policy::PolicyPack pack = defaultPack();
  auto first = renderNft(pack, RulesetPart::kAll);
  auto second = renderNft(pack, RulesetPart::kAll);
  ASSERT_TRUE(first.isOk()) << first.status().message();
  EXPECT_EQ(*first, *second);
  EXPECT_NE(
      first->find("chain forward {\n    type filter hook forward priority filter; policy drop;"),
      std::string::npos);
  int accepts = 0;
  for (const std::string& line : lines(*first)) {
    if (line.find(" accept") == std::string::npos ||
        line.find("ct state established") != std::string::npos ||
        line.find("\"lo\"") != std::string::npos) {
      continue;
    }
    ++accepts;
    EXPECT_NE(line.find("ct state new accept comment \""), std::string::npos) << line;
    EXPECT_NE(line.find("(6(3)"), std::string::npos) << "no clause: " << line;
    EXPECT_EQ(line.find("mynumber"), std::string::npos) << "My Number in a rule: " << line;
    EXPECT_NE(line.find(" dport "), std::string::npos) << "no port: " << line;
  }
  // gateway-web from two zones, mail in/out, ICAP: firewall and host; deliver and relay: both.
  EXPECT_EQ(accepts, 2 * 7);
}

TEST(NftRender, PartsAndMissingNetwork) {
  const policy::PolicyPack pack = defaultPack();
  auto firewall = renderNft(pack, RulesetPart::kFirewall);
  ASSERT_TRUE(firewall.isOk());
  EXPECT_NE(firewall->find("table inet sanso_firewall"), std::string::npos);
  EXPECT_EQ(firewall->find("sanso_gateway"), std::string::npos);
  auto host = renderNft(pack, RulesetPart::kGateway);
  ASSERT_TRUE(host.isOk());
  EXPECT_NE(
      host->find("chain forward {\n    type filter hook forward priority filter; policy drop;"),
      std::string::npos);
  EXPECT_EQ(host->find("sanso_firewall"), std::string::npos);
  policy::PolicyPack bare = pack;
  bare.network = {};
  EXPECT_EQ(renderNft(bare, RulesetPart::kAll).status().code(), StatusCode::kInvalidArgument);
}

TEST(NftRender, PackTextCannotEscapeItsComment) {
  policy::PolicyPack pack = defaultPack();
  pack.network.services[0].name = "x\" accept; flush ruleset; \\ \n" + std::string(300, 'y');
  auto text = renderNft(pack, RulesetPart::kFirewall);
  ASSERT_TRUE(text.isOk());
  for (const std::string& line : lines(*text)) {
    const size_t at = line.find("comment \"");
    if (at == std::string::npos) continue;
    const std::string comment = line.substr(at + 9);
    ASSERT_FALSE(comment.empty());
    EXPECT_EQ(comment.back(), '"') << line;
    EXPECT_EQ(comment.substr(0, comment.size() - 1).find_first_of("\"\\"), std::string::npos)
        << line;
    EXPECT_LE(comment.size() - 1, 127u) << line;
  }
}

TEST(NftRender, TheKernelAcceptsTheRuleset) {
  if (::geteuid() != 0 || !test::haveProgram("nft") || !test::haveProgram("unshare")) {
    GTEST_SKIP() << "needs root, nft and unshare";
  }
  test::TempDir dir;
  auto text = renderNft(defaultPack(), RulesetPart::kAll);
  ASSERT_TRUE(text.isOk());
  test::writeFileOrDie(dir.file("r.nft"), *text);
  int rc = -1;
  const std::string out = test::runCommand(
      "unshare -n nft -c -f " + test::shellQuote(dir.file("r.nft")) + " 2>&1", &rc);
  EXPECT_EQ(rc, 0) << out;
}

}  // namespace
}  // namespace sanso::net
