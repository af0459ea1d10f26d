// `sanso zones render` and `sanso zones verify`: the policy pack's zone model as an nftables
// ruleset, and the proof that a ruleset allows nothing more (src/net).
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "sanso/audit/audit_log.h"
#include "sanso/common/file_io.h"
#include "sanso/common/sha256.h"
#include "sanso/net/nft_render.h"
#include "sanso/net/nft_verify.h"
#include "sanso/policy/loader.h"
#include "sanso/store/data_dir.h"
#include "server_commands.h"

namespace sanso::app {
namespace {

constexpr uint64_t kMaxRulesetBytes = 64u << 20;

// `nft -j list ruleset` of the running kernel (fixed program and arguments, no shell input).
Result<std::string> liveRuleset() {
  FILE* pipe = ::popen("/usr/sbin/nft -j list ruleset 2>/dev/null", "r");
  if (pipe == nullptr) return Status::ioError("cannot run /usr/sbin/nft");
  std::string out;
  char buffer[65536];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0 && out.size() <= kMaxRulesetBytes) {
    out.append(buffer, n);
  }
  const int rc = ::pclose(pipe);
  if (rc != 0) return Status::ioError("nft -j list ruleset failed (root and nftables needed)");
  if (out.size() > kMaxRulesetBytes) return Status::invalidArgument("ruleset too large");
  return out;
}

std::string where(const net::RuleRef& r) {
  if (r.table.empty()) return r.comment;
  std::string text = r.table + "/" + r.chain;
  text += r.handle == 0 ? " policy" : " handle " + std::to_string(r.handle);
  if (!r.comment.empty()) text += " \"" + r.comment + "\"";
  return text;
}

// Prints the result; appends `zones.verify` to the audit chain of `data_dir` when given.
int report(const policy::PolicyPack& pack, const std::string& source, const std::string& ruleset,
           const net::VerifyResult& result, const std::string& data_dir) {
  for (const net::Violation& v : result.violations) {
    std::cout << (v.cannot_prove ? "CANNOT PROVE " : "VIOLATION ") << v.from << " -> " << v.to
              << " " << v.protocol << (v.protocol == "other" ? "" : "/" + std::to_string(v.port))
              << " (" << v.example << ") accepted by " << where(v.rule) << "; breaks " << v.clause
              << "\n";
  }
  for (const net::Blocked& b : result.blocked) {
    std::cout << "WARNING service " << b.service << " " << b.from << " -> " << b.to
              << " is not let through (" << b.example << ")\n";
  }
  const bool ok = result.violations.empty();
  std::cout << (ok ? "OK: " : "FAILED: ") << source << ": " << result.violations.size()
            << " violation(s), " << result.blocked.size() << " blocked service(s), "
            << result.packets << " representative packets against " << pack.urn << "\n";
  if (!data_dir.empty()) {
    if (Status s = store::ensureDataDir(data_dir); !s.isOk()) {
      std::cerr << s.message() << "\n";
      return kExitInternal;
    }
    auto audit = audit::AuditLog::open(data_dir);
    if (!audit.isOk()) {
      std::cerr << audit.status().message() << "\n";
      return kExitInternal;
    }
    audit::Event event;
    event.actor = "system";
    event.action = "zones.verify";
    event.object_id = "ruleset:" + sha256Hex(asBytes(ruleset));
    event.details = {{"source", source},
                     {"verdict", ok ? "separated" : "violations"},
                     {"violations", result.violations.size()},
                     {"blocked_services", result.blocked.size()},
                     {"ruleset_sha256", sha256Hex(asBytes(ruleset))},
                     {"pack", pack.urn},
                     {"pack_version", pack.version}};
    auto seq = (*audit)->append(event);
    if (!seq.isOk()) {
      std::cerr << seq.status().message() << "\n";
      return kExitInternal;
    }
  }
  return ok ? kExitOk : kExitInternal;
}

int loadFailure(const Status& status) {
  std::cerr << status.message() << "\n";
  return status.isBlocked() ? kExitBlocked : kExitInternal;
}

}  // namespace

std::function<int()> setUpZonesCommand(CLI::App& command) {
  CLI::App* zones = &command;
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
  auto ruleset_file = std::make_shared<std::string>();
  auto live = std::make_shared<bool>(false);
  auto data_dir = std::make_shared<std::string>();
  CLI::App* verify = zones->add_subcommand(
      "verify", "Prove that an nftables ruleset allows nothing the pack does not (exit 1 if not)");
  verify->add_option("--policy", *pack_path, "policy pack (default: the shipped pack)");
  auto* file_opt = verify->add_option("--ruleset", *ruleset_file, "`nft -j list ruleset` output");
  auto* live_opt = verify->add_flag("--live", *live, "read the running kernel's ruleset (root)");
  file_opt->excludes(live_opt);
  verify->add_option("--data", *data_dir,
                     "data directory whose audit chain records the result (zones.verify)");
  return [render, verify, pack_path, part, ruleset_file, live, data_dir]() {
    if (verify->parsed()) {
      auto pack = policy::loadPack(*pack_path);
      if (!pack.isOk()) return loadFailure(pack.status());
      if (ruleset_file->empty() && !*live) {
        std::cerr << "sanso zones verify: give --ruleset FILE or --live\n";
        return kExitUsage;
      }
      auto text = *live ? liveRuleset() : readFile(*ruleset_file, kMaxRulesetBytes);
      if (!text.isOk()) {
        std::cerr << "sanso zones verify: " << text.status().message() << "\n";
        return kExitUsage;
      }
      auto result = net::verifyRuleset(*pack, *text);
      if (!result.isOk()) {
        std::cerr << "sanso zones verify: " << result.status().message() << "\n";
        return kExitUsage;
      }
      return report(*pack, *live ? "live" : *ruleset_file, *text, *result, *data_dir);
    }
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
