#include "isms_json.h"

#include <algorithm>

#include "sanso/auth/jst_day.h"
#include "sanso/isms/fields.h"
#include "sanso/isms/tables.h"

namespace sanso::http {
namespace {

using nlohmann::json;

const char* typeName(isms::FieldType type) {
  switch (type) {
    case isms::FieldType::kText:
      return "text";
    case isms::FieldType::kLongText:
      return "long_text";
    case isms::FieldType::kDate:
      return "date";
    case isms::FieldType::kBool:
      return "bool";
    case isms::FieldType::kInteger:
      return "integer";
    case isms::FieldType::kChoice:
      return "choice";
    case isms::FieldType::kChoiceList:
      return "choice_list";
    case isms::FieldType::kRecord:
      return "record";
    case isms::FieldType::kRecordList:
      return "record_list";
    case isms::FieldType::kUser:
      return "user";
    case isms::FieldType::kDepartment:
      return "department";
    case isms::FieldType::kDepartmentList:
      return "department_list";
  }
  return "text";
}

const char* visibilityName(isms::Visibility v) {
  switch (v) {
    case isms::Visibility::kDepartment:
      return "department";
    case isms::Visibility::kEveryone:
      return "everyone";
    case isms::Visibility::kManagers:
      return "managers";
    case isms::Visibility::kDocument:
      return "document";
  }
  return "managers";
}

json counts(const isms::RollupCounts& c) {
  return {{"implemented", c.implemented},
          {"partial", c.partial},
          {"not_implemented", c.not_implemented},
          {"not_applicable", c.not_applicable},
          {"unanswered", c.unanswered}};
}

int levelValue(const std::vector<policy::RiskLevel>& scale, const json& id) {
  if (!id.is_string()) return 0;
  for (const policy::RiskLevel& l : scale) {
    if (l.id == id.get<std::string>()) return l.value;
  }
  return 0;
}

json score(const policy::RiskMatrix& matrix, int likelihood, int impact) {
  if (likelihood == 0 || impact == 0) return nullptr;
  int value = likelihood * impact;
  const policy::RiskBand* band = matrix.bandOf(value);
  return {{"score", value},
          {"band", band ? band->id : ""},
          {"band_name", band ? band->name : ""},
          {"acceptable", value <= matrix.acceptable_score}};
}

}  // namespace

std::string IsmsJson::departmentName(int64_t id) {
  auto d = isms_.accounts().department(id);
  return d.isOk() ? d->name : "";
}

std::string IsmsJson::userName(int64_t id) {
  auto u = isms_.accounts().user(id);
  if (!u.isOk()) return "";
  return u->display_name.empty() ? u->login : u->display_name;
}

json IsmsJson::kinds(const isms::Actor& actor) {
  const policy::PolicyPack& pack = isms_.pack();
  bool manager = isms_.isManager(actor);
  bool reader = isms_.isReader(actor);
  json kinds = json::array();
  for (const isms::KindSpec& kind : isms::kindSpecs()) {
    json fields = json::array();
    for (const isms::FieldSpec& f : kind.fields) {
      json choices = json::array();
      for (const isms::FixedChoice& c : isms::choicesFor(f, pack)) {
        choices.push_back({{"id", c.id}, {"label", c.label}});
      }
      fields.push_back({{"name", f.name},
                        {"label", f.label},
                        {"type", typeName(f.type)},
                        {"required", f.required},
                        {"max_length", f.max_length},
                        {"record_kind", f.record_kind},
                        {"choices", choices}});
    }
    bool can_create = manager || (kind.auditor_writes && reader) || kind.department_writes;
    kinds.push_back({{"id", kind.id},
                     {"label", kind.label},
                     {"clause", kind.clause},
                     {"visibility", visibilityName(kind.visibility)},
                     {"has_department", kind.has_department},
                     {"title_field", kind.title_field},
                     {"can_create", can_create},
                     {"fields", fields}});
  }
  json departments = json::array();
  if (auto all = isms_.accounts().departments(); all.isOk()) {
    for (const auto& d : *all) {
      if (reader || d.id == actor.department_id) {
        departments.push_back({{"id", d.id}, {"name", d.name}});
      }
    }
  }
  json users = json::array();
  if (auto all = isms_.accounts().users(); all.isOk()) {
    for (const auto& u : *all) {
      if (u.disabled || !(reader || u.department_id == actor.department_id)) continue;
      users.push_back({{"id", u.id},
                       {"name", u.display_name.empty() ? u.login : u.display_name},
                       {"login", u.login},
                       {"department_id", u.department_id}});
    }
  }
  return {{"kinds", kinds},
          {"manager", manager},
          {"reader", reader},
          {"department_id", actor.department_id},
          {"departments", departments},
          {"users", users},
          {"fiscal_year", isms::Isms::fiscalYear(isms_.now())},
          {"today", auth::formatJstDay(isms_.now())}};
}

json IsmsJson::record(const isms::Actor& actor, const isms::Record& r) {
  const isms::KindSpec* kind = isms::findKind(r.kind);
  json display = json::object();
  std::string title;
  if (kind != nullptr) {
    for (const isms::FieldSpec& f : kind->fields) {
      auto it = r.fields.find(f.name);
      if (it == r.fields.end()) continue;
      display[f.name] = isms::displayValue(isms_, f, *it);
      if (f.name == kind->title_field) title = display[f.name].get<std::string>();
    }
  }
  bool can_edit = isms_.isManager(actor) ||
                  (kind != nullptr && kind->auditor_writes && isms_.isReader(actor)) ||
                  (kind != nullptr && kind->department_writes && r.department_id != 0 &&
                   r.department_id == actor.department_id);
  json out = {{"id", r.id},
              {"kind", r.kind},
              {"department_id", r.department_id},
              {"department", r.department_id ? departmentName(r.department_id) : ""},
              {"parent_id", r.parent_id},
              {"version", r.version},
              {"fields", r.fields},
              {"display", display},
              {"title", title},
              {"created_by", userName(r.created_by)},
              {"created_at", r.created_at},
              {"updated_by", userName(r.updated_by)},
              {"updated_at", r.updated_at},
              {"can_edit", can_edit}};
  const policy::PolicyPack& pack = isms_.pack();
  if (r.kind == "asset") {
    // What the policy requires of information at these levels (6(2)).
    json handling = json::array();
    for (const policy::Dimension& d : pack.classification) {
      auto level_id = r.fields.find(d.id);
      if (level_id == r.fields.end() || !level_id->is_string()) continue;
      const policy::Level* level = d.findLevel(level_id->get<std::string>());
      if (level == nullptr) continue;
      json rules = json::array();
      for (const policy::HandlingRule& rule : level->rules) rules.push_back(rule.reason);
      handling.push_back({{"dimension", d.name},
                          {"level", level->name.empty() ? level->id : level->name},
                          {"description", level->description},
                          {"rules", rules}});
    }
    out["handling"] = handling;
  }
  if (r.kind == "incident") {
    // Whom the emergency response plan says to notify at this level, and within how long.
    const policy::IncidentLevel* level = pack.findIncidentLevel(r.fields.value("level", ""));
    if (level != nullptr) {
      json roles = json::array();
      for (const std::string& role : level->notify_roles) {
        const policy::Role* known = pack.findRole(role);
        roles.push_back(known ? known->name : role);
      }
      out["response_plan"] = {{"level", level->name},
                              {"notify_roles", roles},
                              {"report_within_hours", level->report_within_hours},
                              {"resolve_within_hours", level->resolve_within_hours}};
    }
  }
  if (r.kind == "risk") {
    out["inherent"] =
        score(pack.risk, levelValue(pack.risk.likelihood, r.fields.value("likelihood", json())),
              levelValue(pack.risk.impact, r.fields.value("impact", json())));
    out["residual"] = score(
        pack.risk, levelValue(pack.risk.likelihood, r.fields.value("residual_likelihood", json())),
        levelValue(pack.risk.impact, r.fields.value("residual_impact", json())));
  }
  return out;
}

json IsmsJson::rollup(const isms::Actor& actor, const isms::Rollup& rollup) {
  json departments = json::array();
  for (const auto& [id, c] : rollup.by_department) {
    departments.push_back({{"id", id}, {"name", departmentName(id)}, {"counts", counts(c)}});
  }
  json requirements = json::array();
  for (const policy::Requirement& req : isms_.pack().requirements) {
    auto it = rollup.by_requirement.find(req.id);
    if (it == rollup.by_requirement.end()) continue;
    requirements.push_back({{"id", req.id},
                            {"title", req.title},
                            {"text", req.text},
                            {"clause", req.clause},
                            {"counts", counts(it->second)}});
  }
  return {{"campaign", record(actor, rollup.campaign)},
          {"departments", departments},
          {"requirements", requirements}};
}

json IsmsJson::controls(const isms::Actor& actor,
                        const std::vector<isms::ControlStatus>& controls) {
  json out = json::array();
  for (const isms::ControlStatus& c : controls) {
    out.push_back({{"id", c.control->id},
                   {"name", c.control->name},
                   {"description", c.control->description},
                   {"category", c.control->category},
                   {"clause", c.control->clause},
                   {"check", c.control->check},
                   {"check_state", c.check_state},
                   {"check_detail", c.check_detail},
                   {"record", c.record ? record(actor, *c.record) : json()}});
  }
  return out;
}

json IsmsJson::dueItems(const std::vector<isms::DueItem>& items) {
  json out = json::array();
  for (const isms::DueItem& i : items) {
    out.push_back({{"kind", i.kind},
                   {"kind_label", isms::kindLabel(i.kind)},
                   {"record_id", i.record_id},
                   {"department", i.department_id ? departmentName(i.department_id) : ""},
                   {"title", i.title},
                   {"due", i.due},
                   {"overdue", i.overdue},
                   {"what", i.what}});
  }
  return out;
}

json IsmsJson::evidence(const isms::Evidence& e) {
  return {{"id", e.id},
          {"record_id", e.record_id},
          {"name", e.name},
          {"size", e.size},
          {"sha256", e.sha256},
          {"created_by", userName(e.created_by)},
          {"created_at", e.created_at}};
}

json IsmsJson::completions(const std::vector<isms::Completion>& users) {
  json out = json::array();
  for (const isms::Completion& c : users) {
    out.push_back({{"user_id", c.user_id},
                   {"name", c.user_name},
                   {"department", departmentName(c.department_id)},
                   {"done_on", c.done_on}});
  }
  return out;
}

Result<json> IsmsJson::dashboard(
    const isms::Actor& actor,
    const std::function<Result<std::map<std::string, int64_t>>(int64_t)>& blocked_since) {
  const policy::PolicyPack& pack = isms_.pack();
  SANSO_ASSIGN_OR_RETURN(std::vector<isms::DueItem> due, isms_.dueItems(actor, 14));
  int64_t overdue = std::count_if(due.begin(), due.end(), [](const auto& i) { return i.overdue; });
  if (due.size() > 50) due.resize(50);

  SANSO_ASSIGN_OR_RETURN(std::vector<isms::Record> incidents,
                         isms_.list(actor, "incident", {}, 100000));
  json by_level = json::object();
  json open_incidents = json::array();
  for (const isms::Record& i : incidents) {
    if (i.fields.value("status", "") == "closed") continue;
    std::string level = i.fields.value("level", "");
    by_level[level.empty() ? "untriaged" : level] =
        by_level.value(level.empty() ? "untriaged" : level, 0) + 1;
    if (open_incidents.size() < 20) open_incidents.push_back(record(actor, i));
  }

  // Risk heat map: counts per (likelihood, impact), inherent and residual.
  size_t nl = pack.risk.likelihood.size();
  size_t ni = pack.risk.impact.size();
  json inherent = json::array();
  json residual = json::array();
  for (size_t l = 0; l < nl; ++l) {
    inherent.push_back(std::vector<int>(ni, 0));
    residual.push_back(std::vector<int>(ni, 0));
  }
  SANSO_ASSIGN_OR_RETURN(std::vector<isms::Record> risks, isms_.list(actor, "risk", {}, 100000));
  auto place = [&](json& grid, const json& l_id, const json& i_id) {
    int l = levelValue(pack.risk.likelihood, l_id);
    int i = levelValue(pack.risk.impact, i_id);
    if (l >= 1 && i >= 1 && static_cast<size_t>(l) <= nl && static_cast<size_t>(i) <= ni) {
      grid[l - 1][i - 1] = grid[l - 1][i - 1].get<int>() + 1;
    }
  };
  for (const isms::Record& r : risks) {
    if (r.fields.value("status", "") == "closed") continue;
    place(inherent, r.fields.value("likelihood", json()), r.fields.value("impact", json()));
    place(residual, r.fields.value("residual_likelihood", json()),
          r.fields.value("residual_impact", json()));
  }
  json likelihood = json::array();
  for (const auto& l : pack.risk.likelihood) likelihood.push_back(l.name);
  json impact = json::array();
  for (const auto& i : pack.risk.impact) impact.push_back(i.name);
  json bands = json::array();
  for (const auto& b : pack.risk.bands) {
    bands.push_back({{"id", b.id}, {"name", b.name}, {"max_score", b.max_score}});
  }

  SANSO_ASSIGN_OR_RETURN(std::vector<isms::Record> campaigns,
                         isms_.list(actor, "campaign", {}, 1000));
  json progress = json::array();
  for (const isms::Record& c : campaigns) {
    if (c.fields.value("status", "") != "open") continue;
    SANSO_ASSIGN_OR_RETURN(isms::Rollup r, isms_.rollup(actor, c.id));
    int64_t total = 0;
    int64_t unanswered = 0;
    for (const auto& [department, counts] : r.by_department) {
      unanswered += counts.unanswered;
      total += counts.implemented + counts.partial + counts.not_implemented +
               counts.not_applicable + counts.unanswered;
    }
    progress.push_back({{"id", c.id},
                        {"title", c.fields.value("title", "")},
                        {"deadline", c.fields.value("deadline", "")},
                        {"answered", total - unanswered},
                        {"total", total}});
  }

  json blocked = nullptr;
  if (blocked_since && isms_.isReader(actor)) {
    std::string today = auth::formatJstDay(isms_.now());
    SANSO_ASSIGN_OR_RETURN(int64_t month_start,
                           auth::parseJstDay(today.substr(0, 8) + "01", false));
    SANSO_ASSIGN_OR_RETURN(auto by_reason, blocked_since(month_start));
    json reasons = json::object();
    for (const auto& [reason, n] : by_reason) reasons[reason] = n;
    blocked = {{"since", today.substr(0, 8) + "01"}, {"by_reason", reasons}};
  }
  return json{{"due", dueItems(due)},
              {"overdue", overdue},
              {"incidents", {{"open", open_incidents}, {"by_level", by_level}}},
              {"risks",
               {{"likelihood", likelihood},
                {"impact", impact},
                {"bands", bands},
                {"inherent", inherent},
                {"residual", residual}}},
              {"campaigns", progress},
              {"blocked_transfers", blocked}};
}

Result<json> IsmsJson::revisionHistory(const isms::Actor& actor, const std::string& doc_kind) {
  SANSO_ASSIGN_OR_RETURN(std::vector<isms::Record> documents,
                         isms_.list(actor, "document", {}, 10000));
  std::vector<isms::Record> of_kind;
  for (isms::Record& d : documents) {
    if (d.fields.value("doc_kind", "") == doc_kind && d.fields.value("status", "") != "draft") {
      of_kind.push_back(std::move(d));
    }
  }
  auto dateOf = [](const isms::Record& d) {
    std::string date = d.fields.value("approved_on", "");
    return date.empty() ? d.fields.value("effective_from", "") : date;
  };
  std::sort(of_kind.begin(), of_kind.end(),
            [&](const isms::Record& a, const isms::Record& b) { return dateOf(a) < dateOf(b); });
  json rows = json::array();
  for (const isms::Record& d : of_kind) {
    rows.push_back({{"id", d.id},
                    {"date", dateOf(d)},
                    {"version", d.fields.value("version", "")},
                    {"reason", d.fields.value("reason", "")},
                    {"title", d.fields.value("title", "")},
                    {"status", d.fields.value("status", "")}});
  }
  return rows;
}

}  // namespace sanso::http
