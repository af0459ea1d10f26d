// Handing files out: sanitized files to recipients, originals to security managers.
#include <sodium.h>

#include <algorithm>

#include "repo.h"
#include "sanso/gateway/gateway.h"

namespace sanso::gateway {

Result<Download> Gateway::download(const Actor& actor, int64_t id) {
  SANSO_ASSIGN_OR_RETURN(detail::Row row, loadVisible(actor, id));
  const Transfer& t = row.transfer;
  Status missing = Status::notFound("transfer " + std::to_string(id) + " not found");
  // Only a recipient on the destination zone; visible() also lets senders and approvers in.
  bool recipient =
      std::find(t.recipients.begin(), t.recipients.end(), actor.user_id) != t.recipients.end();
  if (!recipient || actor.zone != t.to_zone || t.state != TransferState::kAvailable ||
      row.output_blob.empty()) {
    return missing;
  }
  SANSO_ASSIGN_OR_RETURN(store::UniqueFd fd, deps_.blobs.openRead(row.output_blob));
  int64_t now = deps_.clock();
  bool counted = false;
  int64_t audited = 0;
  SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(
        store::Statement st,
        s.prepare("UPDATE transfers SET downloads = downloads + 1 WHERE id = ?1 AND "
                  "state = 'available' AND downloads < max_downloads AND expires_at > ?2"));
    SANSO_RETURN_IF_ERROR(st.bindInt64(1, id));
    SANSO_RETURN_IF_ERROR(st.bindInt64(2, now));
    SANSO_RETURN_IF_ERROR(st.run());
    if (s.changes() != 1) return Status::ok();
    counted = true;
    SANSO_ASSIGN_OR_RETURN(
        store::Statement dl,
        s.prepare(
            "INSERT INTO downloads (transfer_id, user_id, zone, at) VALUES (?1, ?2, ?3, ?4)"));
    SANSO_RETURN_IF_ERROR(dl.bindInt64(1, id));
    SANSO_RETURN_IF_ERROR(dl.bindInt64(2, actor.user_id));
    SANSO_RETURN_IF_ERROR(dl.bindText(3, actor.zone));
    SANSO_RETURN_IF_ERROR(dl.bindInt64(4, now));
    SANSO_RETURN_IF_ERROR(dl.run());
    std::string who = std::to_string(actor.user_id);
    SANSO_RETURN_IF_ERROR(
        detail::addEvent(s, id, TransferState::kAvailable, who, "受信者がダウンロードした", now));
    SANSO_ASSIGN_OR_RETURN(audited,
                           queueAudit(s, &actor, "transfer.download", id,
                                      {{"sha256", row.output_blob}, {"size", row.output_size}}));
    if (t.downloads + 1 < t.max_downloads) return Status::ok();
    return detail::transition(s, id, TransferState::kAvailable, TransferState::kExpired, "system",
                              "ダウンロード回数の上限に達した", now)
        .status();
  }));
  if (!counted) return missing;
  watch_.changed(id);
  SANSO_RETURN_IF_ERROR(flushAudit(audited));
  return Download{std::move(fd), t.output_name, row.output_size, row.output_blob};
}

Result<ReleasedOriginal> Gateway::releaseOriginal(const Actor& actor, int64_t id,
                                                  const std::string& reason) {
  Status missing = Status::notFound("transfer " + std::to_string(id) + " not found");
  if (!isSecurityManager(actor.user_id)) return missing;
  std::optional<detail::Row> row;
  {
    SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
    SANSO_ASSIGN_OR_RETURN(row, detail::loadRow(session, id));
  }
  if (!row || (actor.zone != row->transfer.from_zone && actor.zone != row->transfer.to_zone)) {
    return missing;
  }
  const policy::Zone* zone = deps_.pack.findZone(actor.zone);
  if (zone == nullptr || zone->isolated) return missing;
  if (reason.empty() || reason.size() > kMaxNoteBytes) {
    return Status::invalidArgument("a release needs a reason (at most 2000 bytes)");
  }
  if (row->original_blob.empty()) return Status::blocked("original-purged", "the original is gone");
  uint64_t r = 0;
  randombytes_buf(&r, sizeof r);
  std::string path = deps_.work_dir + "/release-" + std::to_string(id) + "-" + std::to_string(r);
  SANSO_RETURN_IF_ERROR(deps_.secret_box.decryptToFile(deps_.blobs, row->original_blob, path));
  ReleasedOriginal released(path, row->transfer.file_name);
  int64_t now = deps_.clock();
  int64_t audited = 0;
  SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(audited,
                           queueAudit(s, &actor, "transfer.release", id,
                                      {{"reason", reason}, {"sha256", row->transfer.sha256}}));
    return detail::addEvent(s, id, row->transfer.state, std::to_string(actor.user_id),
                            "情報セキュリティ管理者が原本を取り出した: " + reason, now);
  }));
  SANSO_RETURN_IF_ERROR(flushAudit(audited));
  return released;
}

}  // namespace sanso::gateway
