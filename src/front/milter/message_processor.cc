#include "sanso/milter/message_processor.h"

#include <sys/stat.h>

#include <ctime>
#include <tuple>
#include <vector>

#include "message_text.h"
#include "sanso/common/file_io.h"
#include "sanso/gateway/flow_sanitize.h"
#include "sanso/gateway/gateway.h"
#include "sanso/policy/decision.h"
#include "sanso/policy/loader.h"
#include "sanso/sanitize/engine.h"
#include "sanso/sanitize/report.h"

namespace sanso::milter {
namespace {

MilterVerdict tempfail(const std::string& why) {
  MilterVerdict v;
  v.kind = MilterVerdict::Kind::kTempfail;
  v.audit["reason"] = printableAscii(why, 200);
  return v;
}

// A permanent refusal; `slug` is the engine's or the policy's reason.
MilterVerdict reject(const std::string& slug, const std::string& text) {
  MilterVerdict v;
  v.kind = MilterVerdict::Kind::kReject;
  v.rcode = "550";
  v.xcode = "5.7.1";
  v.reply = "sanso: " + printableAscii(text, 200) + " (" + printableAscii(slug, 60) + ")";
  v.audit["reason"] = printableAscii(slug, 200);
  return v;
}

// Limits of time and of the engine's environment are sanso's, not the sender's: retry later.
bool isTransient(const std::string& reason) {
  return reason == "limit-time" || reason == "limit-office-time" || reason == "scanner-unavailable";
}

// report.<facts>.sha256 of an engine report (JSON); empty when absent.
std::string sha256Of(const nlohmann::json& report, const char* facts) {
  auto it = report.find(facts);
  if (it == report.end() || !it->is_object()) return std::string();
  auto sha = it->find("sha256");
  return sha != it->end() && sha->is_string() ? sha->get<std::string>() : std::string();
}

sanitize::Options engineOptions(const MilterConfig& config) {
  sanitize::Options options;
  options.limits.max_time = config.max_sanitize_time;
  options.clamd_socket = config.clamd_socket;
  options.yara_rules = config.yara_rules;
  options.declared_name = "message.eml";
  return options;
}

// The held-file names (Options::held_attachment_dir) in the member reports of `report`, with
// the attachment's name and type, depth first.
void heldFiles(const nlohmann::json& members,
               std::vector<std::tuple<std::string, std::string, std::string>>& out) {
  if (!members.is_array()) return;
  for (const nlohmann::json& m : members) {
    if (!m.is_object()) continue;
    if (m.contains("held_file") && m["held_file"].is_string()) {
      out.emplace_back(m["held_file"].get<std::string>(), m.value("name", ""),
                       m.value("input_type", ""));
    }
    if (m.contains("members")) heldFiles(m["members"], out);
  }
}

}  // namespace

const char* kindName(MilterVerdict::Kind kind) {
  switch (kind) {
    case MilterVerdict::Kind::kAccept:
      return "accept";
    case MilterVerdict::Kind::kReplace:
      return "replace";
    case MilterVerdict::Kind::kReject:
      return "reject";
    case MilterVerdict::Kind::kQuarantine:
      return "quarantine";
    case MilterVerdict::Kind::kTempfail:
      return "tempfail";
  }
  return "tempfail";
}

Result<std::unique_ptr<MessageProcessor>> MessageProcessor::open(const MilterConfig& config) {
  const std::string pack_path =
      config.policy_file.empty() ? policy::kDefaultPackPath : config.policy_file;
  SANSO_ASSIGN_OR_RETURN(policy::PolicyPack pack, policy::loadPack(pack_path));
  for (const std::string& zone : {config.from_zone, config.to_zone}) {
    bool known = false;
    for (const auto& z : pack.zones) known = known || z.id == zone;
    if (!known) {
      return Status::invalidArgument("zone '" + zone + "' is not a zone of the policy pack " +
                                     pack_path);
    }
  }
  SANSO_ASSIGN_OR_RETURN(auto audit, audit::AuditLog::open(config.data_dir));
  SANSO_ASSIGN_OR_RETURN(dlp::Scanner scanner,
                         dlp::Scanner::create(gateway::scannerConfigFor(pack)));
  SANSO_ASSIGN_OR_RETURN(gateway::MailIntakeWriter intake,
                         gateway::MailIntakeWriter::open(config.data_dir));
  return std::unique_ptr<MessageProcessor>(
      new MessageProcessor(config, std::move(pack), std::move(audit),
                           std::make_unique<dlp::Scanner>(std::move(scanner)), std::move(intake)));
}

MessageProcessor::MessageProcessor(MilterConfig config, policy::PolicyPack pack,
                                   std::unique_ptr<audit::AuditLog> audit,
                                   std::unique_ptr<dlp::Scanner> scanner,
                                   gateway::MailIntakeWriter intake)
    : config_(std::move(config)),
      pack_(std::move(pack)),
      audit_(std::move(audit)),
      scanner_(std::move(scanner)),
      intake_(std::move(intake)) {}

MilterVerdict MessageProcessor::process(const std::string& message_path,
                                        const std::string& work_dir,
                                        const MessageInfo& info) const {
  return config_.direction == Direction::kInbound ? inbound(message_path, work_dir, info)
                                                  : outbound(message_path, work_dir, info);
}

Status MessageProcessor::handOver(const std::string& reference, const std::string& message_path,
                                  const std::string& work_dir, const nlohmann::json& report,
                                  const MessageInfo& info, const std::string& reason) const {
  gateway::MailIntake record;
  record.reference = reference;
  record.direction = directionName(config_.direction);
  record.message_id = info.message_id;
  record.queue_id = printableAscii(info.queue_id, 64);
  record.sender = info.sender;
  record.recipients = info.recipients;
  std::string subject = decodeHeaderText(info.subject);
  if (subject.size() > gateway::kMaxIntakeSubject) subject.resize(gateway::kMaxIntakeSubject);
  record.subject = subject;
  record.from_zone = config_.from_zone;
  record.to_zone = config_.to_zone;
  record.reason = reason;
  record.received_at = static_cast<int64_t>(std::time(nullptr));
  SANSO_ASSIGN_OR_RETURN(record.original, intake_.seal(message_path, reference + ".eml", "eml",
                                                       config_.max_message_bytes));
  std::vector<std::tuple<std::string, std::string, std::string>> held;
  if (report.is_object() && report.contains("members")) heldFiles(report["members"], held);
  for (const auto& [file, name, type] : held) {
    if (record.held.size() >= gateway::kMaxIntakeHeld) break;
    if (file.find('/') != std::string::npos) return Status::internal("bad held file " + file);
    SANSO_ASSIGN_OR_RETURN(gateway::IntakeFile sealed,
                           intake_.seal(work_dir + "/held/" + file, printableAscii(name, 255), type,
                                        config_.max_message_bytes));
    sealed.name = name;
    record.held.push_back(std::move(sealed));
  }
  return intake_.commit(record);
}

MilterVerdict MessageProcessor::tooLarge() const {
  MilterVerdict v;
  v.kind = MilterVerdict::Kind::kReject;
  v.rcode = "552";
  v.xcode = "5.3.4";
  v.reply = "sanso: message too big to be sanitized (limit " +
            std::to_string(config_.max_message_bytes) + " bytes)";
  v.audit["reason"] = "limit-message-size";
  return v;
}

MilterVerdict MessageProcessor::inbound(const std::string& message_path,
                                        const std::string& work_dir,
                                        const MessageInfo& info) const {
  const gateway::FlowQuery query{config_.from_zone, config_.to_zone, "message.eml", {}};
  const std::string reference = gateway::newMailReference();
  sanitize::Options options = engineOptions(config_);
  options.held_attachment_dir = work_dir + "/held";
  options.mail_reference = reference;
  if (::mkdir(options.held_attachment_dir.c_str(), 0700) != 0) {
    return tempfail("cannot create " + options.held_attachment_dir);
  }
  auto outcome = gateway::sanitizeForFlow(pack_, options, query, message_path, work_dir);
  if (!outcome.isOk()) return tempfail("engine: " + outcome.status().toString());
  const nlohmann::json report = nlohmann::json::parse(outcome->report_json, nullptr, false);
  if (!report.is_object()) return tempfail("engine: unreadable report");
  MilterVerdict v;
  if (outcome->blocked) {
    if (!outcome->decision.allowed) {
      v = reject("policy", "mail from " + config_.from_zone + " to " + config_.to_zone +
                               " is not allowed by the policy");
    } else {
      const std::string reason = report.value("reason", "");
      if (isTransient(reason)) return tempfail("engine: " + reason);
      v = reject(reason, "the message cannot be made safe");
    }
    v.audit["input_sha256"] = sha256Of(report, "input");
    return v;
  }
  if (outcome->output_path == message_path) {  // the flow does not sanitize mail
    v.kind = MilterVerdict::Kind::kAccept;
    v.audit["actions"] = "NONE";
    v.audit["methods"] = nlohmann::json::array();
    v.audit["input_sha256"] = sha256Of(report, "input");
    return v;
  }
  if (outcome->output_type != "eml") {
    v = reject("malformed-mime", "the message is not a readable mail message");
    v.audit["input_sha256"] = sha256Of(report, "input");
    return v;
  }
  auto output = readFile(outcome->output_path, 4 * config_.max_message_bytes + (1u << 20));
  if (!output.isOk()) return tempfail("output: " + output.status().toString());
  auto split = splitMessage(*output);
  if (!split.isOk()) return tempfail("output: " + split.status().toString());
  // The original is kept (and PPAP attachments held) before the MTA hears of it.
  if (Status kept = handOver(reference, message_path, work_dir, report, info, ""); !kept.isOk()) {
    return tempfail("mail intake: " + kept.toString());
  }
  v.kind = MilterVerdict::Kind::kReplace;
  v.add_fields = replacementFields(split->headers, config_.subject_tag);
  const std::string tokens = sanitizedTokens(report);
  v.add_fields.push_back({"X-Sanso-Sanitized", tokens});
  v.add_fields.push_back({"X-Sanso-Reference", reference});
  v.audit["reference"] = reference;
  v.body = output->substr(split->body_offset);
  v.audit["actions"] = tokens;
  v.audit["method"] = report.value("method", "");
  v.audit["engine_verdict"] = report.value("verdict", "");
  v.audit["input_sha256"] = sha256Of(report, "input");
  v.audit["output_sha256"] = sha256Of(report, "output");
  return v;
}

MilterVerdict MessageProcessor::outbound(const std::string& message_path,
                                         const std::string& work_dir,
                                         const MessageInfo& info) const {
  const policy::Decision decision =
      policy::decide(pack_, {config_.from_zone, config_.to_zone, "eml", {}});
  if (!decision.allowed) {
    return reject("policy", "mail from " + config_.from_zone + " to " + config_.to_zone +
                                " is not allowed by the policy");
  }
  sanitize::Options options = engineOptions(config_);
  options.method = sanitize::Method::kText;
  const std::string text_path = work_dir + "/text.eml";
  auto report = sanitize::Engine().sanitize(message_path, text_path, options);
  if (!report.isOk()) return tempfail("engine: " + report.status().toString());
  MilterVerdict v;
  v.audit["input_sha256"] = report->input.sha256;
  v.audit["output_sha256"] = report->input.sha256;  // delivered as received
  if (decision.dlp == policy::DlpMode::kOff) {
    v.kind = MilterVerdict::Kind::kAccept;
    v.audit["dlp"] = "off";
    return v;
  }
  // Held in the MTA's hold queue and handed to the gateway for a security manager's decision.
  auto hold = [&](const std::string& reason) {
    const std::string reference = gateway::newMailReference();
    if (Status kept = handOver(reference, message_path, work_dir, nlohmann::json(), info,
                               printableAscii(reason, 200));
        !kept.isOk()) {
      return tempfail("mail intake: " + kept.toString());
    }
    v.kind = MilterVerdict::Kind::kQuarantine;
    v.quarantine_reason = "sanso DLP: " + printableAscii(reason, 200);
    v.audit["reason"] = printableAscii(reason, 200);
    v.audit["reference"] = reference;
    return v;
  };
  if (report->verdict == sanitize::Verdict::kBlocked) {
    if (isTransient(report->reason)) return tempfail("engine: " + report->reason);
    return hold("dlp-unscannable: " + report->reason);
  }
  dlp::ScanLimits limits;
  auto text = messageText(text_path, limits.max_input_bytes);
  if (!text.isOk()) return hold("dlp-unscannable: " + text.status().reason());
  auto scan = scanner_->scan(*text, limits);
  if (!scan.isOk()) return hold("dlp-error: " + scan.status().reason());
  v.audit["dlp_findings"] = scan->total_findings;
  if (scan->hit()) {
    std::string detectors;
    for (const dlp::Finding& f : scan->findings) {
      if (detectors.find(f.detector) == std::string::npos) {
        detectors += (detectors.empty() ? "" : ",") + f.detector;
      }
    }
    v.audit["dlp_detectors"] = printableAscii(detectors, 200);
    return hold("dlp-hit " + std::to_string(scan->total_findings) + " finding(s): " + detectors);
  }
  v.kind = MilterVerdict::Kind::kAccept;
  return v;
}

Status MessageProcessor::audit(const MilterVerdict& verdict, const MessageInfo& info) const {
  audit::Event event;
  event.actor = "system";
  event.zone = config_.from_zone;
  event.action = config_.direction == Direction::kInbound ? "mail.inbound" : "mail.outbound";
  event.object_id = printableAscii(info.message_id, 250);
  event.details = verdict.audit;
  event.details["direction"] = directionName(config_.direction);
  event.details["verdict"] = kindName(verdict.kind);
  event.details["message_id"] = printableAscii(info.message_id, 250);
  event.details["queue_id"] = printableAscii(info.queue_id, 64);
  event.details["size"] = info.size;
  return audit_->append(event).status();
}

}  // namespace sanso::milter
