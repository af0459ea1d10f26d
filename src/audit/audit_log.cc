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

Result<uint64_t> AuditLog::append(const Event& event) {
  SANSO_ASSIGN_OR_RETURN(std::string details, canonicalDetails(event));
  uint64_t seq = 0;
  // Runs inside the group's transaction, after the appends queued before this one.
  auto link = [&](store::Session& session) -> Status {
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
    seq = record.seq;
    return Status::ok();
  };
  SANSO_RETURN_IF_ERROR(db_->write(link));
  return seq;
}

Status AuditLog::checkpoint() {
  return db_->write([&](store::Session& session) -> Status {
    SANSO_ASSIGN_OR_RETURN(Head head, readHead(session));
    if (head.seq == 0 || head.checkpointed >= head.seq) return Status::ok();
    return insertCheckpoint(session, key_, head.seq, head.hash,
                            formatTime(std::chrono::system_clock::now()));
  });
}

Result<VerifyReport> AuditLog::verify() { return verifyChain(*db_, key_.publicKey()); }

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
