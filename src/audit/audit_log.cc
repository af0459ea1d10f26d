#include "sanso/audit/audit_log.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "schema.h"

namespace sanso::audit {
namespace {

struct Head {
  uint64_t seq = 0;
  std::string hash{kGenesisHash};
  uint64_t checkpointed = 0;  // seq of the newest checkpoint
};

Result<Head> readHead(store::Session& session) {
  Head head;
  SANSO_ASSIGN_OR_RETURN(
      auto last, session.prepare("SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1"));
  SANSO_ASSIGN_OR_RETURN(bool has_record, last.step());
  if (has_record) {
    head.seq = static_cast<uint64_t>(last.columnInt64(0));
    head.hash = last.columnText(1);
  }
  SANSO_ASSIGN_OR_RETURN(auto signed_seq,
                         session.prepare("SELECT COALESCE(MAX(seq), 0) FROM audit_checkpoints"));
  SANSO_ASSIGN_OR_RETURN(bool has_row, signed_seq.step());
  if (has_row) head.checkpointed = static_cast<uint64_t>(signed_seq.columnInt64(0));
  return head;
}

Status insertCheckpoint(store::Session& session, const SigningKey& key, uint64_t seq,
                        const std::string& hash, const std::string& time) {
  Checkpoint checkpoint{seq, hash, time, {}};
  key.sign(checkpoint);
  SANSO_ASSIGN_OR_RETURN(
      auto insert, session.prepare("INSERT INTO audit_checkpoints (seq, hash, time, signature) "
                                   "VALUES (?, ?, ?, ?)"));
  SANSO_RETURN_IF_ERROR(insert.bindInt64(1, static_cast<int64_t>(seq)));
  SANSO_RETURN_IF_ERROR(insert.bindText(2, checkpoint.hash));
  SANSO_RETURN_IF_ERROR(insert.bindText(3, checkpoint.time));
  SANSO_RETURN_IF_ERROR(insert.bindText(4, checkpoint.signature));
  return insert.run();
}

Status bindRecord(store::Statement& insert, const Record& record) {
  SANSO_RETURN_IF_ERROR(insert.bindInt64(1, static_cast<int64_t>(record.seq)));
  SANSO_RETURN_IF_ERROR(insert.bindText(2, record.time));
  SANSO_RETURN_IF_ERROR(insert.bindText(3, record.actor));
  SANSO_RETURN_IF_ERROR(insert.bindText(4, record.zone));
  SANSO_RETURN_IF_ERROR(insert.bindText(5, record.action));
  SANSO_RETURN_IF_ERROR(insert.bindText(6, record.object_id));
  SANSO_RETURN_IF_ERROR(insert.bindText(7, record.details));
  SANSO_RETURN_IF_ERROR(insert.bindText(8, record.prev_hash));
  return insert.bindText(9, record.hash);
}

Result<int64_t> readRelayed(store::Session& session, const std::string& source) {
  SANSO_ASSIGN_OR_RETURN(auto st,
                         session.prepare("SELECT through FROM audit_relay WHERE source = ?1"));
  SANSO_RETURN_IF_ERROR(st.bindText(1, source));
  SANSO_ASSIGN_OR_RETURN(bool found, st.step());
  return found ? st.columnInt64(0) : int64_t{0};
}

std::string databasePath(const std::string& data_dir) {
  return data_dir + "/" + kAuditDatabaseFile;
}

}  // namespace

AuditLog::AuditLog(std::unique_ptr<store::Database> db, SigningKey key, Options options)
    : db_(std::move(db)), key_(std::move(key)), options_(options) {}

Result<std::unique_ptr<AuditLog>> AuditLog::open(const std::string& data_dir, Options options) {
  SANSO_ASSIGN_OR_RETURN(auto key, SigningKey::loadOrCreate(data_dir + "/" + kSigningKeyFile));
  SANSO_ASSIGN_OR_RETURN(auto db, store::Database::open(databasePath(data_dir)));
  SANSO_RETURN_IF_ERROR(db->migrate("audit", auditMigrations()));
  return std::unique_ptr<AuditLog>(new AuditLog(std::move(db), std::move(key), options));
}

AuditLog::~AuditLog() { (void)checkpoint(); }

Result<uint64_t> AuditLog::linkRecord(store::Session& session, const Event& event,
                                      const std::string& details) {
  SANSO_ASSIGN_OR_RETURN(Head head, readHead(session));
  Record record{head.seq + 1,
                formatTime(std::chrono::system_clock::now()),
                event.actor,
                event.zone,
                event.action,
                event.object_id,
                details,
                head.hash,
                {}};
  record.hash = recordHash(record);
  SANSO_ASSIGN_OR_RETURN(
      auto insert, session.prepare(std::string("INSERT INTO audit_records (") + kRecordColumns +
                                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  SANSO_RETURN_IF_ERROR(bindRecord(insert, record));
  SANSO_RETURN_IF_ERROR(insert.run());
  if (options_.checkpoint_every != 0 && record.seq % options_.checkpoint_every == 0) {
    SANSO_RETURN_IF_ERROR(insertCheckpoint(session, key_, record.seq, record.hash, record.time));
  }
  return record.seq;
}

Result<uint64_t> AuditLog::append(const Event& event) {
  SANSO_ASSIGN_OR_RETURN(std::string details, canonicalDetails(event));
  // Events committed elsewhere before this one (an outbox not yet relayed) come first.
  SANSO_RETURN_IF_ERROR(catchUp());
  uint64_t seq = 0;
  // Runs inside the group's transaction, after the appends queued before this one.
  SANSO_RETURN_IF_ERROR(db_->write([&](store::Session& session) -> Status {
    SANSO_ASSIGN_OR_RETURN(seq, linkRecord(session, event, details));
    return Status::ok();
  }));
  return seq;
}

Result<int64_t> AuditLog::relayedThrough(const std::string& source) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db_->read());
  return readRelayed(session, source);
}

Status AuditLog::appendRelayed(const std::string& source,
                               const std::vector<RelayedEvent>& events) {
  std::vector<std::string> details;
  details.reserve(events.size());
  for (const RelayedEvent& relayed : events) {
    SANSO_ASSIGN_OR_RETURN(std::string text, canonicalDetails(relayed.event));
    details.push_back(std::move(text));
  }
  return db_->write([&](store::Session& session) -> Status {
    SANSO_ASSIGN_OR_RETURN(int64_t through, readRelayed(session, source));
    int64_t newest = through;
    for (size_t i = 0; i < events.size(); ++i) {
      if (events[i].id <= newest) continue;  // appended before: a replay after a crash
      SANSO_RETURN_IF_ERROR(linkRecord(session, events[i].event, details[i]).status());
      newest = events[i].id;
    }
    if (newest == through) return Status::ok();
    SANSO_ASSIGN_OR_RETURN(
        auto mark, session.prepare("INSERT INTO audit_relay (source, through) VALUES (?1, ?2) "
                                   "ON CONFLICT (source) DO UPDATE SET through = excluded.through"));
    SANSO_RETURN_IF_ERROR(mark.bindText(1, source));
    SANSO_RETURN_IF_ERROR(mark.bindInt64(2, newest));
    return mark.run();
  });
}

Status AuditLog::checkpoint() {
  return db_->write([&](store::Session& session) -> Status {
    SANSO_ASSIGN_OR_RETURN(Head head, readHead(session));
    if (head.seq == 0 || head.checkpointed >= head.seq) return Status::ok();
    return insertCheckpoint(session, key_, head.seq, head.hash,
                            formatTime(std::chrono::system_clock::now()));
  });
}

Result<VerifyReport> AuditLog::verify() {
  SANSO_RETURN_IF_ERROR(catchUp());
  return verifyChain(*db_, key_.publicKey());
}

int AuditLog::addCatchUp(std::function<Status()> append_now) {
  std::lock_guard lock(catch_up_mutex_);
  catch_ups_.emplace(++next_catch_up_, std::move(append_now));
  return next_catch_up_;
}

void AuditLog::removeCatchUp(int id) {
  std::lock_guard lock(catch_up_mutex_);
  catch_ups_.erase(id);
}

Status AuditLog::catchUp() {
  std::lock_guard lock(catch_up_mutex_);
  for (const auto& [id, append_now] : catch_ups_) SANSO_RETURN_IF_ERROR(append_now());
  return Status::ok();
}

Result<std::unique_ptr<store::Database>> openAuditDatabase(const std::string& data_dir) {
  std::string path = databasePath(data_dir);
  if (::access(path.c_str(), F_OK) != 0) {
    return Status::ioError("no audit log at " + path + ": " + std::strerror(errno));
  }
  SANSO_ASSIGN_OR_RETURN(auto db, store::Database::open(path));
  SANSO_RETURN_IF_ERROR(db->migrate("audit", auditMigrations()));
  return db;
}

Result<PublicKey> loadPublicKey(const std::string& data_dir) {
  SANSO_ASSIGN_OR_RETURN(auto key, SigningKey::load(data_dir + "/" + kSigningKeyFile));
  return key.publicKey();
}

}  // namespace sanso::audit
