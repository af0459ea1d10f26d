// The approver's verdict on a transfer awaiting approval.
#include "repo.h"
#include "sanso/gateway/gateway.h"

namespace sanso::gateway {

Status Gateway::approve(const Actor& actor, int64_t id, const std::string& comment) {
  return decide(actor, id, true, comment);
}

Status Gateway::reject(const Actor& actor, int64_t id, const std::string& comment) {
  return decide(actor, id, false, comment);
}

Status Gateway::decide(const Actor& actor, int64_t id, bool approved, const std::string& comment) {
  SANSO_ASSIGN_OR_RETURN(detail::Row row, loadVisible(actor, id));
  if (!mayApprove(actor, row))
    return Status::notFound("transfer " + std::to_string(id) + " not found");
  if (comment.size() > kMaxNoteBytes) return Status::invalidArgument("comment too long");
  if (!approved && comment.empty()) return Status::invalidArgument("a rejection needs a comment");
  int64_t now = deps_.clock();
  int64_t expires = now + std::max(1, deps_.pack.retention.transfers_days) * 86400;
  TransferState to = approved ? TransferState::kAvailable : TransferState::kRejected;
  std::string who = std::to_string(actor.user_id);
  bool moved = false;
  SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(moved,
                           detail::transition(s, id, TransferState::kAwaitingApproval, to, who,
                                              (approved ? "承認された" : "却下された") +
                                                  (comment.empty() ? "" : ": " + comment),
                                              now));
    if (!moved) return Status::ok();
    SANSO_ASSIGN_OR_RETURN(
        store::Statement st,
        s.prepare("UPDATE transfers SET available_at = ?1, expires_at = ?2, reason = ?3 "
                  "WHERE id = ?4"));
    SANSO_RETURN_IF_ERROR(st.bindInt64(1, approved ? now : 0));
    SANSO_RETURN_IF_ERROR(st.bindInt64(2, approved ? expires : 0));
    SANSO_RETURN_IF_ERROR(st.bindText(3, approved ? "" : comment));
    SANSO_RETURN_IF_ERROR(st.bindInt64(4, id));
    SANSO_RETURN_IF_ERROR(st.run());
    SANSO_ASSIGN_OR_RETURN(
        store::Statement ap,
        s.prepare("INSERT INTO approvals (transfer_id, kind, decided_by, verdict, comment, at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    SANSO_RETURN_IF_ERROR(ap.bindInt64(1, id));
    SANSO_RETURN_IF_ERROR(ap.bindText(2, row.approval_kind));
    SANSO_RETURN_IF_ERROR(ap.bindInt64(3, actor.user_id));
    SANSO_RETURN_IF_ERROR(ap.bindText(4, approved ? "approved" : "rejected"));
    SANSO_RETURN_IF_ERROR(ap.bindText(5, comment));
    SANSO_RETURN_IF_ERROR(ap.bindInt64(6, now));
    return ap.run();
  }));
  if (!moved) return Status::notFound("transfer " + std::to_string(id) + " not found");
  SANSO_RETURN_IF_ERROR(auditEvent(&actor, approved ? "transfer.approve" : "transfer.reject", id,
                                   {{"kind", row.approval_kind}, {"comment", comment}}));
  if (approved) {
    row.transfer.state = TransferState::kAvailable;
    row.transfer.available_at = now;
    row.transfer.expires_at = expires;
    notifier().available(row.transfer);
  }
  return Status::ok();
}

}  // namespace sanso::gateway
