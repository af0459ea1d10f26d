// The pack's `network` section: services only between a zone and the gateway, isolated zones
// only with an exception, addresses and interfaces checked.
#include <gtest/gtest.h>

#include <string>

#include "sanso/policy/loader.h"
#include "support/test_util.h"

namespace sanso::policy {
namespace {

std::string defaultPackText() {
  return test::readFileOrDie(std::string(SANSO_SOURCE_DIR) + "/" + kDefaultPackPath);
}

// The default pack with `from` replaced by `to` (which must occur).
std::string edited(const std::string& from, const std::string& to) {
  std::string text = defaultPackText();
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string errorOf(const std::string& yaml) {
  auto pack = parsePack(yaml, "pack.yaml");
  return pack.isOk() ? std::string() : pack.status().message();
}

TEST(PolicyNetwork, TheDefaultPackPlacesTheGatewayAndItsServices) {
  auto pack = parsePack(defaultPackText(), "default");
  ASSERT_TRUE(pack.isOk()) << pack.status().message();
  const Network& n = pack->network;
  ASSERT_TRUE(n.present);
  EXPECT_EQ(n.gateway_addresses.at("lgwan"), "10.10.255.20");
  EXPECT_EQ(n.interfaces.at("internet"), "in0");
  ASSERT_GE(n.services.size(), 3u);
  for (const NetworkService& s : n.services) {
    const bool to_gateway = s.to == kGatewayEndpoint;
    EXPECT_NE(to_gateway, s.from == std::vector<std::string>{kGatewayEndpoint}) << s.id;
    for (const std::string& zone : s.from) EXPECT_NE(zone, "mynumber") << s.id;
    EXPECT_NE(s.to, "mynumber") << s.id;
  }
}

TEST(PolicyNetwork, ZonesNeverConnectDirectly) {
  EXPECT_NE(errorOf(edited("from: [lgwan, internet], to: gateway", "from: [lgwan], to: internet")),
            "");
  EXPECT_NE(errorOf(edited("from: [lgwan, internet], to: gateway", "from: [lgwan], to: internet"))
                .find("exactly one side must be the gateway"),
            std::string::npos);
}

TEST(PolicyNetwork, AnIsolatedZoneNeedsAnException) {
  const std::string denied =
      errorOf(edited("from: [lgwan, internet], to: gateway", "from: [mynumber], to: gateway"));
  EXPECT_NE(denied.find("isolated"), std::string::npos) << denied;
  // The gateway has no address in My Number either: an exception alone is not enough.
  const std::string with_exception =
      errorOf(edited("from: [lgwan, internet], to: gateway, clause: 6(3)②}",
                     "from: [mynumber], to: gateway, clause: 6(3)①, exception: 例外}"));
  EXPECT_NE(with_exception.find("no address in zone 'mynumber'"), std::string::npos)
      << with_exception;
  EXPECT_EQ(with_exception.find("isolated"), std::string::npos) << with_exception;
}

TEST(PolicyNetwork, AddressesInterfacesAndPortsAreChecked) {
  EXPECT_NE(errorOf(edited("lgwan: 10.10.255.20", "lgwan: 10.10.255.999")).find("not an IP"),
            std::string::npos);
  EXPECT_NE(errorOf(edited("lgwan: lg0", "lgwan: \"lg0 accept\"")).find("interface"),
            std::string::npos);
  EXPECT_NE(errorOf(edited("port: 443", "port: 70000")), "");
  EXPECT_NE(errorOf(edited("to_networks: [10.10.0.25/32]", "to_networks: [10.10.0.25]")), "");
  EXPECT_NE(errorOf(edited("interfaces: {mynumber: mn0,", "interfaces: {nowhere: mn0,")), "");
}

}  // namespace
}  // namespace sanso::policy
