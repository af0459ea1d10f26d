// gateway::Gateway: the transfer workflow (create -> upload -> sanitize -> approve ->
// download), its worker pool and retention. docs/gateway.md describes states, authorization,
// retention and crash recovery.
//
// Authorization is enforced here, against the Actor of each call: a transfer the caller may
// not see is reported exactly like a missing one (Status::notFound). Work survives a restart:
// the queue is the database (rows in state uploaded/sanitizing), never memory.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "sanso/audit/audit_log.h"
#include "sanso/audit/outbox.h"
#include "sanso/auth/accounts.h"
#include "sanso/common/status.h"
#include "sanso/dlp/scanner.h"
#include "sanso/gateway/mail_hold.h"
#include "sanso/gateway/mail_intake.h"
#include "sanso/gateway/notifier.h"
#include "sanso/gateway/transfer.h"
#include "sanso/gateway/transfer_watch.h"
#include "sanso/policy/pack.h"
#include "sanso/sanitize/options.h"
#include "sanso/store/blob_store.h"
#include "sanso/store/database.h"
#include "sanso/store/file_lock.h"
#include "sanso/store/secret_box.h"
#include "sanso/store/unique_fd.h"

namespace sanso::gateway {

namespace detail {
struct Row;
class JobDir;
class OriginalCopy;
class OriginalHandoff;
}  // namespace detail

// Seconds since the Unix epoch; tests pass a fake.
using Clock = std::function<int64_t()>;
// The system clock.
int64_t systemNow();

// The largest blob the gateway's store keeps as a database row rather than a file (blob_store.h):
// a typical office document, whose encrypted original and sanitized output then cost no file
// and no flush of their own; larger ones are files.
inline constexpr uint64_t kMaxBlobRowBytes = 1ull << 20;

// Everything the gateway uses; every reference must outlive the Gateway.
struct GatewayDeps {
  store::Database& db;
  const store::BlobStore& blobs;
  const store::SecretBox& secret_box;  // originals at rest
  audit::AuditLog& audit;
  auth::Accounts& accounts;
  const policy::PolicyPack& pack;
  const dlp::Scanner* scanner = nullptr;  // null: every DLP-checked transfer is blocked
  sanitize::Options engine_options;       // limits and switches; the method is set per job
  std::string work_dir;                   // private temporaries; emptied when opened
  int workers = 2;                        // 0: work runs only through runPending()
  Clock clock = systemNow;
  Notifier* notifier = nullptr;  // null: a LogNotifier
  // Roles that approve any transfer, judge DLP escalations and release originals.
  std::vector<std::string> security_manager_roles = {"security-manager"};
  // Where the HTTP layer streams uploads, as "up-<transfer id>-<anything>"; emptied when
  // opened (what a crash left there is a partial upload). Empty: none.
  std::string upload_dir = {};
  // Claims of one transfer by a worker (each crash or storage error mid-job leaves one) before
  // it is blocked instead of retried, so that a file that kills the server cannot loop.
  int max_attempts = 3;
  // Unreferenced blobs younger than this are left alone by runRetention() (the start-up
  // recovery, which runs before any writer, removes every unreferenced blob).
  std::chrono::seconds orphan_grace = std::chrono::hours(1);
  // The mail intake `sanso milter` fills (mail_intake.h); empty root: no mail front door.
  MailIntakeDirs mail_intake = {};
  // The MTA's hold queue for releasing or discarding held outbound mail; null: unavailable.
  MailQueue* mail_queue = nullptr;
  // Unset: a step returns once its audit event is in the chain. Set: once the event is
  // durable in the outbox (the step's own transaction); a relay thread appends it to the
  // chain about this long later, sharing one append among all the steps committed by then.
  std::optional<std::chrono::milliseconds> audit_relay_linger = std::nullopt;
};

// A sanitized file handed to a recipient.
struct Download {
  store::UniqueFd fd;  // positioned at the start of the file
  std::string name;    // UTF-8 download name, safe (no path, no control characters)
  uint64_t size = 0;
  std::string sha256;
};

// An original decrypted for a security manager; the file is removed on destruction.
class ReleasedOriginal {
 public:
  ReleasedOriginal(std::string path, std::string name)
      : path_(std::move(path)), name_(std::move(name)) {}
  ReleasedOriginal(ReleasedOriginal&& other) noexcept;
  ReleasedOriginal& operator=(ReleasedOriginal&&) = delete;
  ReleasedOriginal(const ReleasedOriginal&) = delete;
  ReleasedOriginal& operator=(const ReleasedOriginal&) = delete;
  ~ReleasedOriginal();

  const std::string& path() const { return path_; }
  const std::string& name() const { return name_; }

 private:
  std::string path_;
  std::string name_;
};

class Gateway {
 public:
  // Locks the blob store (Status::blocked "locked" when another gateway holds it), applies
  // the "gateway" migrations, runs the start-up recovery (docs/gateway.md: temporaries,
  // partial uploads, interrupted jobs, missing and unreferenced blobs, each audited) and
  // starts the worker pool.
  static Result<std::unique_ptr<Gateway>> open(GatewayDeps deps);

  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;
  // Stops the workers after their current job (an interrupted job resumes on the next open).
  ~Gateway();

  // Creates a transfer from actor.zone to `request.to_zone`. invalidArgument for unknown
  // zones, levels or recipients; blocked "policy-denied" (message: the policy's reasons)
  // when the policy refuses the crossing before any file is seen (e.g. My Number).
  Result<Transfer> create(const Actor& actor, const NewTransfer& request);

  // Takes the file the HTTP layer streamed to `path` (the caller removes it afterwards):
  // checks the pack's size limit, hashes it, stores it encrypted, and queues the transfer.
  // Only the sender, on the source zone, while the transfer is `created`.
  // Whether `actor` may upload the file of `id` now (the checks of upload(), made before the
  // body is read): notFound when not the sender on the source zone, invalidArgument when the
  // file was already uploaded.
  Status mayUpload(const Actor& actor, int64_t id);
  Result<Transfer> upload(const Actor& actor, int64_t id, const std::string& path,
                          const std::string& declared_name);

  // The transfer, when the caller may see it: the sender (on the source zone), a recipient
  // (available, on the destination zone) or a possible approver (awaiting approval).
  Result<Transfer> get(const Actor& actor, int64_t id);
  // The sender's status timeline, oldest first.
  Result<std::vector<TransferEvent>> timeline(const Actor& actor, int64_t id);
  // Transfers the caller sent from actor.zone, newest first.
  Result<std::vector<Transfer>> sent(const Actor& actor);
  // Available, unexpired transfers to the caller whose destination is actor.zone.
  Result<std::vector<Transfer>> inbox(const Actor& actor);
  // Transfers awaiting the caller's approval (never the caller's own), oldest first.
  Result<std::vector<Transfer>> pendingApprovals(const Actor& actor);

  // The approver's verdict, with a comment (required for reject). Only a possible approver
  // on the source zone: the sender's supervisor, a substitute approver (代理承認者) of the
  // sender's department within its period, or a security manager (DLP escalations: only
  // these); notFound otherwise or when nothing awaits approval. The audit record names the
  // capacity and, for a substitute, the supervisor in whose stead it acted.
  Status approve(const Actor& actor, int64_t id, const std::string& comment);
  Status reject(const Actor& actor, int64_t id, const std::string& comment);

  // Opens the sanitized file for a recipient on the destination zone and counts the
  // download; notFound when not visible, expired or its download limit is used up.
  Result<Download> download(const Actor& actor, int64_t id);

  // Decrypts the original for a security manager (on the source or destination zone) into a
  // private temporary file; `reason` is required and audited with the release.
  Result<ReleasedOriginal> releaseOriginal(const Actor& actor, int64_t id,
                                           const std::string& reason);

  // Moves the records `sanso milter` left in the mail intake into the database (idempotent;
  // an unreadable record is set aside as records/bad-*.json and audited). Runs at open, in
  // runRetention() and before mail holds are listed.
  Status ingestMailIntake();
  // Mail holds the caller may see, newest first (at most 200): inbound mail to the caller's
  // e-mail address on its destination zone; every hold for a security manager.
  Result<std::vector<MailHold>> mailHolds(const Actor& actor);
  // A recipient gives the password of held file `index` of mail `reference`: the file is
  // sanitized with it under the mail's flow and the result handed to the recipient as a new
  // transfer (returned; it takes the transfer workflow from upload on). A wrong password is
  // blocked "wrong-password" and counted; after kMaxPasswordAttempts the file is "locked".
  // A file that cannot be sanitized is blocked "sanitize-failed" with the reason.
  Result<Transfer> openHeldFile(const Actor& actor, const std::string& reference, int64_t index,
                                const std::string& password);
  // Decrypts the original message of `reference` for a security manager; `reason` is required
  // and audited with the release.
  Result<ReleasedOriginal> releaseMailOriginal(const Actor& actor, const std::string& reference,
                                               const std::string& reason);
  // A security manager releases (sends on) or discards held outbound mail through the MTA's
  // queue; `comment` is required for a discard. notFound unless the mail is still held.
  Status decideHeldMail(const Actor& actor, const std::string& reference, bool release,
                        const std::string& comment);

  // Retention: expires available transfers past their expiry, deletes originals past
  // originals_days, purges finished transfers and removes blobs no row has referred to for
  // `orphan_grace`. Safe to run at any time.
  Status runRetention();

  // Transfers created since `since` (Unix seconds) that policy, 無害化 or DLP blocked, counted
  // by their reason slug (the ISMS dashboard).
  Result<std::map<std::string, int64_t>> blockedSince(int64_t since);

  // Processes queued transfers on the calling thread until none is left; returns how many.
  Result<int> runPending();

  // Wakes waiters after each committed change of a transfer's state or counters (long
  // polling: the HTTP layer answers `GET .../item?wait=` from it).
  TransferWatch& watch() { return watch_; }

  // True while the audit relay thread cannot append to the chain: every step's event is
  // durable in the outbox and reaches the chain once appending works again (the health
  // check reports it).
  bool auditBehind() const { return outbox_->failingAppends() > 0; }

 private:
  // In what capacity a caller may judge a transfer awaiting approval.
  enum class ApproverRole { kNone, kSupervisor, kSubstitute, kSecurityManager };

  Gateway(GatewayDeps deps, store::FileLock lock);
  // The start-up recovery (recovery.cc); runs before the workers start.
  Status recover();
  // Moves rows a crash left in `sanitizing` on, notes partial uploads, and blocks transfers
  // whose blobs are missing; `blobs` is every stored hash.
  Status recoverRows(const std::vector<int64_t>& partial_uploads,
                     const std::vector<std::string>& blobs);
  // Deletes blobs no transfer refers to and older than `grace`; audited as `when`.
  Status collectOrphanBlobs(std::chrono::seconds grace, const std::string& when);
  void workerLoop();
  // Claims the oldest `uploaded` transfer; nullopt when none.
  Result<std::optional<int64_t>> claim();
  // process() in the worker's scratch directory `scratch` (made here when empty, emptied
  // after the job), and on failure requeueOrBlock() so that the row does not stay claimed.
  Status runJob(int64_t id, std::optional<detail::JobDir>& scratch);
  // Sanitizes and DLP-checks claimed transfer `id`, with the empty directory `dir` for its files.
  Status process(int64_t id, const std::string& dir);
  // The plaintext of `row`'s transfer for a job in `dir`: the upload's own file when it was
  // handed over, otherwise decrypted from the store.
  Result<detail::OriginalCopy> originalOf(const detail::Row& row, const std::string& dir);
  // Puts a claimed (sanitizing) row whose job failed with `error` back in the queue, or
  // blocks it once it has used up max_attempts. Audited as transfer.recover.
  Status requeueOrBlock(int64_t id, const Status& error);
  // Tells the supervisor (or security managers) and the valid substitutes of the sender.
  void notifyApprovers(const Transfer& transfer, std::optional<int64_t> approver);
  bool isSecurityManager(int64_t user_id);
  ApproverRole approverRole(const Actor& actor, const detail::Row& row);
  bool mayApprove(const Actor& actor, const detail::Row& row);
  bool visible(const Actor& actor, const detail::Row& row);
  // The row `id` when `visible`, notFound otherwise.
  Result<detail::Row> loadVisible(const Actor& actor, int64_t id);
  Status decide(const Actor& actor, int64_t id, bool approved, const std::string& comment);
  // Inside a write transaction on the gateway's database: keeps the audit event of a transfer
  // action by `actor` (nullptr: the system) with the change; returns its outbox id, for
  // flushAudit() once the transaction has committed.
  Result<int64_t> queueAudit(store::Session& session, const Actor* actor, const std::string& action,
                             int64_t id, nlohmann::json details);
  // The same for an object other than a transfer ("mail:M-...").
  Result<int64_t> queueAudit(store::Session& session, const Actor* actor, const std::string& action,
                             const std::string& object_id, nlohmann::json details);
  // Ingests one intake record file; false when it was set aside as bad.
  Status ingestMailRecord(const store::BlobStore& intake, const std::string& path);
  // The hold `reference` with its files; nullopt when missing.
  Result<std::optional<MailHold>> loadMailHold(const std::string& reference);
  // Whether `actor` is a recipient of inbound `hold` on its destination zone.
  bool isMailRecipient(const Actor& actor, const MailHold& hold);
  // Drops the blobs of mail holds received before `cutoff` (retention of originals).
  Status purgeMailHolds(int64_t cutoff);
  // Returns once the queued event `outbox_id` (and those before it) is durable in the chain.
  Status flushAudit(int64_t outbox_id);
  // queueAudit() in a transaction of its own, then flushAudit(): for an event that records
  // no change of the gateway's database.
  Status auditEvent(const Actor* actor, const std::string& action, int64_t id,
                    nlohmann::json details);
  Notifier& notifier();

  GatewayDeps deps_;
  store::FileLock lock_;  // "<blob root>.lock", held for the gateway's lifetime
  // Shared by every path from writing a blob to committing the row that refers to it;
  // exclusive while blobs are deleted, so that no blob is deleted between the two.
  std::shared_mutex blob_refs_;
  LogNotifier log_notifier_;
  TransferWatch watch_;
  std::unique_ptr<audit::Outbox> outbox_;
  // Uploaded plaintexts waiting for their worker (original_handoff.h).
  std::unique_ptr<detail::OriginalHandoff> handoff_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool queued_ = false;  // set (under mutex_) when a transfer was queued; wakes a worker
  std::vector<std::thread> threads_;
  std::mutex intake_mutex_;        // one ingestion at a time
  std::set<std::string> opening_;  // held files ("REF/INDEX") being opened; under mutex_
};

// The DLP scanner configuration for `pack` (built-in detectors plus the pack's patterns).
dlp::ScannerConfig scannerConfigFor(const policy::PolicyPack& pack);

}  // namespace sanso::gateway
