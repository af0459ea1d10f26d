// An audit outbox: a module's audit events are first written into the module's own database,
// in the transaction of the change they record, and then appended to the audit chain. A crash
// between the two loses nothing: the next open() appends what is left, exactly once (the
// chain keeps how far each outbox was appended: audit::AuditLog::appendRelayed).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "sanso/audit/audit_log.h"
#include "sanso/store/database.h"

namespace sanso::audit {

class Outbox {
 public:
  // The outbox of `source` (the name the chain keeps its progress under) in table `table` of
  // `db`, which has the columns (id INTEGER PRIMARY KEY AUTOINCREMENT, actor, zone, action,
  // object_id, details), all TEXT NOT NULL. `table` is a name the program chooses, never input.
  Outbox(store::Database& db, AuditLog& log, std::string source, const std::string& table);
  // Stops the relay thread, if started, after a last append.
  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Appends whatever an earlier run left in the outbox and removes what the chain holds.
  // Call once, before add().
  Status open();
  // Inside a write transaction on the gateway's database: keeps `event` for the chain and
  // returns its outbox id. An event the chain would refuse fails here, undoing the change.
  Result<int64_t> add(store::Session& session, const Event& event);
  // Returns once the outbox rows up to `id` (and any others committed by then) are durable
  // in the chain. Concurrent callers share one append.
  Status flushThrough(int64_t id);

  // From now on relaySoon() returns at once and a thread of the outbox appends what it asked
  // for, `linger` after the first request, together with every row committed by then; the
  // chain's catchUp() appends at once. Stopped (with a last append) by the destructor. Call
  // at most once, after open().
  void startRelaying(std::chrono::milliseconds linger);
  // Asks for the rows up to `id` to reach the chain: flushThrough(id) before startRelaying();
  // after it, the row is already durable in the outbox and the relay thread appends it.
  Status relaySoon(int64_t id);
  // Appends, now, every row committed so far (for a reader that must see the whole chain).
  Status flushAll();
  // The relay thread's failed appends in a row: 0 when its last append succeeded (or it never
  // failed). While it fails, events wait, durable, in the outbox and the chain is behind.
  uint64_t failingAppends() const { return failing_.load(); }

 private:
  // Appends every committed row above the chain's mark (appendPending(), in batches) and
  // clears failingAppends().
  Status relayPending();
  Status appendPending();
  void relayLoop(std::chrono::milliseconds linger);

  store::Database& db_;
  AuditLog& log_;
  std::string source_;
  std::string delete_sql_;
  std::string insert_sql_;
  std::string select_sql_;
  std::mutex relay_mutex_;  // one relay at a time, so batches stay in id order
  std::atomic<int64_t> relayed_{0};
  std::atomic<int64_t> cleaned_{0};
  std::atomic<uint64_t> failing_{0};  // see failingAppends()

  std::mutex wake_mutex_;  // guards the members below
  std::condition_variable wake_;
  int64_t wanted_ = 0;     // the highest id relaySoon() was asked for
  bool relaying_ = false;  // the thread takes relaySoon()'s requests
  bool stopping_ = false;
  std::thread relayer_;
  int catch_up_id_ = 0;  // the registration with log_ while the thread runs
};

}  // namespace sanso::audit
