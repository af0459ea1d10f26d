// gateway::Gateway: the transfer workflow (create -> upload -> sanitize -> approve ->
// download), its worker pool and retention. docs/gateway.md describes states, authorization,
// retention and crash recovery.
//
// Authorization is enforced here, against the Actor of each call: a transfer the caller may
// not see is reported exactly like a missing one (Status::notFound). Work survives a restart:
// the queue is the database (rows in state uploaded/sanitizing), never memory.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sanso/audit/audit_log.h"
#include "sanso/auth/accounts.h"
#include "sanso/common/status.h"
#include "sanso/dlp/scanner.h"
#include "sanso/gateway/notifier.h"
#include "sanso/gateway/transfer.h"
#include "sanso/policy/pack.h"
#include "sanso/sanitize/options.h"
#include "sanso/store/blob_store.h"
#include "sanso/store/database.h"
#include "sanso/store/secret_box.h"
#include "sanso/store/unique_fd.h"

namespace sanso::gateway {

namespace detail {
struct Row;
}

// Seconds since the Unix epoch; tests pass a fake.
using Clock = std::function<int64_t()>;
// The system clock.
int64_t systemNow();

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
  // Applies the "gateway" migrations, empties the work directory, puts rows a crash left in
  // `sanitizing` back to `uploaded`, and starts the worker pool.
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
  // on the source zone; notFound otherwise or when nothing awaits approval.
  Status approve(const Actor& actor, int64_t id, const std::string& comment);
  Status reject(const Actor& actor, int64_t id, const std::string& comment);

  // Opens the sanitized file for a recipient on the destination zone and counts the
  // download; notFound when not visible, expired or its download limit is used up.
  Result<Download> download(const Actor& actor, int64_t id);

  // Decrypts the original for a security manager (on the source or destination zone) into a
  // private temporary file; `reason` is required and audited with the release.
  Result<ReleasedOriginal> releaseOriginal(const Actor& actor, int64_t id,
                                           const std::string& reason);

  // Retention: expires available transfers past their expiry, deletes originals past
  // originals_days and purges finished transfers. Safe to run at any time.
  Status runRetention();

  // Processes queued transfers on the calling thread until none is left; returns how many.
  Result<int> runPending();

 private:
  explicit Gateway(GatewayDeps deps);
  Status recover();
  void workerLoop();
  // Claims the oldest `uploaded` transfer; nullopt when none.
  Result<std::optional<int64_t>> claim();
  Status process(int64_t id);
  bool isSecurityManager(int64_t user_id);
  bool mayApprove(const Actor& actor, const detail::Row& row);
  bool visible(const Actor& actor, const detail::Row& row);
  // The row `id` when `visible`, notFound otherwise.
  Result<detail::Row> loadVisible(const Actor& actor, int64_t id);
  Status decide(const Actor& actor, int64_t id, bool approved, const std::string& comment);
  Status auditEvent(const Actor* actor, const std::string& action, int64_t id,
                    nlohmann::json details);
  Notifier& notifier();

  GatewayDeps deps_;
  LogNotifier log_notifier_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// The DLP scanner configuration for `pack` (built-in detectors plus the pack's patterns).
dlp::ScannerConfig scannerConfigFor(const policy::PolicyPack& pack);

}  // namespace sanso::gateway
