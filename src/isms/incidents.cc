// Incidents and the emergency response plan (policy 6(7)): anyone reports, the ISMS managers
// triage, act and close; every step is an incident_note record and an audit event.
#include <set>

#include "sanso/auth/jst_day.h"
#include "sanso/isms/fields.h"
#include "sanso/isms/isms.h"

namespace sanso::isms {
namespace {

using nlohmann::json;

// The incident fields each event may set.
bool eventMaySet(const std::string& event, const std::string& field) {
  if (event == "triage") return field == "level" || field == "threats" || field == "assets";
  if (event == "notify") return field == "contacts";
  if (event == "action") return field == "actions" || field == "assets" || field == "audit_refs";
  if (event == "close") return field == "root_cause" || field == "prevention" || field == "actions";
  return false;
}

std::string statusAfter(const std::string& event, const std::string& current) {
  if (event == "triage") return "triaged";
  if (event == "action" || event == "notify") return current == "closed" ? current : "responding";
  if (event == "close") return "closed";
  if (event == "reopen") return "responding";
  return current;
}

}  // namespace

Result<Record> Isms::reportIncident(const Actor& actor, const json& fields) {
  if (!fields.is_object()) return Status::invalidArgument("fields must be a JSON object");
  json reported = json::object();
  for (const char* name : {"title", "description", "occurred_at", "assets", "threats"}) {
    if (fields.contains(name)) reported[name] = fields.at(name);
  }
  for (const auto& [name, value] : fields.items()) {
    if (!reported.contains(name)) {
      return Status::invalidArgument("報告時に指定できない項目です: " +
                                     std::string(name.size() <= 64 ? name : "?"));
    }
  }
  reported["status"] = "reported";
  reported["reported_by"] = actor.user_id;
  Record record;
  record.kind = "incident";
  record.department_id = actor.department_id;
  SANSO_ASSIGN_OR_RETURN(Record incident, store(actor, std::move(record), reported,
                                                "isms.incident.report", json::object()));
  Record note;
  note.kind = "incident_note";
  note.department_id = incident.department_id;
  json note_fields = {{"incident", incident.id},
                      {"event", "report"},
                      {"text", incident.fields.value("description", "")}};
  SANSO_RETURN_IF_ERROR(
      store(actor, std::move(note), note_fields, "isms.incident_note.create", json::object())
          .status());
  return incident;
}

Result<Record> Isms::addIncidentEvent(const Actor& actor, int64_t id, const std::string& event,
                                      const std::string& text, const json& changes) {
  static const std::set<std::string> kEvents = {"triage", "notify", "action",
                                                "note",   "close",  "reopen"};
  if (kEvents.count(event) == 0) return Status::invalidArgument("unknown incident event");
  SANSO_ASSIGN_OR_RETURN(Record incident, get(actor, id));
  if (incident.kind != "incident") return Status::notFound("記録が見つかりません");
  bool reporter = incident.fields.value("reported_by", int64_t{0}) == actor.user_id;
  if (!isManager(actor) && !(reporter && event == "note")) {
    return Status::denied("forbidden", "この操作を行う権限がありません");
  }
  if (!changes.is_object()) return Status::invalidArgument("changes must be a JSON object");
  std::string status = incident.fields.value("status", "reported");
  if (status == "closed" && event != "reopen" && event != "note") {
    return Status::invalidArgument("終結したインシデントです。再開してから記録してください");
  }
  if (event == "reopen" && status != "closed") {
    return Status::invalidArgument("終結していないインシデントは再開できません");
  }
  json fields = incident.fields;
  for (const auto& [name, value] : changes.items()) {
    if (!eventMaySet(event, name)) {
      return Status::invalidArgument("この種別の記録では変更できない項目です: " +
                                     std::string(name.size() <= 64 ? name : "?"));
    }
    fields[name] = value;
  }
  if (event == "triage" && !fields.contains("level")) {
    return Status::invalidArgument("レベル: トリアージではレベルを指定してください");
  }
  if (event == "close") {
    for (const char* required : {"root_cause", "prevention"}) {
      if (fields.value(required, "").empty()) {
        return Status::invalidArgument("終結には原因と再発防止策の記入が必要です");
      }
    }
    fields["closed_on"] = auth::formatJstDay(deps_.now());
  }
  if (event == "reopen") fields.erase("closed_on");
  fields["status"] = statusAfter(event, status);
  // The note's text is checked before anything is written.
  json note_fields = {{"incident", incident.id}, {"event", event}, {"text", text}};
  References exists;
  exists.record = [](const std::string&, int64_t) { return true; };
  SANSO_RETURN_IF_ERROR(
      validateFields(*findKind("incident_note"), deps_.pack, note_fields, exists).status());
  Record updated = incident;
  if (fields != incident.fields) {
    SANSO_ASSIGN_OR_RETURN(updated, store(actor, std::move(incident), fields,
                                          "isms.incident." + event, json::object()));
  }
  Record note;
  note.kind = "incident_note";
  note.department_id = updated.department_id;
  SANSO_RETURN_IF_ERROR(
      store(actor, std::move(note), note_fields, "isms.incident_note.create", json::object())
          .status());
  return updated;
}

}  // namespace sanso::isms
