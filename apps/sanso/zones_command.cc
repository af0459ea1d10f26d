// `sanso zones render`: the policy pack's zone model as an nftables ruleset (src/net).
#include <iostream>

#include "commands.h"
#include "sanso/net/nft_render.h"
#include "sanso/policy/loader.h"

namespace sanso::app {

std::function<int()> addZonesCommand(CLI::App& app) {
  CLI::App* zones = app.add_subcommand("zones", "The zone model on the wire (nftables)");
  zones->require_subcommand(1);
  auto pack_path = std::make_shared<std::string>(policy::kDefaultPackPath);
  auto format = std::make_shared<std::string>("nft");
  auto part = std::make_shared<std::string>("all");
  CLI::App* render =
      zones->add_subcommand("render", "Print the nftables ruleset of the pack's network section");
  render->add_option("--policy", *pack_path, "policy pack (default: the shipped pack)");
  render->add_option("--format", *format, "output format")->check(CLI::IsMember({"nft"}));
  render
      ->add_option("--part", *part,
                   "firewall (between the tiers), gateway (the 無害化 gateway host) or all")
      ->check(CLI::IsMember({"all", "firewall", "gateway"}));
  return [render, pack_path, part]() {
    if (!render->parsed()) return kExitUsage;
    auto pack = policy::loadPack(*pack_path);
    if (!pack.isOk()) {
      std::cerr << pack.status().message() << "\n";
      return pack.status().isBlocked() ? kExitBlocked : kExitInternal;
    }
    const net::RulesetPart which = *part == "firewall"  ? net::RulesetPart::kFirewall
                                   : *part == "gateway" ? net::RulesetPart::kGateway
                                                        : net::RulesetPart::kAll;
    auto text = net::renderNft(*pack, which);
    if (!text.isOk()) {
      std::cerr << "sanso zones render: " << text.status().message() << "\n";
      return kExitUsage;
    }
    std::cout << *text;
    return std::cout.good() ? kExitOk : kExitInternal;
  };
}

}  // namespace sanso::app
