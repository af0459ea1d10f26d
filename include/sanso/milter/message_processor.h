// What the milter does with one collected message, apart from the milter protocol: the
// engine and the policy inbound, DLP outbound, the audit record. Thread-safe.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sanso/audit/audit_log.h"
#include "sanso/dlp/scanner.h"
#include "sanso/gateway/mail_intake.h"
#include "sanso/milter/mail_headers.h"
#include "sanso/milter/milter_config.h"
#include "sanso/policy/pack.h"

namespace sanso::milter {

struct MilterVerdict {
  enum class Kind {
    kAccept,      // deliver as received (outbound, clean)
    kReplace,     // deliver the sanitized message: delete replaced fields, add, new body
    kReject,      // 5xx: the message can never pass
    kQuarantine,  // accept into Postfix's hold queue (outbound DLP hit)
    kTempfail,    // 4xx: sanso failed; the MTA keeps the message and retries
  };
  Kind kind = Kind::kTempfail;
  std::string rcode = "451";  // reject and tempfail: SMTP reply code, enhanced code and text
  std::string xcode = "4.3.0";
  std::string reply = "sanso: temporary failure, try again later";
  std::string quarantine_reason;        // ASCII, for smfi_quarantine
  std::vector<HeaderField> add_fields;  // kReplace: added after the replaced ones are deleted
  std::string body;                     // kReplace: the new body
  nlohmann::json audit = nlohmann::json::object();  // details for the audit record
};

// "accept", "replace", "reject", "quarantine", "tempfail".
const char* kindName(MilterVerdict::Kind kind);

struct MessageInfo {
  std::string message_id;  // as received, made printable; empty when absent
  std::string queue_id;    // the MTA's queue id, when it gives one
  uint64_t size = 0;       // bytes of the collected message
  std::string sender;      // envelope sender (MAIL FROM), made printable
  std::vector<std::string> recipients;  // envelope recipients (RCPT TO), made printable
  std::string subject;                  // the Subject field as received (raw, bounded)
};

// Envelope recipients and subject bytes kept per message.
inline constexpr size_t kMaxEnvelopeRecipients = 1000;
inline constexpr size_t kMaxSubjectBytes = 998;

class MessageProcessor {
 public:
  // Loads the policy pack, the DLP scanner and the audit log of `config`.
  static Result<std::unique_ptr<MessageProcessor>> open(const MilterConfig& config);

  // The verdict for the message in `message_path` (header block and body as received, CRLF),
  // using `work_dir` (which the caller creates and removes) for engine outputs. Never passes
  // a message unsanitized inbound; any failure of sanso gives kTempfail. Inbound, the original
  // of a sanitized message and its encrypted attachments (PPAP) are handed to the gateway
  // through the mail intake (gateway/mail_intake.h) under a new reference, named in the
  // notice and in X-Sanso-Reference; outbound, a message held by DLP is handed over with its
  // queue id so that a security manager can release or discard it.
  MilterVerdict process(const std::string& message_path, const std::string& work_dir,
                        const MessageInfo& info) const;

  // Appends the message's audit record (`mail.inbound` or `mail.outbound`): message id,
  // direction, verdict, actions, hashes; never body text.
  Status audit(const MilterVerdict& verdict, const MessageInfo& info) const;

  // The verdict for a message over max_message_bytes.
  MilterVerdict tooLarge() const;

  const MilterConfig& config() const { return config_; }
  // Where messages are spooled while they are filtered: <data_dir>/work/milter-<direction>
  // (one process per direction and data directory: the process empties it when it starts).
  std::string spoolDir() const {
    return config_.data_dir + "/work/milter-" + directionName(config_.direction);
  }
  audit::AuditLog& auditLog() const { return *audit_; }

 private:
  MessageProcessor(MilterConfig config, policy::PolicyPack pack,
                   std::unique_ptr<audit::AuditLog> audit, std::unique_ptr<dlp::Scanner> scanner,
                   gateway::MailIntakeWriter intake);
  MilterVerdict inbound(const std::string& message_path, const std::string& work_dir,
                        const MessageInfo& info) const;
  MilterVerdict outbound(const std::string& message_path, const std::string& work_dir,
                         const MessageInfo& info) const;
  // Seals the original (and `held` files, named by the engine's member reports) into the
  // mail intake under `reference`.
  Status handOver(const std::string& reference, const std::string& message_path,
                  const std::string& work_dir, const nlohmann::json& report,
                  const MessageInfo& info, const std::string& reason) const;

  MilterConfig config_;
  policy::PolicyPack pack_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<dlp::Scanner> scanner_;
  gateway::MailIntakeWriter intake_;
};

}  // namespace sanso::milter
