// The ICAP RESPMOD service: Squid hands it each HTTP response; documents come back sanitized
// under the policy pack's decision for the configured flow, executables and everything the
// policy refuses come back as a Japanese block page, web pages and their resources pass.
// No sanitizing logic of its own: detection and 無害化 are the engine's, decisions the pack's
// (gateway::sanitizeForFlow), records the audit chain's. A body that stops arriving before its
// end (Squid 5.7, bug 5352) gets its HTTP head early (docs/operations.md 14.5).
#pragma once

#include <string>

#include "sanso/audit/audit_log.h"
#include "sanso/icap/config.h"
#include "sanso/icap/protocol.h"
#include "sanso/policy/pack.h"

namespace sanso::icap {

// The name of the respmod service in icap://host:port/respmod.
inline constexpr std::string_view kRespmodService = "respmod";

class Service {
 public:
  // `pack` and `audit` must outlive the service. Temporary files go to
  // <data_dir>/work/icap/, which must exist.
  Service(const IcapConfig& config, const policy::PolicyPack& pack, audit::AuditLog& audit);

  // Serves the requests of one connection until the client closes it, a request is malformed
  // (answered 400 first) or I/O fails. Thread-safe: connections are served in parallel.
  void serveConnection(Source& source, Sink& sink) const;

  // The ISTag of this service (changes with the engine version, the pack and the flow).
  const std::string& istag() const { return istag_; }

 private:
  const IcapConfig& config_;
  const policy::PolicyPack& pack_;
  audit::AuditLog& audit_;
  std::string istag_;
};

}  // namespace sanso::icap
