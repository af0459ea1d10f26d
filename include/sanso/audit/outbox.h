// An audit outbox: a module's audit events are first written into the module's own database,
// in the transaction of the change they record, and then appended to the audit chain. A crash
// between the two loses nothing: the next open() appends what is left, exactly once (the
// chain keeps how far each outbox was appended: audit::AuditLog::appendRelayed).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "sanso/audit/audit_log.h"
#include "sanso/store/database.h"

namespace sanso::audit {

class Outbox {
 public:
  // The outbox of `source` (the name the chain keeps its progress under) in table `table` of
  // `db`, which has the columns (id INTEGER PRIMARY KEY AUTOINCREMENT, actor, zone, action,
  // object_id, details), all TEXT NOT NULL. `table` is a name the program chooses, never input.
  Outbox(store::Database& db, AuditLog& log, std::string source, const std::string& table);

  // Appends whatever an earlier run left in the outbox and removes what the chain holds.
  // Call once, before add().
  Status open();
  // Inside a write transaction on the gateway's database: keeps `event` for the chain and
  // returns its outbox id. An event the chain would refuse fails here, undoing the change.
  Result<int64_t> add(store::Session& session, const Event& event);
  // Returns once the outbox rows up to `id` (and any others committed by then) are durable
  // in the chain. Concurrent callers share one append.
  Status flushThrough(int64_t id);

 private:
  // Appends every committed row above the chain's mark, in batches.
  Status relayPending();

  store::Database& db_;
  AuditLog& log_;
  std::string source_;
  std::string delete_sql_;
  std::string insert_sql_;
  std::string select_sql_;
  std::mutex relay_mutex_;  // one relay at a time, so batches stay in id order
  std::atomic<int64_t> relayed_{0};
  std::atomic<int64_t> cleaned_{0};
};

}  // namespace sanso::audit
