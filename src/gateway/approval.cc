// The approver's verdict on a transfer awaiting approval: the supervisor, a substitute
// approver (代理承認者) of the sender's department in the supervisor's stead, or a security
// manager. The approvals row, the timeline and the audit record say in which capacity.
#include "repo.h"
#include "sanso/gateway/gateway.h"

namespace sanso::gateway {

Status Gateway::approve(const Actor& actor, int64_t id, const std::string& comment) {
  Status status = decide(actor, id, true, comment);
  watch_.changed(id);
  return status;
}

Status Gateway::reject(const Actor& actor, int64_t id, const std::string& comment) {
  Status status = decide(actor, id, false, comment);
  watch_.changed(id);
  return status;
}

namespace {

const char* capacityName(bool substitute, bool security_manager) {
  return substitute ? "substitute" : security_manager ? "security-manager" : "supervisor";
}

}  // namespace

Status Gateway::decide(const Actor& actor, int64_t id, bool approved, const std::string& comment) {
  SANSO_ASSIGN_OR_RETURN(detail::Row row, loadVisible(actor, id));
  ApproverRole role = approverRole(actor, row);
  if (role == ApproverRole::kNone) {
    return Status::notFound("transfer " + std::to_string(id) + " not found");
  }
  if (comment.size() > kMaxNoteBytes) return Status::invalidArgument("comment too long");
  if (!approved && comment.empty()) return Status::invalidArgument("a rejection needs a comment");
  const bool substitute = role == ApproverRole::kSubstitute;
  const std::string capacity = capacityName(substitute, role == ApproverRole::kSecurityManager);
  // In whose stead a substitute acts: the department's supervisor now, when there is one.
  std::optional<int64_t> on_behalf_of;
  if (substitute) {
    auto supervisor = deps_.accounts.supervisorOf(row.transfer.sender_id);
    if (supervisor.isOk() && supervisor->has_value()) on_behalf_of = (*supervisor)->id;
  }
  int64_t now = deps_.clock();
  int64_t expires = now + std::max(1, deps_.pack.retention.transfers_days) * 86400;
  TransferState to = approved ? TransferState::kAvailable : TransferState::kRejected;
  std::string who = std::to_string(actor.user_id);
  std::string verdict = approved ? "承認された" : "却下された";
  if (substitute) {
    verdict = std::string("代理承認者が所属長に代わって") + (approved ? "承認した" : "却下した");
  }
  nlohmann::json details = {
      {"kind", row.approval_kind}, {"comment", comment}, {"capacity", capacity}};
  if (substitute) {
    details["on_behalf_of"] = on_behalf_of ? nlohmann::json(*on_behalf_of) : nlohmann::json();
  }
  bool moved = false;
  int64_t audited = 0;
  SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(
        moved, detail::transition(s, id, TransferState::kAwaitingApproval, to, who,
                                  verdict + (comment.empty() ? "" : ": " + comment), now));
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
        s.prepare("INSERT INTO approvals (transfer_id, kind, decided_by, verdict, comment, at, "
                  "capacity, on_behalf_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    SANSO_RETURN_IF_ERROR(ap.bindInt64(1, id));
    SANSO_RETURN_IF_ERROR(ap.bindText(2, row.approval_kind));
    SANSO_RETURN_IF_ERROR(ap.bindInt64(3, actor.user_id));
    SANSO_RETURN_IF_ERROR(ap.bindText(4, approved ? "approved" : "rejected"));
    SANSO_RETURN_IF_ERROR(ap.bindText(5, comment));
    SANSO_RETURN_IF_ERROR(ap.bindInt64(6, now));
    SANSO_RETURN_IF_ERROR(ap.bindText(7, capacity));
    SANSO_RETURN_IF_ERROR(on_behalf_of ? ap.bindInt64(8, *on_behalf_of) : ap.bindNull(8));
    SANSO_RETURN_IF_ERROR(ap.run());
    SANSO_ASSIGN_OR_RETURN(
        audited,
        queueAudit(s, &actor, approved ? "transfer.approve" : "transfer.reject", id, details));
    return Status::ok();
  }));
  if (!moved) return Status::notFound("transfer " + std::to_string(id) + " not found");
  SANSO_RETURN_IF_ERROR(flushAudit(audited));
  if (approved) {
    row.transfer.state = TransferState::kAvailable;
    row.transfer.available_at = now;
    row.transfer.expires_at = expires;
    notifier().available(row.transfer);
  }
  return Status::ok();
}

}  // namespace sanso::gateway
