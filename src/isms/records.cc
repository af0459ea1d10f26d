// Isms: opening, access rules and the generic record operations.
#include <algorithm>

#include "sanso/auth/jst_day.h"
#include "sanso/isms/fields.h"
#include "sanso/isms/isms.h"
#include "schema.h"

namespace sanso::isms {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "SELECT id, kind, department_id, parent_id, version, body, created_by, created_at, "
    "updated_by, updated_at FROM isms_records ";

Result<Record> readRow(store::Statement& st) {
  Record r;
  r.id = st.columnInt64(0);
  r.kind = st.columnText(1);
  r.department_id = st.columnInt64(2);
  r.parent_id = st.columnInt64(3);
  r.version = st.columnInt64(4);
  r.fields = json::parse(st.columnText(5), nullptr, false);
  if (!r.fields.is_object()) {
    return Status::internal("isms record " + std::to_string(r.id) + " holds unreadable fields");
  }
  r.created_by = st.columnInt64(6);
  r.created_at = st.columnInt64(7);
  r.updated_by = st.columnInt64(8);
  r.updated_at = st.columnInt64(9);
  return r;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// The value of the first record field of `kind` in `fields`: the record's parent.
int64_t parentOf(const KindSpec& kind, const json& fields) {
  for (const FieldSpec& f : kind.fields) {
    if (f.type == FieldType::kRecord) {
      auto it = fields.find(f.name);
      return it != fields.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
    }
  }
  return 0;
}

// The names of the fields that differ between `before` and `after`.
json changedFields(const json& before, const json& after) {
  json names = json::array();
  for (const auto& [name, value] : after.items()) {
    if (!before.contains(name) || before.at(name) != value) names.push_back(name);
  }
  for (const auto& [name, value] : before.items()) {
    if (!after.contains(name)) names.push_back(name);
  }
  return names;
}

Status notFound() { return Status::notFound("記録が見つかりません"); }

Status noPermission() { return Status::denied("forbidden", "この操作を行う権限がありません"); }

}  // namespace

std::string kindLabel(const std::string& kind) {
  const KindSpec* spec = findKind(kind);
  return spec == nullptr ? kind : spec->label;
}

Isms::Isms(IsmsDeps deps)
    : deps_(std::move(deps)),
      outbox_(std::make_unique<audit::Outbox>(deps_.db, deps_.audit, "isms", "isms_audit_outbox")) {
}

Result<std::unique_ptr<Isms>> Isms::open(IsmsDeps deps) {
  SANSO_RETURN_IF_ERROR(deps.db.migrate("isms", detail::migrations()));
  std::unique_ptr<Isms> isms(new Isms(std::move(deps)));
  SANSO_RETURN_IF_ERROR(isms->outbox_->open());
  return isms;
}

bool Isms::isManager(const Actor& actor) const {
  return contains(deps_.pack.isms_access.managers, actor.role);
}

bool Isms::isReader(const Actor& actor) const {
  return isManager(actor) || contains(deps_.pack.isms_access.readers, actor.role);
}

bool Isms::canRead(const Actor& actor, const KindSpec& kind, const Record& record) const {
  if (isReader(actor)) return true;
  switch (kind.visibility) {
    case Visibility::kEveryone:
      return true;
    case Visibility::kDepartment:
      return record.department_id != 0 && record.department_id == actor.department_id;
    case Visibility::kManagers:
      return false;
    case Visibility::kDocument: {
      auto doc_kind = record.fields.find("doc_kind");
      if (doc_kind == record.fields.end() || !doc_kind->is_string()) return false;
      const policy::DocumentKind* dk = deps_.pack.findDocumentKind(doc_kind->get<std::string>());
      return dk != nullptr && (dk->is_public || contains(dk->readers, actor.role));
    }
  }
  return false;
}

bool Isms::canWrite(const Actor& actor, const KindSpec& kind, int64_t department_id) const {
  if (isManager(actor)) return true;
  if (kind.auditor_writes && isReader(actor)) return true;
  return kind.department_writes && department_id != 0 && department_id == actor.department_id;
}

Result<std::vector<Record>> Isms::loadAll(const std::string& kind, const ListFilter& filter,
                                          size_t limit) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
  SANSO_ASSIGN_OR_RETURN(
      store::Statement st,
      session.prepare(std::string(kColumns) +
                      "WHERE kind = ?1 AND deleted_at = 0 AND (?2 = 0 OR parent_id = ?2) AND "
                      "(?3 = 0 OR department_id = ?3) ORDER BY id DESC LIMIT ?4"));
  SANSO_RETURN_IF_ERROR(st.bindText(1, kind));
  SANSO_RETURN_IF_ERROR(st.bindInt64(2, filter.parent_id));
  SANSO_RETURN_IF_ERROR(st.bindInt64(3, filter.department_id));
  SANSO_RETURN_IF_ERROR(st.bindInt64(4, static_cast<int64_t>(limit)));
  std::vector<Record> out;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    SANSO_ASSIGN_OR_RETURN(Record r, readRow(st));
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::optional<Record>> Isms::load(int64_t id) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
  SANSO_ASSIGN_OR_RETURN(store::Statement st, session.prepare(std::string(kColumns) +
                                                              "WHERE id = ?1 AND deleted_at = 0"));
  SANSO_RETURN_IF_ERROR(st.bindInt64(1, id));
  SANSO_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return std::optional<Record>();
  SANSO_ASSIGN_OR_RETURN(Record r, readRow(st));
  return std::optional<Record>(std::move(r));
}

Result<std::vector<Record>> Isms::list(const Actor& actor, const std::string& kind,
                                       const ListFilter& filter, size_t limit) {
  const KindSpec* spec = findKind(kind);
  if (spec == nullptr) return Status::invalidArgument("unknown register kind");
  ListFilter scoped = filter;
  // Narrow in SQL what the actor may read by department, so that the limit counts readable rows.
  if (!isReader(actor) && spec->visibility == Visibility::kDepartment) {
    if (filter.department_id != 0 && filter.department_id != actor.department_id) {
      return std::vector<Record>();
    }
    scoped.department_id = actor.department_id;
  }
  SANSO_ASSIGN_OR_RETURN(std::vector<Record> all, loadAll(kind, scoped, limit));
  std::vector<Record> out;
  for (Record& r : all) {
    if (canRead(actor, *spec, r)) out.push_back(std::move(r));
  }
  return out;
}

Result<Record> Isms::get(const Actor& actor, int64_t id) {
  SANSO_ASSIGN_OR_RETURN(std::optional<Record> r, load(id));
  if (!r) return notFound();
  const KindSpec* spec = findKind(r->kind);
  if (spec == nullptr || !canRead(actor, *spec, *r)) return notFound();
  return *r;
}

Result<Isms::PendingWrite> Isms::prepareWrite(Record record, const json& fields,
                                              const std::string& action, json details) {
  const KindSpec* spec = findKind(record.kind);
  if (spec == nullptr) return Status::invalidArgument("unknown register kind");
  References refs;
  refs.user = [&](int64_t id) { return deps_.accounts.user(id).isOk(); };
  refs.department = [&](int64_t id) { return deps_.accounts.department(id).isOk(); };
  refs.record = [&](const std::string& kind, int64_t id) {
    auto found = load(id);
    return found.isOk() && found->has_value() && (*found)->kind == kind;
  };
  SANSO_ASSIGN_OR_RETURN(json body, validateFields(*spec, deps_.pack, fields, refs));
  details["kind"] = record.kind;
  details["fields"] = changedFields(record.fields, body);
  if (record.department_id != 0) details["department_id"] = record.department_id;
  record.parent_id = parentOf(*spec, body);
  record.fields = std::move(body);
  return PendingWrite{std::move(record), action, std::move(details)};
}

Status Isms::writeAll(const Actor& actor, std::vector<PendingWrite>& writes) {
  int64_t now = deps_.now();
  int64_t outbox_id = 0;
  bool conflict = false;
  Status written = deps_.db.write([&](store::Session& s) -> Status {
    for (PendingWrite& w : writes) {
      Record& record = w.record;
      if (record.id == 0) {
        SANSO_ASSIGN_OR_RETURN(
            store::Statement st,
            s.prepare("INSERT INTO isms_records (kind, department_id, parent_id, version, body, "
                      "created_by, created_at, updated_by, updated_at) "
                      "VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?5, ?6)"));
        SANSO_RETURN_IF_ERROR(st.bindText(1, record.kind));
        SANSO_RETURN_IF_ERROR(st.bindInt64(2, record.department_id));
        SANSO_RETURN_IF_ERROR(st.bindInt64(3, record.parent_id));
        SANSO_RETURN_IF_ERROR(st.bindText(4, record.fields.dump()));
        SANSO_RETURN_IF_ERROR(st.bindInt64(5, actor.user_id));
        SANSO_RETURN_IF_ERROR(st.bindInt64(6, now));
        SANSO_RETURN_IF_ERROR(st.run());
        record.id = s.lastInsertRowid();
        record.version = 1;
        record.created_by = actor.user_id;
        record.created_at = now;
      } else {
        SANSO_ASSIGN_OR_RETURN(
            store::Statement st,
            s.prepare("UPDATE isms_records SET body = ?1, parent_id = ?2, version = version + 1, "
                      "updated_by = ?3, updated_at = ?4 WHERE id = ?5 AND version = ?6 AND "
                      "deleted_at = 0"));
        SANSO_RETURN_IF_ERROR(st.bindText(1, record.fields.dump()));
        SANSO_RETURN_IF_ERROR(st.bindInt64(2, record.parent_id));
        SANSO_RETURN_IF_ERROR(st.bindInt64(3, actor.user_id));
        SANSO_RETURN_IF_ERROR(st.bindInt64(4, now));
        SANSO_RETURN_IF_ERROR(st.bindInt64(5, record.id));
        SANSO_RETURN_IF_ERROR(st.bindInt64(6, record.version));
        SANSO_RETURN_IF_ERROR(st.run());
        if (s.changes() != 1) {
          conflict = true;
          return Status::invalidArgument("conflict");
        }
        record.version += 1;
      }
      record.updated_by = actor.user_id;
      record.updated_at = now;
      w.details["version"] = record.version;
      audit::Event event{std::to_string(actor.user_id), actor.zone, w.action,
                         record.kind + ":" + std::to_string(record.id), w.details};
      SANSO_ASSIGN_OR_RETURN(outbox_id, outbox_->add(s, event));
    }
    return Status::ok();
  });
  if (conflict) {
    return Status::invalidArgument(
        "他の人が先にこの記録を更新しました。画面を再読み込みしてからやり直してください");
  }
  SANSO_RETURN_IF_ERROR(written);
  return outbox_->flushThrough(outbox_id);
}

Result<Record> Isms::store(const Actor& actor, Record record, const json& fields,
                           const std::string& action, json details) {
  SANSO_ASSIGN_OR_RETURN(PendingWrite write,
                         prepareWrite(std::move(record), fields, action, std::move(details)));
  std::vector<PendingWrite> writes;
  writes.push_back(std::move(write));
  SANSO_RETURN_IF_ERROR(writeAll(actor, writes));
  return std::move(writes.front().record);
}

Result<int64_t> Isms::saveMany(const Actor& actor, const std::string& kind,
                               const std::vector<Change>& changes) {
  const KindSpec* spec = findKind(kind);
  if (spec == nullptr) return Status::invalidArgument("unknown register kind");
  std::vector<PendingWrite> writes;
  for (size_t i = 0; i < changes.size(); ++i) {
    const Change& change = changes[i];
    auto prefix = [&](const Status& s) {
      return Status::invalidArgument(change.label + ": " + s.message());
    };
    Record record;
    record.kind = kind;
    if (change.id != 0) {
      auto existing = get(actor, change.id);
      if (!existing.isOk() || existing->kind != kind) {
        return prefix(
            Status::invalidArgument("ID " + std::to_string(change.id) + " の記録がありません"));
      }
      record = std::move(*existing);
    } else if (spec->has_department) {
      record.department_id = change.department_id != 0 ? change.department_id : actor.department_id;
    }
    if (change.id != 0 && change.department_id != 0 &&
        change.department_id != record.department_id) {
      return prefix(Status::invalidArgument("所管部署は取り込みで変更できません"));
    }
    if (!canWrite(actor, *spec, record.department_id)) {
      return Status::denied("forbidden",
                            change.label + ": この部署の記録を登録する権限がありません");
    }
    std::string action = "isms." + kind + (change.id != 0 ? ".update" : ".create");
    auto write = prepareWrite(std::move(record), change.fields, action, {{"import", true}});
    if (!write.isOk()) return prefix(write.status());
    writes.push_back(std::move(*write));
  }
  SANSO_RETURN_IF_ERROR(writeAll(actor, writes));
  return static_cast<int64_t>(writes.size());
}

Result<Record> Isms::create(const Actor& actor, const std::string& kind, int64_t department_id,
                            const json& fields) {
  const KindSpec* spec = findKind(kind);
  if (spec == nullptr) return Status::invalidArgument("unknown register kind");
  Record record;
  record.kind = kind;
  if (spec->has_department) {
    record.department_id = department_id != 0 ? department_id : actor.department_id;
    if (!deps_.accounts.department(record.department_id).isOk()) {
      return Status::invalidArgument("所管部署が存在しません");
    }
  }
  if (!canWrite(actor, *spec, record.department_id)) return noPermission();
  if (kind == "control") {
    // One applicability record per reference control.
    auto control = fields.is_object() ? fields.find("control") : fields.end();
    if (fields.is_object() && control != fields.end()) {
      SANSO_ASSIGN_OR_RETURN(std::vector<Record> existing, loadAll("control", {}, 100000));
      for (const Record& r : existing) {
        if (r.fields.value("control", "") == *control) {
          return Status::invalidArgument("この管理策の適用状況はすでに登録されています（ID " +
                                         std::to_string(r.id) + "）");
        }
      }
    }
  }
  return store(actor, std::move(record), fields, "isms." + kind + ".create", json::object());
}

Result<Record> Isms::update(const Actor& actor, int64_t id, int64_t version, const json& fields) {
  SANSO_ASSIGN_OR_RETURN(Record record, get(actor, id));
  const KindSpec* spec = findKind(record.kind);
  if (spec == nullptr || !canWrite(actor, *spec, record.department_id)) return noPermission();
  if (record.version != version) {
    return Status::invalidArgument(
        "他の人が先にこの記録を更新しました。画面を再読み込みしてからやり直してください");
  }
  std::string kind = record.kind;
  return store(actor, std::move(record), fields, "isms." + kind + ".update", json::object());
}

Status Isms::remove(const Actor& actor, int64_t id, int64_t version, const std::string& reason) {
  SANSO_ASSIGN_OR_RETURN(Record record, get(actor, id));
  const KindSpec* spec = findKind(record.kind);
  if (spec == nullptr || !canWrite(actor, *spec, record.department_id)) return noPermission();
  if (reason.empty() || reason.size() > 1000) {
    return Status::invalidArgument("削除の理由を入力してください（1000 バイト以内）");
  }
  int64_t outbox_id = 0;
  bool conflict = false;
  Status written = deps_.db.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(store::Statement st,
                           s.prepare("UPDATE isms_records SET deleted_at = ?1, updated_by = ?2 "
                                     "WHERE id = ?3 AND version = ?4 AND deleted_at = 0"));
    SANSO_RETURN_IF_ERROR(st.bindInt64(1, deps_.now()));
    SANSO_RETURN_IF_ERROR(st.bindInt64(2, actor.user_id));
    SANSO_RETURN_IF_ERROR(st.bindInt64(3, id));
    SANSO_RETURN_IF_ERROR(st.bindInt64(4, version));
    SANSO_RETURN_IF_ERROR(st.run());
    if (s.changes() != 1) {
      conflict = true;
      return Status::invalidArgument("conflict");
    }
    json details = {{"kind", record.kind}, {"version", version}, {"reason", reason}};
    audit::Event event{std::to_string(actor.user_id), actor.zone, "isms." + record.kind + ".delete",
                       record.kind + ":" + std::to_string(id), details};
    SANSO_ASSIGN_OR_RETURN(outbox_id, outbox_->add(s, event));
    return Status::ok();
  });
  if (conflict) {
    return Status::invalidArgument(
        "他の人が先にこの記録を更新しました。画面を再読み込みしてからやり直してください");
  }
  SANSO_RETURN_IF_ERROR(written);
  return outbox_->flushThrough(outbox_id);
}

int Isms::fiscalYear(int64_t unix_seconds) {
  std::string day = auth::formatJstDay(unix_seconds);
  int year = std::stoi(day.substr(0, 4));
  int month = std::stoi(day.substr(5, 2));
  return month >= 4 ? year : year - 1;
}

}  // namespace sanso::isms
