// audit::AuditLog: the append-only, hash-chained audit log of one data directory.
//
// Files: <data>/audit.db (its own SQLite database) and <data>/keys/audit-signing.key (the
// Ed25519 seed, created 0600 when missing). append() is safe from any number of threads:
// concurrent appends are committed together in one transaction (store::Database::write's
// group commit), in the order they queued, and each returns only once its record is durable.
// Other processes may append to the same file: the chain head is read inside the write
// transaction, never cached.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sanso/audit/checkpoint.h"
#include "sanso/audit/record.h"
#include "sanso/audit/verify.h"
#include "sanso/common/status.h"
#include "sanso/store/database.h"

namespace sanso::audit {

inline constexpr const char* kAuditDatabaseFile = "audit.db";
inline constexpr const char* kSigningKeyFile = "keys/audit-signing.key";

class AuditLog {
 public:
  struct Options {
    uint64_t checkpoint_every = 1000;  // sign every record whose seq is a multiple; 0: never
  };

  // Opens (creating when missing) the audit log of `data_dir`.
  static Result<std::unique_ptr<AuditLog>> open(const std::string& data_dir, Options options);
  static Result<std::unique_ptr<AuditLog>> open(const std::string& data_dir) {
    return open(data_dir, Options{});
  }

  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;
  // Signs a final checkpoint (errors ignored: call checkpoint() to see them).
  ~AuditLog();

  // Appends `event` after catchUp(), so that it follows every event committed before it;
  // returns its seq once it is on stable storage.
  Result<uint64_t> append(const Event& event);

  // An event that another store kept first (an outbox committed with the change it records),
  // numbered by that store in increasing order.
  struct RelayedEvent {
    int64_t id = 0;
    Event event;
  };
  // Appends `events` (ascending ids) in one transaction together with `source`'s progress
  // mark, skipping those at or below the mark: each outbox row is appended exactly once, even
  // when a crash between this commit and the outbox's cleanup makes the caller send it again.
  // Returns once durable; an invalid event fails the whole batch.
  Status appendRelayed(const std::string& source, const std::vector<RelayedEvent>& events);
  // The id of the last event of `source` appended through appendRelayed(); 0 when none.
  Result<int64_t> relayedThrough(const std::string& source);
  // Signs a checkpoint for the last record unless it already has one; call at shutdown.
  Status checkpoint();
  // verifyChain() with this log's own public key, after catchUp().
  Result<VerifyReport> verify();

  // A source whose events reach the chain a moment after they are committed (an outbox whose
  // own thread appends them) registers `append_now`, which appends them at once; returns the
  // id to remove it with. Readers that must see every committed event call catchUp() first.
  int addCatchUp(std::function<Status()> append_now);
  void removeCatchUp(int id);
  // Runs every registered catch-up: then the chain holds every event committed before.
  Status catchUp();

  const PublicKey& publicKey() const { return key_.publicKey(); }
  store::Database& database() { return *db_; }

 private:
  AuditLog(std::unique_ptr<store::Database> db, SigningKey key, Options options);
  // Chains one record after the head inside the caller's write transaction; returns its seq.
  Result<uint64_t> linkRecord(store::Session& session, const Event& event,
                              const std::string& details);

  std::unique_ptr<store::Database> db_;
  SigningKey key_;
  Options options_;
  std::mutex catch_up_mutex_;  // guards the two below
  std::map<int, std::function<Status()>> catch_ups_;
  int next_catch_up_ = 0;
};

// Opens the existing audit database of `data_dir` (for verify and export); never creates one.
Result<std::unique_ptr<store::Database>> openAuditDatabase(const std::string& data_dir);
// The public key of `data_dir`'s signing key, which must exist.
Result<PublicKey> loadPublicKey(const std::string& data_dir);

}  // namespace sanso::audit
