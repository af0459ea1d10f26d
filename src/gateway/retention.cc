// Retention: expiry of sanitized files, deletion of originals, purge of finished transfers,
// and blobs left unreferenced. Rows stop referring to a blob in a committed transaction before
// the blob is deleted, so a crash in between leaves at most an unreferenced blob (collected
// later), never a row pointing at nothing.
#include <mutex>
#include <set>
#include <shared_mutex>

#include "repo.h"
#include "sanso/gateway/gateway.h"

namespace sanso::gateway {

using detail::Row;

namespace {

constexpr int64_t kDay = 86400;

bool finished(TransferState s) {
  return s == TransferState::kExpired || s == TransferState::kBlocked ||
         s == TransferState::kRejected;
}

}  // namespace

Status Gateway::runRetention() {
  int64_t now = deps_.clock();
  int64_t originals_cutoff = now - int64_t{deps_.pack.retention.originals_days} * kDay;
  int64_t transfers_cutoff = now - int64_t{deps_.pack.retention.transfers_days} * kDay;
  std::set<std::string> dropped;
  std::vector<std::pair<int64_t, std::string>> audit;  // id, action
  SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
    dropped.clear();
    audit.clear();
    SANSO_ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        detail::selectRows(s,
                           "state IN ('created', 'available', 'expired', 'blocked', "
                           "'rejected')",
                           [](store::Statement&) { return Status::ok(); }));
    SANSO_ASSIGN_OR_RETURN(
        store::Statement clear,
        s.prepare("UPDATE transfers SET original_blob = ?1, output_blob = ?2 WHERE id = ?3"));
    for (Row& row : rows) {
      Transfer& t = row.transfer;
      if (t.state == TransferState::kAvailable && t.expires_at <= now) {
        SANSO_ASSIGN_OR_RETURN(
            bool moved, detail::transition(s, t.id, t.state, TransferState::kExpired, "system",
                                           "受け取り期限を過ぎた", now));
        if (moved) audit.emplace_back(t.id, "transfer.expire");
        t.state = TransferState::kExpired;
      }
      std::string original = row.original_blob;
      std::string output = row.output_blob;
      if (finished(t.state)) output.clear();
      if (row.uploaded_at != 0 && row.uploaded_at <= originals_cutoff) original.clear();
      if (original != row.original_blob || output != row.output_blob) {
        if (original != row.original_blob) dropped.insert(row.original_blob);
        if (output != row.output_blob) dropped.insert(row.output_blob);
        SANSO_RETURN_IF_ERROR(clear.reset());
        SANSO_RETURN_IF_ERROR(clear.bindText(1, original));
        SANSO_RETURN_IF_ERROR(clear.bindText(2, output));
        SANSO_RETURN_IF_ERROR(clear.bindInt64(3, t.id));
        SANSO_RETURN_IF_ERROR(clear.run());
      }
      bool stale_draft = t.state == TransferState::kCreated && t.created_at <= transfers_cutoff;
      if ((finished(t.state) && original.empty()) || stale_draft) {
        SANSO_ASSIGN_OR_RETURN(
            bool moved, detail::transition(s, t.id, t.state, TransferState::kPurged, "system",
                                           "保存期間を過ぎたため消去した", now));
        if (moved) audit.emplace_back(t.id, "transfer.purge");
      }
    }
    return Status::ok();
  }));
  for (const auto& [id, action] : audit) {
    SANSO_RETURN_IF_ERROR(auditEvent(nullptr, action, id, nlohmann::json::object()));
  }
  // Content-addressed outputs may be shared by several transfers: delete only the unused,
  // and hold off writers, which may be about to refer to the same content again.
  {
    std::unique_lock lock(blob_refs_);
    SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
    SANSO_ASSIGN_OR_RETURN(
        store::Statement used,
        session.prepare("SELECT 1 FROM transfers WHERE original_blob = ?1 OR output_blob = ?1"));
    for (const std::string& hash : dropped) {
      SANSO_RETURN_IF_ERROR(used.reset());
      SANSO_RETURN_IF_ERROR(used.bindText(1, hash));
      SANSO_ASSIGN_OR_RETURN(bool in_use, used.step());
      if (!in_use) SANSO_RETURN_IF_ERROR(deps_.blobs.remove(hash));
    }
  }
  // What a crash or a failed deletion left unreferenced.
  return collectOrphanBlobs(deps_.orphan_grace, "retention");
}

}  // namespace sanso::gateway
