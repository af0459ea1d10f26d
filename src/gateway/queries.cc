// Who may see what: the visibility rules and the read-only queries built on them.
#include <algorithm>

#include "repo.h"
#include "sanso/gateway/gateway.h"

namespace sanso::gateway {

using detail::Row;

namespace {

bool isRecipient(const Transfer& t, int64_t user_id) {
  return std::find(t.recipients.begin(), t.recipients.end(), user_id) != t.recipients.end();
}

Status noBind(store::Statement&) { return Status::ok(); }

}  // namespace

Gateway::ApproverRole Gateway::approverRole(const Actor& actor, const Row& row) {
  const Transfer& t = row.transfer;
  if (t.state != TransferState::kAwaitingApproval) return ApproverRole::kNone;
  if (actor.user_id == t.sender_id || actor.zone != t.from_zone) return ApproverRole::kNone;
  // DLP escalations (approval_kind "security") are for security managers only.
  if (row.approval_kind == "supervisor") {
    auto supervisor = deps_.accounts.supervisorOf(t.sender_id);
    if (supervisor.isOk() && supervisor->has_value() && (*supervisor)->id == actor.user_id &&
        !(*supervisor)->disabled) {
      return ApproverRole::kSupervisor;
    }
    auto substitute = deps_.accounts.isSubstituteFor(actor.user_id, t.sender_id, deps_.clock());
    if (substitute.isOk() && *substitute) return ApproverRole::kSubstitute;
  }
  if (isSecurityManager(actor.user_id)) return ApproverRole::kSecurityManager;
  return ApproverRole::kNone;
}

bool Gateway::mayApprove(const Actor& actor, const Row& row) {
  return approverRole(actor, row) != ApproverRole::kNone;
}

bool Gateway::visible(const Actor& actor, const Row& row) {
  const Transfer& t = row.transfer;
  if (t.sender_id == actor.user_id && actor.zone == t.from_zone) return true;
  if (t.state == TransferState::kAvailable && actor.zone == t.to_zone &&
      isRecipient(t, actor.user_id) && deps_.clock() < t.expires_at) {
    return true;
  }
  return mayApprove(actor, row);
}

Result<Row> Gateway::loadVisible(const Actor& actor, int64_t id) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
  SANSO_ASSIGN_OR_RETURN(std::optional<Row> row, detail::loadRow(session, id));
  if (!row || !visible(actor, *row)) {
    return Status::notFound("transfer " + std::to_string(id) + " not found");
  }
  return std::move(*row);
}

Result<Transfer> Gateway::get(const Actor& actor, int64_t id) {
  SANSO_ASSIGN_OR_RETURN(Row row, loadVisible(actor, id));
  return std::move(row.transfer);
}

Result<std::vector<TransferEvent>> Gateway::timeline(const Actor& actor, int64_t id) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
  SANSO_ASSIGN_OR_RETURN(std::optional<Row> row, detail::loadRow(session, id));
  if (!row || row->transfer.sender_id != actor.user_id || actor.zone != row->transfer.from_zone) {
    return Status::notFound("transfer " + std::to_string(id) + " not found");
  }
  SANSO_ASSIGN_OR_RETURN(store::Statement st,
                         session.prepare("SELECT at, state, actor, message FROM transfer_events "
                                         "WHERE transfer_id = ?1 ORDER BY id"));
  SANSO_RETURN_IF_ERROR(st.bindInt64(1, id));
  std::vector<TransferEvent> events;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool more, st.step());
    if (!more) break;
    auto state = parseState(st.columnText(1));
    if (!state) return Status::internal("unknown state in transfer_events");
    events.push_back({st.columnInt64(0), *state, st.columnText(2), st.columnText(3)});
  }
  return events;
}

Result<std::vector<Transfer>> Gateway::sent(const Actor& actor) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
  SANSO_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      detail::selectRows(session, "sender_id = ?1 AND from_zone = ?2 ORDER BY id DESC",
                         [&](store::Statement& st) {
                           SANSO_RETURN_IF_ERROR(st.bindInt64(1, actor.user_id));
                           return st.bindText(2, actor.zone);
                         }));
  std::vector<Transfer> out;
  for (Row& row : rows) out.push_back(std::move(row.transfer));
  return out;
}

Result<std::vector<Transfer>> Gateway::inbox(const Actor& actor) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
  SANSO_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      detail::selectRows(session,
                         "state = 'available' AND to_zone = ?1 AND expires_at > ?2 AND id IN "
                         "(SELECT transfer_id FROM transfer_recipients WHERE user_id = ?3) "
                         "ORDER BY id DESC",
                         [&](store::Statement& st) {
                           SANSO_RETURN_IF_ERROR(st.bindText(1, actor.zone));
                           SANSO_RETURN_IF_ERROR(st.bindInt64(2, deps_.clock()));
                           return st.bindInt64(3, actor.user_id);
                         }));
  std::vector<Transfer> out;
  for (Row& row : rows) out.push_back(std::move(row.transfer));
  return out;
}

Result<std::vector<Transfer>> Gateway::pendingApprovals(const Actor& actor) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
  SANSO_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      detail::selectRows(session, "state = 'awaiting_approval' ORDER BY id", noBind));
  std::vector<Transfer> out;
  for (Row& row : rows) {
    if (mayApprove(actor, row)) out.push_back(std::move(row.transfer));
  }
  return out;
}

}  // namespace sanso::gateway
