#include "sanso/audit/outbox.h"

#include <algorithm>
#include <iostream>
#include <vector>

namespace sanso::audit {
namespace {

constexpr int kBatchRows = 512;
// After a failed append the relay thread waits this long before it tries again.
constexpr std::chrono::milliseconds kRetryAfter{200};
// While appends keep failing, one log line per this many attempts (a minute).
constexpr uint64_t kFailuresPerLogLine = 300;

}  // namespace

Outbox::Outbox(store::Database& db, AuditLog& log, std::string source, const std::string& table)
    : db_(db),
      log_(log),
      source_(std::move(source)),
      delete_sql_("DELETE FROM " + table + " WHERE id <= ?1"),
      insert_sql_("INSERT INTO " + table +
                  " (actor, zone, action, object_id, details) VALUES (?1, ?2, ?3, ?4, ?5)"),
      select_sql_("SELECT id, actor, zone, action, object_id, details FROM " + table +
                  " WHERE id > ?1 ORDER BY id LIMIT ?2") {}

Status Outbox::open() {
  SANSO_ASSIGN_OR_RETURN(int64_t through, log_.relayedThrough(source_));
  relayed_ = through;
  SANSO_RETURN_IF_ERROR(relayPending());
  int64_t done = relayed_.load();
  SANSO_RETURN_IF_ERROR(db_.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(store::Statement st, s.prepare(delete_sql_));
    SANSO_RETURN_IF_ERROR(st.bindInt64(1, done));
    return st.run();
  }));
  cleaned_ = done;
  return Status::ok();
}

Result<int64_t> Outbox::add(store::Session& session, const Event& event) {
  SANSO_ASSIGN_OR_RETURN(std::string details, canonicalDetails(event));
  // Rows the chain already holds go with this transaction: no commit of their own.
  int64_t relayed = relayed_.load();
  if (relayed > cleaned_.load()) {
    SANSO_ASSIGN_OR_RETURN(store::Statement clean, session.prepare(delete_sql_));
    SANSO_RETURN_IF_ERROR(clean.bindInt64(1, relayed));
    SANSO_RETURN_IF_ERROR(clean.run());
    cleaned_ = relayed;  // if this transaction rolls back, the rows wait for the next one
  }
  SANSO_ASSIGN_OR_RETURN(store::Statement st, session.prepare(insert_sql_));
  SANSO_RETURN_IF_ERROR(st.bindText(1, event.actor));
  SANSO_RETURN_IF_ERROR(st.bindText(2, event.zone));
  SANSO_RETURN_IF_ERROR(st.bindText(3, event.action));
  SANSO_RETURN_IF_ERROR(st.bindText(4, event.object_id));
  SANSO_RETURN_IF_ERROR(st.bindText(5, details));
  SANSO_RETURN_IF_ERROR(st.run());
  return session.lastInsertRowid();
}

Status Outbox::flushThrough(int64_t id) {
  if (relayed_.load() >= id) return Status::ok();
  std::lock_guard lock(relay_mutex_);
  if (relayed_.load() >= id) return Status::ok();  // another caller's batch took it
  return relayPending();
}

Status Outbox::flushAll() {
  std::lock_guard lock(relay_mutex_);
  return relayPending();
}

void Outbox::startRelaying(std::chrono::milliseconds linger) {
  std::lock_guard lock(wake_mutex_);
  if (relaying_ || stopping_) return;
  relayer_ = std::thread([this, linger] { relayLoop(linger); });
  catch_up_id_ = log_.addCatchUp([this] { return flushAll(); });
  relaying_ = true;
}

Status Outbox::relaySoon(int64_t id) {
  {
    std::lock_guard lock(wake_mutex_);
    if (relaying_) {
      wanted_ = std::max(wanted_, id);
      wake_.notify_one();
      return Status::ok();
    }
  }
  return flushThrough(id);
}

void Outbox::relayLoop(std::chrono::milliseconds linger) {
  std::unique_lock lock(wake_mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || wanted_ > relayed_.load(); });
    if (stopping_) return;
    // Rows committed while this one waits join its append: one commit for many events.
    wake_.wait_for(lock, linger, [&] { return stopping_; });
    const int64_t wanted = wanted_;
    lock.unlock();
    Status status = flushThrough(wanted);
    if (!status.isOk()) {
      // The rows stay in the outbox (durable): the next try, or the next open(), appends them.
      const uint64_t failures = ++failing_;
      if (failures == 1 || failures % kFailuresPerLogLine == 0) {
        std::cerr << "audit outbox " << source_ << ": cannot append to the chain (attempt "
                  << failures << ", retrying every " << kRetryAfter.count()
                  << " ms): " << status.toString() << "\n";
      }
      lock.lock();
      wake_.wait_for(lock, kRetryAfter, [&] { return stopping_; });
      continue;
    }
    lock.lock();
  }
}

Outbox::~Outbox() {
  std::thread relayer;
  int catch_up_id = 0;
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
    relaying_ = false;  // from here on relaySoon() appends itself
    relayer = std::move(relayer_);
    catch_up_id = catch_up_id_;
  }
  wake_.notify_all();
  if (!relayer.joinable()) return;
  log_.removeCatchUp(catch_up_id);
  relayer.join();
  if (Status status = flushAll(); !status.isOk()) {
    std::cerr << "audit outbox " << source_ << ": left for the next start: " << status.toString()
              << "\n";
  }
}

Status Outbox::relayPending() {
  SANSO_RETURN_IF_ERROR(appendPending());
  // Whoever got the rows through (the thread, a reader catching up), the chain is current.
  if (const uint64_t failures = failing_.exchange(0); failures > 0) {
    std::cerr << "audit outbox " << source_ << ": appending again after " << failures
              << " failed attempts\n";
  }
  return Status::ok();
}

Status Outbox::appendPending() {
  for (;;) {
    std::vector<AuditLog::RelayedEvent> batch;
    {
      SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db_.read());
      SANSO_ASSIGN_OR_RETURN(store::Statement st, session.prepare(select_sql_));
      SANSO_RETURN_IF_ERROR(st.bindInt64(1, relayed_.load()));
      SANSO_RETURN_IF_ERROR(st.bindInt64(2, kBatchRows));
      for (;;) {
        SANSO_ASSIGN_OR_RETURN(bool row, st.step());
        if (!row) break;
        AuditLog::RelayedEvent relayed;
        relayed.id = st.columnInt64(0);
        relayed.event.actor = st.columnText(1);
        relayed.event.zone = st.columnText(2);
        relayed.event.action = st.columnText(3);
        relayed.event.object_id = st.columnText(4);
        relayed.event.details = nlohmann::json::parse(st.columnText(5), nullptr, false);
        if (relayed.event.details.is_discarded()) {
          return Status::internal("audit outbox row " + std::to_string(relayed.id) +
                                  " holds unreadable details");
        }
        batch.push_back(std::move(relayed));
      }
    }
    if (batch.empty()) return Status::ok();
    SANSO_RETURN_IF_ERROR(log_.appendRelayed(source_, batch));
    relayed_ = batch.back().id;
    if (batch.size() < static_cast<size_t>(kBatchRows)) return Status::ok();
  }
}

}  // namespace sanso::audit
