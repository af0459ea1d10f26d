// Evidence files of ISMS records (a control's proof of implementation, an answer's basis, an
// incident's logs): content-addressed blobs, hashed, named only for display.
#include <fcntl.h>

#include "sanso/common/file_name.h"
#include "sanso/isms/isms.h"

namespace sanso::isms {
namespace {

using nlohmann::json;

constexpr size_t kMaxEvidencePerRecord = 200;

Result<Evidence> readEvidence(store::Statement& st) {
  Evidence e;
  e.id = st.columnInt64(0);
  e.record_id = st.columnInt64(1);
  e.name = st.columnText(2);
  e.size = st.columnInt64(3);
  e.sha256 = st.columnText(4);
  e.created_by = st.columnInt64(5);
  e.created_at = st.columnInt64(6);
  return e;
}

constexpr const char* kEvidenceColumns =
    "SELECT id, record_id, name, size, sha256, created_by, created_at FROM isms_evidence ";

}  // namespace

Result<Evidence> Isms::addEvidence(const Actor& actor, int64_t record_id, const std::string& path,
                                   const std::string& name) {
  if (deps_.blobs == nullptr) return Status::invalidArgument("証跡を保存する場所がありません");
  SANSO_ASSIGN_OR_RETURN(Record record, get(actor, record_id));
  const KindSpec* kind = findKind(record.kind);
  bool own_department = record.department_id != 0 && record.department_id == actor.department_id &&
                        (record.kind == "answer" || record.kind == "incident");
  if (kind == nullptr || !(canWrite(actor, *kind, record.department_id) || own_department)) {
    return Status::denied("forbidden", "この記録に証跡を追加する権限がありません");
  }
  SANSO_ASSIGN_OR_RETURN(std::vector<Evidence> existing, evidenceOf(actor, record_id));
  if (existing.size() >= kMaxEvidencePerRecord) {
    return Status::invalidArgument("この記録の証跡は " + std::to_string(kMaxEvidencePerRecord) +
                                   " 件までです");
  }
  SANSO_ASSIGN_OR_RETURN(store::BlobInfo blob, deps_.blobs->putFile(path, kMaxEvidenceBytes));
  Evidence e;
  e.record_id = record_id;
  e.name = safeFileName(name);
  e.size = static_cast<int64_t>(blob.size);
  e.sha256 = blob.sha256;
  e.created_by = actor.user_id;
  e.created_at = deps_.now();
  int64_t outbox_id = 0;
  SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(
        store::Statement st,
        s.prepare("INSERT INTO isms_evidence (record_id, name, size, sha256, created_by, "
                  "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    SANSO_RETURN_IF_ERROR(st.bindInt64(1, e.record_id));
    SANSO_RETURN_IF_ERROR(st.bindText(2, e.name));
    SANSO_RETURN_IF_ERROR(st.bindInt64(3, e.size));
    SANSO_RETURN_IF_ERROR(st.bindText(4, e.sha256));
    SANSO_RETURN_IF_ERROR(st.bindInt64(5, e.created_by));
    SANSO_RETURN_IF_ERROR(st.bindInt64(6, e.created_at));
    SANSO_RETURN_IF_ERROR(st.run());
    e.id = s.lastInsertRowid();
    json details = {{"kind", record.kind},
                    {"record", record_id},
                    {"name", e.name},
                    {"size", e.size},
                    {"sha256", e.sha256}};
    audit::Event event{std::to_string(actor.user_id), actor.zone, "isms.evidence.add",
                       record.kind + ":" + std::to_string(record_id), details};
    SANSO_ASSIGN_OR_RETURN(outbox_id, outbox_->add(s, event));
    return Status::ok();
  }));
  SANSO_RETURN_IF_ERROR(outbox_->flushThrough(outbox_id));
  return e;
}

Result<std::vector<Evidence>> Isms::evidenceOf(const Actor& actor, int64_t record_id) {
  SANSO_RETURN_IF_ERROR(get(actor, record_id).status());
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
  SANSO_ASSIGN_OR_RETURN(store::Statement st,
                         session.prepare(std::string(kEvidenceColumns) +
                                         "WHERE record_id = ?1 AND deleted_at = 0 ORDER BY id"));
  SANSO_RETURN_IF_ERROR(st.bindInt64(1, record_id));
  std::vector<Evidence> out;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    SANSO_ASSIGN_OR_RETURN(Evidence e, readEvidence(st));
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::pair<Evidence, store::UniqueFd>> Isms::openEvidence(const Actor& actor, int64_t id) {
  if (deps_.blobs == nullptr) return Status::notFound("証跡が見つかりません");
  Evidence e;
  {
    SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
    SANSO_ASSIGN_OR_RETURN(
        store::Statement st,
        session.prepare(std::string(kEvidenceColumns) + "WHERE id = ?1 AND deleted_at = 0"));
    SANSO_RETURN_IF_ERROR(st.bindInt64(1, id));
    SANSO_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) return Status::notFound("証跡が見つかりません");
    SANSO_ASSIGN_OR_RETURN(e, readEvidence(st));
  }
  // Readable exactly when the record is.
  if (!get(actor, e.record_id).isOk()) return Status::notFound("証跡が見つかりません");
  SANSO_ASSIGN_OR_RETURN(store::UniqueFd fd, deps_.blobs->openRead(e.sha256));
  return std::make_pair(std::move(e), std::move(fd));
}

}  // namespace sanso::isms
