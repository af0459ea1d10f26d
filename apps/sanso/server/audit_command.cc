#include <cstdint>
#include <iostream>
#include <memory>

#include "commands.h"
#include "sanso/audit/audit_log.h"
#include "sanso/audit/export.h"
#include "sanso/audit/verify.h"
#include "server_commands.h"

namespace sanso::app {
namespace {

struct AuditArgs {
  std::string data_dir;
  std::string public_key;
  std::string format = "jsonl";
  uint64_t from_seq = 1;
};

int fail(const Status& status) {
  std::cerr << "sanso audit: " << status.toString() << "\n";
  return kExitInternal;
}

int runVerify(const AuditArgs& args) {
  auto db = audit::openAuditDatabase(args.data_dir);
  if (!db.isOk()) return fail(db.status());
  auto key = args.public_key.empty() ? audit::loadPublicKey(args.data_dir)
                                     : audit::PublicKey::fromHex(args.public_key);
  if (!key.isOk()) return fail(key.status());
  auto report = audit::verifyChain(**db, *key);
  if (!report.isOk()) return fail(report.status());
  std::string checkpoint = report->last_checkpoint
                               ? "seq " + std::to_string(report->last_checkpoint->seq) + " (" +
                                     report->last_checkpoint->time + ")"
                               : "none";
  if (report->problem) {
    const auto& problem = *report->problem;
    std::cout << "audit log NOT intact: " << audit::problemKindName(problem.kind) << " at seq "
              << problem.seq << ": " << problem.message << "\n"
              << "verified before it: " << report->verified << " of " << report->records
              << " records; last verified checkpoint: " << checkpoint << "\n";
    return kExitInternal;
  }
  std::cout << "audit log intact: " << report->records << " records, " << report->checkpoints
            << " checkpoints verified; last verified checkpoint: " << checkpoint << "\n"
            << "public key: " << key->toHex() << "\n";
  return kExitOk;
}

int runExport(const AuditArgs& args) {
  auto db = audit::openAuditDatabase(args.data_dir);
  if (!db.isOk()) return fail(db.status());
  auto format =
      args.format == "syslog" ? audit::ExportFormat::kSyslog : audit::ExportFormat::kJsonLines;
  Status status = audit::exportRecords(**db, format, args.from_seq, std::cout);
  return status.isOk() ? kExitOk : fail(status);
}

int runPublicKey(const AuditArgs& args) {
  auto key = audit::loadPublicKey(args.data_dir);
  if (!key.isOk()) return fail(key.status());
  std::cout << key->toHex() << "\n";
  return kExitOk;
}

}  // namespace

std::function<int()> setUpAuditCommand(CLI::App& command) {
  auto args = std::make_shared<AuditArgs>();
  auto* cmd = &command;
  cmd->require_subcommand(1);
  auto* verify = cmd->add_subcommand(
      "verify",
      "Check every record's hash and link and every signed checkpoint. Exit 0: intact; 1: a "
      "problem was found (printed) or the log could not be read.");
  verify->add_option("--data", args->data_dir, "Data directory (holds audit.db)")->required();
  verify->add_option("--public-key", args->public_key,
                     "Verify checkpoints with this Ed25519 public key (hex) instead of the one "
                     "derived from the data directory's signing key");
  auto* exporter =
      cmd->add_subcommand("export", "Write the records as JSON Lines or RFC 5424 syslog lines");
  exporter->add_option("--data", args->data_dir, "Data directory (holds audit.db)")->required();
  exporter->add_option("--format", args->format, "jsonl or syslog")
      ->check(CLI::IsMember({"jsonl", "syslog"}))
      ->default_val("jsonl");
  exporter->add_option("--from", args->from_seq, "First seq to export")
      ->check(CLI::PositiveNumber)
      ->default_val(1);
  auto* public_key = cmd->add_subcommand(
      "public-key", "Print the checkpoint signing public key, for auditors to keep elsewhere");
  public_key->add_option("--data", args->data_dir, "Data directory")->required();
  return [args, verify, exporter, public_key] {
    if (verify->parsed()) return runVerify(*args);
    if (exporter->parsed()) return runExport(*args);
    if (public_key->parsed()) return runPublicKey(*args);
    return kExitUsage;
  };
}

}  // namespace sanso::app
