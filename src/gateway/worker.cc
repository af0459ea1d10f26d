// The worker pool: claims queued transfers (rows in `uploaded`), sanitizes and DLP-checks
// them, and moves them on. A crash mid-job leaves the row in `sanitizing`; open() requeues it
// (or blocks it after max_attempts claims); a job that fails is requeued at once the same way.
#include <sodium.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "job_dir.h"
#include "original_copy.h"
#include "original_handoff.h"
#include "pipeline.h"
#include "repo.h"
#include "sanso/common/file_name.h"
#include "sanso/gateway/flow_sanitize.h"
#include "sanso/gateway/gateway.h"
#include "sanso/sanitize/file_type.h"

namespace sanso::gateway {

using detail::JobDir;
using detail::Row;

namespace {

constexpr int64_t kDay = 86400;

std::string canonicalExtension(const std::string& type_name) {
  auto type = sanitize::typeFromName(type_name);
  if (!type || sanitize::typeInfo(*type).extensions.empty()) return "";
  return std::string(sanitize::typeInfo(*type).extensions.front());
}

}  // namespace

void Gateway::workerLoop() {
  std::optional<JobDir> scratch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (stopping_) return;
    }
    auto claimed = claim();
    if (claimed.isOk() && claimed->has_value()) {
      Status s = runJob(**claimed, scratch);
      if (!s.isOk()) std::cerr << "gateway: transfer " << **claimed << ": " << s.toString() << "\n";
      continue;
    }
    if (!claimed.isOk()) std::cerr << "gateway: claim: " << claimed.status().toString() << "\n";
    std::unique_lock lock(mutex_);
    // Polls too, for rows queued by another process sharing the database.
    wake_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_ || queued_; });
    queued_ = false;
  }
}

Result<std::optional<int64_t>> Gateway::claim() {
  std::optional<int64_t> claimed;
  // Shares its commit with whatever else is writing (group commit).
  SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
    claimed.reset();
    SANSO_ASSIGN_OR_RETURN(
        store::Statement st,
        s.prepare("SELECT id FROM transfers WHERE state = 'uploaded' ORDER BY id LIMIT 1"));
    SANSO_ASSIGN_OR_RETURN(bool found, st.step());
    if (!found) return Status::ok();
    int64_t id = st.columnInt64(0);
    SANSO_ASSIGN_OR_RETURN(
        bool moved, detail::transition(s, id, TransferState::kUploaded, TransferState::kSanitizing,
                                       "system", "無害化を開始した", deps_.clock()));
    if (!moved) return Status::internal("claimed row changed state");
    SANSO_ASSIGN_OR_RETURN(store::Statement count,
                           s.prepare("UPDATE transfers SET attempts = attempts + 1 WHERE id = ?1"));
    SANSO_RETURN_IF_ERROR(count.bindInt64(1, id));
    SANSO_RETURN_IF_ERROR(count.run());
    claimed = id;
    return Status::ok();
  }));
  if (claimed) watch_.changed(*claimed);
  return claimed;
}

Result<int> Gateway::runPending() {
  int done = 0;
  std::optional<JobDir> scratch;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(std::optional<int64_t> id, claim());
    if (!id) return done;
    SANSO_RETURN_IF_ERROR(runJob(*id, scratch));
    ++done;
  }
}

Status Gateway::runJob(int64_t id, std::optional<JobDir>& scratch) {
  // One directory per worker, not per job: creating and removing one for every transfer
  // costs the file system more than the job's own files.
  Status status = [&]() -> Status {
    if (!scratch) {
      SANSO_ASSIGN_OR_RETURN(JobDir made, JobDir::create(deps_.work_dir, "worker"));
      scratch.emplace(std::move(made));
    }
    return process(id, scratch->path());
  }();
  if (scratch) {
    static const std::vector<std::string> kOutputs = {
        flowOutputName(sanitize::Method::kCdr), flowOutputName(sanitize::Method::kText),
        flowOutputName(sanitize::Method::kImagePdf)};
    if (Status cleared = scratch->clear(kOutputs); !cleared.isOk()) {
      std::cerr << "gateway: " << cleared.toString() << "\n";
      scratch.reset();  // the next job starts in a fresh directory
    }
  }
  if (!status.isOk()) {
    if (Status requeued = requeueOrBlock(id, status); !requeued.isOk()) {
      std::cerr << "gateway: transfer " << id << ": requeue: " << requeued.toString() << "\n";
    }
  }
  watch_.changed(id);
  return status;
}

void Gateway::notifyApprovers(const Transfer& transfer, std::optional<int64_t> approver) {
  notifier().approvalRequested(transfer, approver);
  auto substitutes = deps_.accounts.substitutesOf(transfer.sender_id, deps_.clock());
  if (!substitutes.isOk()) return;
  for (const auth::User& substitute : *substitutes) {
    if (substitute.id != transfer.sender_id && (!approver || substitute.id != *approver)) {
      notifier().approvalRequested(transfer, substitute.id);
    }
  }
}

Result<detail::OriginalCopy> Gateway::originalOf(const Row& row, const std::string& dir) {
  const Transfer& t = row.transfer;
  if (auto handed = handoff_->take(t.id, t.size, t.sha256)) {
    auto adopted = detail::OriginalCopy::adopt(std::move(*handed));
    if (adopted.isOk()) return adopted;
  }
  return detail::OriginalCopy::decrypt(deps_.secret_box, deps_.blobs, row.original_blob, t.size,
                                       dir);
}

Status Gateway::process(int64_t id, const std::string& dir) {
  std::optional<Row> loaded;
  {
    SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
    SANSO_ASSIGN_OR_RETURN(loaded, detail::loadRow(session, id));
  }
  if (!loaded) return Status::ok();
  if (loaded->transfer.state != TransferState::kSanitizing) {
    handoff_->forget(id, loaded->transfer.sha256);  // nothing will read it
    return Status::ok();
  }
  const Row& row = *loaded;
  const Transfer& t = row.transfer;

  // Everything below fails closed: an error blocks the transfer, it never lets it through.
  detail::SanitizeOutcome outcome;
  detail::DlpOutcome dlp;
  bool dlp_ran = false;
  auto copy = originalOf(row, dir);
  const std::string original = copy.isOk() ? copy->path() : std::string();
  if (!copy.isOk()) {
    outcome.blocked = true;
    outcome.reason = "original-unreadable: " + copy.status().reason();
  } else {
    auto sanitized = detail::sanitizeOriginal(deps_.pack, deps_.engine_options, row, original, dir);
    if (sanitized.isOk()) {
      outcome = std::move(*sanitized);
    } else {
      outcome.blocked = true;
      outcome.reason = "sanitize-error: " + sanitized.status().reason();
    }
  }
  if (!outcome.blocked && outcome.decision.dlp != policy::DlpMode::kOff) {
    auto checked = detail::checkDlp(deps_.scanner, deps_.engine_options, original, dir);
    dlp_ran = true;
    if (checked.isOk()) {
      dlp = std::move(*checked);
    } else {
      dlp.hit = true;
      dlp.reason = "dlp-error: " + checked.status().reason();
    }
    if (dlp.hit && outcome.decision.dlp == policy::DlpMode::kBlock) {
      outcome.blocked = true;
      outcome.reason = "個人情報等を検出したため送信を止めた（" + dlp.reason + "）";
    }
  }
  bool escalated = dlp_ran && dlp.hit && !outcome.blocked;
  bool needs_approval = outcome.decision.approval == policy::Approval::kSupervisor || escalated;

  // From the blob's write to the row's commit: the orphan collector must not run in between.
  std::shared_lock blob_refs(blob_refs_);
  std::optional<store::StagedBlob> staged;  // saved with the row below
  store::BlobInfo output;
  if (!outcome.blocked) {
    uint64_t max = deps_.engine_options.limits.max_expanded_bytes;
    // A flow without 無害化 delivers the original itself.
    auto stored = outcome.output_path == original ? copy->stage(deps_.blobs, max)
                                                  : deps_.blobs.stageFile(outcome.output_path, max);
    if (!stored.isOk()) return stored.status();  // the environment failed; runJob requeues
    output = stored->info();
    staged.emplace(std::move(*stored));
  }
  std::optional<int64_t> approver;
  if (needs_approval && !escalated) {
    auto supervisor = deps_.accounts.supervisorOf(t.sender_id);
    if (supervisor.isOk() && supervisor->has_value()) approver = (*supervisor)->id;
  }
  TransferState to = outcome.blocked  ? TransferState::kBlocked
                     : needs_approval ? TransferState::kAwaitingApproval
                                      : TransferState::kAvailable;
  int64_t now = deps_.clock();
  std::string message = outcome.blocked ? "止めた: " + outcome.reason
                        : escalated ? "情報セキュリティ管理者の判断を待つ（DLP 検出）"
                        : needs_approval ? "所属長の承認を待つ"
                                         : "受け取り可能になった";
  nlohmann::json dlp_audit;
  // The row as this job leaves it: written below and, once committed, what the notices show.
  Row done = row;
  Transfer& d = done.transfer;
  d.reason = outcome.blocked ? outcome.reason : "";
  d.file_type = outcome.file_type;
  d.output_name =
      outcome.blocked ? "" : withExtension(t.file_name, canonicalExtension(outcome.output_type));
  d.report_json = outcome.report_json;
  d.decision_json = policy::toJson(outcome.decision);
  nlohmann::json decision = nlohmann::json::parse(d.decision_json, nullptr, false);
  d.dlp_json = "";
  if (dlp_ran) {
    nlohmann::json dlp_json = {
        {"hit", dlp.hit}, {"reason", dlp.reason}, {"total", dlp.total}, {"findings", dlp.findings}};
    d.dlp_json = dlp_json.dump();
    nlohmann::json detectors = nlohmann::json::array();
    for (const auto& f : dlp.findings) detectors.push_back(f["detector"]);
    dlp_audit = {
        {"hit", dlp.hit}, {"reason", dlp.reason}, {"total", dlp.total}, {"detectors", detectors}};
  }
  done.output_blob = output.sha256;
  done.output_size = output.size;
  done.approval_kind = !needs_approval ? "" : escalated ? "security" : "supervisor";
  done.approver_id = approver;
  const bool now_available = to == TransferState::kAvailable;
  d.available_at = now_available ? now : 0;
  d.expires_at = now_available ? now + std::max(1, deps_.pack.retention.transfers_days) * kDay : 0;
  bool moved = false;
  int64_t audited = 0;
  SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(
        store::Statement st,
        s.prepare("UPDATE transfers SET reason = ?1, file_type = ?2, output_name = ?3, "
                  "report = ?4, dlp = ?5, decision = ?6, output_blob = ?7, output_size = ?8, "
                  "approval_kind = ?9, approver_id = ?10, available_at = ?11, expires_at = ?12 "
                  "WHERE id = ?13 AND state = 'sanitizing'"));
    SANSO_RETURN_IF_ERROR(st.bindText(1, d.reason));
    SANSO_RETURN_IF_ERROR(st.bindText(2, d.file_type));
    SANSO_RETURN_IF_ERROR(st.bindText(3, d.output_name));
    SANSO_RETURN_IF_ERROR(st.bindText(4, d.report_json));
    SANSO_RETURN_IF_ERROR(st.bindText(5, d.dlp_json));
    SANSO_RETURN_IF_ERROR(st.bindText(6, d.decision_json));
    SANSO_RETURN_IF_ERROR(st.bindText(7, done.output_blob));
    SANSO_RETURN_IF_ERROR(st.bindInt64(8, static_cast<int64_t>(done.output_size)));
    SANSO_RETURN_IF_ERROR(st.bindText(9, done.approval_kind));
    SANSO_RETURN_IF_ERROR(done.approver_id ? st.bindInt64(10, *done.approver_id) : st.bindNull(10));
    SANSO_RETURN_IF_ERROR(st.bindInt64(11, d.available_at));
    SANSO_RETURN_IF_ERROR(st.bindInt64(12, d.expires_at));
    SANSO_RETURN_IF_ERROR(st.bindInt64(13, id));
    SANSO_RETURN_IF_ERROR(st.run());
    SANSO_ASSIGN_OR_RETURN(
        moved, detail::transition(s, id, TransferState::kSanitizing, to, "system", message, now));
    if (!moved) return Status::ok();
    if (staged) SANSO_RETURN_IF_ERROR(staged->saveIn(s));
    SANSO_RETURN_IF_ERROR(
        queueAudit(s, nullptr, "transfer.decision", id, {{"decision", decision}}).status());
    SANSO_ASSIGN_OR_RETURN(audited, queueAudit(s, nullptr, "transfer.sanitize", id,
                                               {{"type", outcome.file_type},
                                                {"output_type", outcome.output_type},
                                                {"output_sha256", output.sha256},
                                                {"state", stateName(to)},
                                                {"reason", outcome.reason}}));
    if (dlp_ran) {
      SANSO_ASSIGN_OR_RETURN(audited, queueAudit(s, nullptr, "transfer.dlp", id, dlp_audit));
    }
    return Status::ok();
  }));
  blob_refs.unlock();
  if (!moved) return Status::ok();  // another worker finished it first
  d.state = to;
  SANSO_RETURN_IF_ERROR(flushAudit(audited));
  if (to == TransferState::kAwaitingApproval) {
    // DLP escalations go to security managers only, never to substitutes.
    if (escalated) {
      notifier().approvalRequested(d, std::nullopt);
    } else {
      notifyApprovers(d, approver);
    }
  }
  if (to == TransferState::kAvailable) notifier().available(d);
  return Status::ok();
}

}  // namespace sanso::gateway
