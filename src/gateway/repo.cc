#include "repo.h"

#include <nlohmann/json.hpp>

namespace sanso::gateway::detail {
namespace {

constexpr const char* kColumns =
    "id, sender_id, from_zone, to_zone, levels, note, state, reason, file_name, size, sha256, "
    "file_type, output_name, report, dlp, decision, max_downloads, downloads, created_at, "
    "available_at, expires_at, original_blob, output_blob, output_size, approval_kind, "
    "approver_id, uploaded_at, attempts";

Result<Row> readRow(store::Statement& st) {
  Row row;
  Transfer& t = row.transfer;
  t.id = st.columnInt64(0);
  t.sender_id = st.columnInt64(1);
  t.from_zone = st.columnText(2);
  t.to_zone = st.columnText(3);
  auto levels = nlohmann::json::parse(st.columnText(4), nullptr, false);
  if (!levels.is_object()) return Status::internal("transfer levels are not a JSON object");
  for (auto& [k, v] : levels.items()) {
    if (!v.is_string()) return Status::internal("transfer level is not a string");
    t.levels[k] = v.get<std::string>();
  }
  t.note = st.columnText(5);
  auto state = parseState(st.columnText(6));
  if (!state) return Status::internal("unknown transfer state '" + st.columnText(6) + "'");
  t.state = *state;
  t.reason = st.columnText(7);
  t.file_name = st.columnText(8);
  t.size = static_cast<uint64_t>(st.columnInt64(9));
  t.sha256 = st.columnText(10);
  t.file_type = st.columnText(11);
  t.output_name = st.columnText(12);
  t.report_json = st.columnText(13);
  t.dlp_json = st.columnText(14);
  t.decision_json = st.columnText(15);
  t.max_downloads = st.columnInt64(16);
  t.downloads = st.columnInt64(17);
  t.created_at = st.columnInt64(18);
  t.available_at = st.columnInt64(19);
  t.expires_at = st.columnInt64(20);
  row.original_blob = st.columnText(21);
  row.output_blob = st.columnText(22);
  row.output_size = static_cast<uint64_t>(st.columnInt64(23));
  row.approval_kind = st.columnText(24);
  if (!st.columnIsNull(25)) row.approver_id = st.columnInt64(25);
  row.uploaded_at = st.columnInt64(26);
  row.attempts = st.columnInt64(27);
  return row;
}

}  // namespace

Result<std::vector<Row>> selectRows(store::Session& session, const std::string& where,
                                    const std::function<Status(store::Statement&)>& bind) {
  SANSO_ASSIGN_OR_RETURN(store::Statement st, session.prepare(std::string("SELECT ") + kColumns +
                                                              " FROM transfers WHERE " + where));
  SANSO_RETURN_IF_ERROR(bind(st));
  std::vector<Row> rows;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool more, st.step());
    if (!more) break;
    SANSO_ASSIGN_OR_RETURN(Row row, readRow(st));
    rows.push_back(std::move(row));
  }
  SANSO_ASSIGN_OR_RETURN(
      store::Statement rec,
      session.prepare("SELECT user_id FROM transfer_recipients WHERE transfer_id = ?1 "
                      "ORDER BY user_id"));
  for (Row& row : rows) {
    SANSO_RETURN_IF_ERROR(rec.reset());
    SANSO_RETURN_IF_ERROR(rec.bindInt64(1, row.transfer.id));
    for (;;) {
      SANSO_ASSIGN_OR_RETURN(bool more, rec.step());
      if (!more) break;
      row.transfer.recipients.push_back(rec.columnInt64(0));
    }
  }
  return rows;
}

Result<std::optional<Row>> loadRow(store::Session& session, int64_t id) {
  SANSO_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      selectRows(session, "id = ?1", [id](store::Statement& st) { return st.bindInt64(1, id); }));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

Status addEvent(store::Session& session, int64_t id, TransferState state, const std::string& actor,
                const std::string& message, int64_t at) {
  SANSO_ASSIGN_OR_RETURN(
      store::Statement st,
      session.prepare("INSERT INTO transfer_events (transfer_id, at, state, actor, message) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)"));
  SANSO_RETURN_IF_ERROR(st.bindInt64(1, id));
  SANSO_RETURN_IF_ERROR(st.bindInt64(2, at));
  SANSO_RETURN_IF_ERROR(st.bindText(3, stateName(state)));
  SANSO_RETURN_IF_ERROR(st.bindText(4, actor));
  SANSO_RETURN_IF_ERROR(st.bindText(5, message));
  return st.run();
}

Result<bool> transition(store::Session& session, int64_t id, TransferState from, TransferState to,
                        const std::string& actor, const std::string& message, int64_t at) {
  SANSO_ASSIGN_OR_RETURN(
      store::Statement st,
      session.prepare("UPDATE transfers SET state = ?1 WHERE id = ?2 AND state = ?3"));
  SANSO_RETURN_IF_ERROR(st.bindText(1, stateName(to)));
  SANSO_RETURN_IF_ERROR(st.bindInt64(2, id));
  SANSO_RETURN_IF_ERROR(st.bindText(3, stateName(from)));
  SANSO_RETURN_IF_ERROR(st.run());
  if (session.changes() != 1) return false;
  SANSO_RETURN_IF_ERROR(addEvent(session, id, to, actor, message, at));
  return true;
}

}  // namespace sanso::gateway::detail
