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

namespace {

constexpr int64_t kDay = 86400;

bool finished(TransferState s) {
  return s == TransferState::kExpired || s == TransferState::kBlocked ||
         s == TransferState::kRejected;
}

// One retention step for a row: what changes.
struct RetentionRow {
  int64_t id = 0;
  TransferState state = TransferState::kCreated;
  std::string original_blob;
  std::string output_blob;
  int64_t uploaded_at = 0;
  int64_t created_at = 0;
  int64_t expires_at = 0;
};

// Rows with something for retention to do, oldest first after `after`: only the columns it
// needs, the cutoffs in the WHERE clause, so that neither memory nor the writer's hold grows
// with the history.
constexpr const char* kRetentionCandidates =
    "SELECT id, state, original_blob, output_blob, uploaded_at, created_at, expires_at "
    "FROM transfers WHERE id > ?1 AND ("
    " (state = 'available' AND expires_at <= ?2)"
    " OR (state IN ('expired', 'blocked', 'rejected') AND"
    "     (output_blob != '' OR original_blob = '' OR (uploaded_at != 0 AND uploaded_at <= ?3)))"
    " OR (state IN ('created', 'available') AND original_blob != '' AND uploaded_at != 0 AND"
    "     uploaded_at <= ?3)"
    " OR (state = 'created' AND created_at <= ?4))"
    " ORDER BY id LIMIT ?5";
constexpr int64_t kRetentionBatch = 256;

}  // namespace

Status Gateway::runRetention() {
  int64_t now = deps_.clock();
  int64_t originals_cutoff = now - int64_t{deps_.pack.retention.originals_days} * kDay;
  int64_t transfers_cutoff = now - int64_t{deps_.pack.retention.transfers_days} * kDay;
  std::set<std::string> dropped;
  int64_t after = 0;
  for (bool more = true; more;) {
    std::set<std::string> batch_dropped;
    int64_t audited = 0;
    int64_t batch_after = after;
    SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
      batch_dropped.clear();
      audited = 0;
      batch_after = after;
      std::vector<RetentionRow> rows;
      {
        SANSO_ASSIGN_OR_RETURN(store::Statement st, s.prepare(kRetentionCandidates));
        SANSO_RETURN_IF_ERROR(st.bindInt64(1, after));
        SANSO_RETURN_IF_ERROR(st.bindInt64(2, now));
        SANSO_RETURN_IF_ERROR(st.bindInt64(3, originals_cutoff));
        SANSO_RETURN_IF_ERROR(st.bindInt64(4, transfers_cutoff));
        SANSO_RETURN_IF_ERROR(st.bindInt64(5, kRetentionBatch));
        for (;;) {
          SANSO_ASSIGN_OR_RETURN(bool found, st.step());
          if (!found) break;
          RetentionRow row;
          row.id = st.columnInt64(0);
          auto state = parseState(st.columnText(1));
          if (!state)
            return Status::internal("unknown transfer state in row " + std::to_string(row.id));
          row.state = *state;
          row.original_blob = st.columnText(2);
          row.output_blob = st.columnText(3);
          row.uploaded_at = st.columnInt64(4);
          row.created_at = st.columnInt64(5);
          row.expires_at = st.columnInt64(6);
          rows.push_back(std::move(row));
        }
      }
      more = rows.size() == static_cast<size_t>(kRetentionBatch);
      SANSO_ASSIGN_OR_RETURN(
          store::Statement clear,
          s.prepare("UPDATE transfers SET original_blob = ?1, output_blob = ?2 WHERE id = ?3"));
      for (RetentionRow& row : rows) {
        batch_after = row.id;
        if (row.state == TransferState::kAvailable && row.expires_at <= now) {
          SANSO_ASSIGN_OR_RETURN(bool moved,
                                 detail::transition(s, row.id, row.state, TransferState::kExpired,
                                                    "system", "受け取り期限を過ぎた", now));
          if (moved) {
            SANSO_ASSIGN_OR_RETURN(audited, queueAudit(s, nullptr, "transfer.expire", row.id,
                                                       nlohmann::json::object()));
          }
          row.state = TransferState::kExpired;
        }
        std::string original = row.original_blob;
        std::string output = row.output_blob;
        if (finished(row.state)) output.clear();
        if (row.uploaded_at != 0 && row.uploaded_at <= originals_cutoff) original.clear();
        if (original != row.original_blob || output != row.output_blob) {
          if (original != row.original_blob) batch_dropped.insert(row.original_blob);
          if (output != row.output_blob) batch_dropped.insert(row.output_blob);
          SANSO_RETURN_IF_ERROR(clear.reset());
          SANSO_RETURN_IF_ERROR(clear.bindText(1, original));
          SANSO_RETURN_IF_ERROR(clear.bindText(2, output));
          SANSO_RETURN_IF_ERROR(clear.bindInt64(3, row.id));
          SANSO_RETURN_IF_ERROR(clear.run());
        }
        bool stale_draft =
            row.state == TransferState::kCreated && row.created_at <= transfers_cutoff;
        if ((finished(row.state) && original.empty()) || stale_draft) {
          SANSO_ASSIGN_OR_RETURN(
              bool moved, detail::transition(s, row.id, row.state, TransferState::kPurged, "system",
                                             "保存期間を過ぎたため消去した", now));
          if (moved) {
            SANSO_ASSIGN_OR_RETURN(audited, queueAudit(s, nullptr, "transfer.purge", row.id,
                                                       nlohmann::json::object()));
          }
        }
      }
      return Status::ok();
    }));
    after = batch_after;
    dropped.insert(batch_dropped.begin(), batch_dropped.end());
    if (audited != 0) SANSO_RETURN_IF_ERROR(flushAudit(audited));
  }
  watch_.changedAll();  // expired and purged transfers
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
  // Mail originals and held files past originals_days lose their blobs like transfers.
  SANSO_RETURN_IF_ERROR(ingestMailIntake());
  SANSO_RETURN_IF_ERROR(purgeMailHolds(originals_cutoff));
  // What a crash or a failed deletion left unreferenced (also the purged mail blobs).
  return collectOrphanBlobs(deps_.orphan_grace, "retention");
}

}  // namespace sanso::gateway
