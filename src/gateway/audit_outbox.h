// The gateway's audit outbox: audit events are first written into the gateway's own database,
// in the transaction of the change they record, and then appended to the audit chain. A crash
// between the two loses nothing: the next open() appends what is left, exactly once (the
// chain keeps how far each outbox was appended: audit::AuditLog::appendRelayed).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

#include "sanso/audit/audit_log.h"
#include "sanso/store/database.h"

namespace sanso::gateway::detail {

class AuditOutbox {
 public:
  AuditOutbox(store::Database& db, audit::AuditLog& log) : db_(db), log_(log) {}

  // Appends whatever an earlier run left in the outbox and removes what the chain holds.
  // Call once, before add().
  Status open();
  // Inside a write transaction on the gateway's database: keeps `event` for the chain and
  // returns its outbox id. An event the chain would refuse fails here, undoing the change.
  Result<int64_t> add(store::Session& session, const audit::Event& event);
  // Returns once the outbox rows up to `id` (and any others committed by then) are durable
  // in the chain. Concurrent callers share one append.
  Status flushThrough(int64_t id);

 private:
  // Appends every committed row above the chain's mark, in batches.
  Status relayPending();

  store::Database& db_;
  audit::AuditLog& log_;
  std::mutex relay_mutex_;  // one relay at a time, so batches stay in id order
  std::atomic<int64_t> relayed_{0};
  std::atomic<int64_t> cleaned_{0};
};

}  // namespace sanso::gateway::detail
