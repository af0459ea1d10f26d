// `sanso policy check FILE`, `sanso policy explain` and `sanso policy diff OLD NEW`: validate a
// pack, explain a decision, show what changed between two packs.
#include <iostream>

#include "commands.h"
#include "sanso/policy/decision.h"
#include "sanso/policy/loader.h"
#include "sanso/policy/pack_diff.h"
#include "server_commands.h"

namespace sanso::app {
namespace {

using policy::Decision;
using policy::DlpMode;
using policy::PolicyPack;
using policy::TransferQuery;

struct ExplainArgs {
  std::string pack_path = policy::kDefaultPackPath;
  TransferQuery query;
  std::string confidentiality;
  std::vector<std::string> levels;  // DIMENSION=LEVEL
  bool json = false;
};

// Exit code for a pack that could not be loaded: refused (3) or unreadable (1).
int loadFailure(const Status& status) {
  std::cerr << status.message() << "\n";
  return status.isBlocked() ? kExitBlocked : kExitInternal;
}

int runCheck(const std::string& path) {
  auto pack = policy::loadPack(path);
  if (!pack.isOk()) return loadFailure(pack.status());
  std::cout << "OK: " << pack->urn << " version " << pack->version << "\n";
  return kExitOk;
}

struct DiffArgs {
  std::string before;
  std::string after;
  bool json = false;
};

int runDiff(const DiffArgs& args) {
  auto before = policy::loadPack(args.before);
  if (!before.isOk()) return loadFailure(before.status());
  auto after = policy::loadPack(args.after);
  if (!after.isOk()) return loadFailure(after.status());
  policy::PackDiff diff = policy::diffPacks(*before, *after);
  if (args.json) {
    std::cout << policy::diffJson(diff) << "\n";
  } else {
    std::cout << policy::diffText(diff);
  }
  return kExitOk;
}

std::string zoneLabel(const PolicyPack& pack, const std::string& id) {
  const policy::Zone* zone = pack.findZone(id);
  return (zone != nullptr ? zone->name : id) + " (" + id + ")";
}

std::string dlpText(DlpMode mode) {
  switch (mode) {
    case DlpMode::kOff:
      return "行わない (off)";
    case DlpMode::kBlock:
      return "検出したら送信を止める (block)";
    case DlpMode::kEscalate:
      return "検出したら所属長の判断に回す (escalate)";
  }
  return "";
}

void printDecision(const PolicyPack& pack, const TransferQuery& query, const Decision& d) {
  std::string verdict = !d.allowed ? "拒否"
                        : d.approval == policy::Approval::kSupervisor
                            ? "許可（所属長の承認を要する）"
                            : "許可";
  std::cout << "判定: " << verdict << "\n";
  std::cout << "経路: " << zoneLabel(pack, query.from) << " → " << zoneLabel(pack, query.to)
            << "\n";
  if (!query.file_type.empty()) std::cout << "形式: " << query.file_type << "\n";
  for (const auto& [dimension, level] : query.levels) {
    const policy::Dimension* dim = pack.findDimension(dimension);
    std::cout << "分類: " << dim->name << " " << level << "\n";
  }
  if (d.allowed) {
    std::string chain;
    for (auto m : d.methods) chain += (chain.empty() ? "" : " → ") + sanitize::methodName(m);
    std::cout << "無害化: " << (chain.empty() ? "なし" : chain) << "\n";
    std::cout << "承認: "
              << (d.approval == policy::Approval::kSupervisor ? "所属長の承認 (supervisor)"
                                                              : "不要 (none)")
              << "\n";
    std::cout << "DLP: " << dlpText(d.dlp) << "\n";
    std::cout << "保存期間: 原本 " << d.retention.originals_days << "日、受け取り待ち "
              << d.retention.transfers_days << "日、監査記録 " << d.retention.audit_years << "年\n";
  }
  std::cout << "理由:\n";
  for (const auto& reason : d.reasons) {
    std::cout << "  - " << reason.text << (reason.clause.empty() ? "" : " [" + reason.clause + "]")
              << "\n";
  }
}

int runExplain(ExplainArgs& args) {
  if (!args.confidentiality.empty()) args.query.levels["confidentiality"] = args.confidentiality;
  for (const auto& entry : args.levels) {
    auto eq = entry.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == entry.size()) {
      std::cerr << "sanso policy explain: --level expects DIMENSION=LEVEL, got '" << entry << "'\n";
      return kExitUsage;
    }
    args.query.levels[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  auto pack = policy::loadPack(args.pack_path);
  if (!pack.isOk()) return loadFailure(pack.status());
  Status valid = policy::checkQuery(*pack, args.query);
  if (!valid.isOk()) {
    std::cerr << "sanso policy explain: " << valid.message() << "\n";
    return kExitUsage;
  }
  Decision decision = policy::decide(*pack, args.query);
  if (args.json) {
    std::cout << policy::toJson(decision) << "\n";
  } else {
    printDecision(*pack, args.query, decision);
  }
  return kExitOk;
}

}  // namespace

std::function<int()> setUpPolicyCommand(CLI::App& command) {
  auto* cmd = &command;
  cmd->require_subcommand(1);

  auto check_path = std::make_shared<std::string>();
  auto* check =
      cmd->add_subcommand("check",
                          "Validate a pack. Exit 0: prints 'OK: <urn> version N'; 3: invalid, one "
                          "FILE:LINE:COLUMN: reason line per error on stderr; 1: unreadable.");
  check->add_option("file", *check_path, "The pack (YAML)")->required();

  auto args = std::make_shared<ExplainArgs>();
  auto* explain = cmd->add_subcommand(
      "explain",
      "Print the decision for one crossing and every reason, with the clause it applies. "
      "Exit 0: decision printed (allowed or not); 2: unknown zone, type or level.");
  explain->add_option("--pack", args->pack_path, "The pack (YAML)")
      ->default_val(std::string(policy::kDefaultPackPath));
  explain->add_option("--from", args->query.from, "Source zone id (mynumber, lgwan, internet)")
      ->required();
  explain->add_option("--to", args->query.to, "Destination zone id")->required();
  explain->add_option("--type", args->query.file_type, "File type as `sanso formats` prints it");
  explain->add_option("--class", args->confidentiality, "Confidentiality level (3A, 2, ...)");
  explain->add_option("--level", args->levels, "DIMENSION=LEVEL, e.g. integrity=2 (repeatable)");
  explain->add_flag("--json", args->json, "Print the decision as JSON");

  auto diff_args = std::make_shared<DiffArgs>();
  auto* diff = cmd->add_subcommand(
      "diff",
      "Print what changed from OLD to NEW: per section (requirements, controls, threats, "
      "measures, flows, roles, levels...) the items added, removed and changed, with the changed "
      "fields. Exit 0 whether or not they differ; 3: a pack is invalid; 1: unreadable.");
  diff->add_option("old", diff_args->before, "The older pack (YAML)")->required();
  diff->add_option("new", diff_args->after, "The newer pack (YAML)")->required();
  diff->add_flag("--json", diff_args->json, "Print the differences as JSON");

  return [check, check_path, args, diff, diff_args] {
    if (check->parsed()) return runCheck(*check_path);
    if (diff->parsed()) return runDiff(*diff_args);
    return runExplain(*args);
  };
}

}  // namespace sanso::app
