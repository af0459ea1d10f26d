// What is due or overdue: deadlines in the records (campaign answers, corrective actions, risk
// treatment, reviews, contractor checks, training), incident SLAs from the pack's levels, and
// review dates the pack's review cycles imply when a record gives none.
#include <algorithm>

#include "sanso/auth/jst_day.h"
#include "sanso/isms/due_date.h"
#include "sanso/isms/isms.h"

namespace sanso::isms {
namespace {

using nlohmann::json;

struct DueRule {
  const char* kind;
  const char* date_field;  // the due date
  const char* what;
  const char* base_field;  // when date_field is empty: this date + the cycle's months
  const char* cycle;
  const char* done_field;  // the item is finished when this field has one of `done`
  std::vector<std::string> done;
};

const std::vector<DueRule>& rules() {
  static const std::vector<DueRule> kRules = {
      {"finding", "due", "是正期限", nullptr, nullptr, "status", {"done", "verified"}},
      {"risk", "due", "リスク対応期限", nullptr, nullptr, "status", {"accepted", "closed"}},
      {"asset", "next_review", "台帳の見直し", nullptr, nullptr, nullptr, {}},
      {"document",
       "next_review",
       "文書の見直し",
       "approved_on",
       "policy-review",
       "status",
       {"draft", "superseded"}},
      {"contractor",
       "next_verification",
       "委託先の確認",
       "last_verified",
       "contractor-check",
       nullptr,
       {}},
      {"cloud_service", "next_review", "クラウドサービスの見直し", nullptr, nullptr, nullptr, {}},
      {"sns_account", "next_review", "SNS アカウントの見直し", nullptr, nullptr, nullptr, {}},
      {"control", "due", "管理策の実施期限", nullptr, nullptr, "status", {"implemented"}},
  };
  return kRules;
}

std::string titleOf(const Record& r) {
  const KindSpec* spec = findKind(r.kind);
  if (spec == nullptr) return "";
  auto it = r.fields.find(spec->title_field);
  if (it == r.fields.end()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace

Result<std::vector<DueItem>> Isms::dueItems(const Actor& actor, int horizon_days) {
  int64_t now = deps_.now();
  std::string today = auth::formatJstDay(now);
  std::string horizon = auth::formatJstDay(now + int64_t{std::max(horizon_days, 0)} * 86400);
  std::vector<DueItem> out;
  auto add = [&](const Record& r, const std::string& due, const std::string& what) {
    if (due.empty() || due > horizon) return;
    out.push_back({r.kind, r.id, r.department_id, titleOf(r), due, due < today, what});
  };
  for (const DueRule& rule : rules()) {
    SANSO_ASSIGN_OR_RETURN(std::vector<Record> records, list(actor, rule.kind, {}, 100000));
    for (const Record& r : records) {
      if (rule.done_field != nullptr) {
        std::string state = r.fields.value(rule.done_field, "");
        if (std::find(rule.done.begin(), rule.done.end(), state) != rule.done.end()) continue;
      }
      std::string due = r.fields.value(rule.date_field, "");
      if (due.empty() && rule.base_field != nullptr) {
        const policy::ReviewCycle* cycle = deps_.pack.findReviewCycle(rule.cycle);
        std::string base = r.fields.value(rule.base_field, "");
        if (cycle != nullptr && !base.empty()) {
          auto next = addMonths(base, cycle->months);
          if (next.isOk()) due = *next;
        }
      }
      add(r, due, rule.what);
    }
  }
  // Open campaigns the actor's department (or, for readers, any department) has not finished.
  SANSO_ASSIGN_OR_RETURN(std::vector<Record> campaigns, list(actor, "campaign", {}, 10000));
  for (const Record& c : campaigns) {
    if (c.fields.value("status", "open") != "open") continue;
    SANSO_ASSIGN_OR_RETURN(Rollup progress, rollup(actor, c.id));
    int64_t unanswered = 0;
    for (const auto& [department, counts] : progress.by_department) unanswered += counts.unanswered;
    if (unanswered > 0) add(c, c.fields.value("deadline", ""), "点検の回答期限");
  }
  // Incidents: the level's hours to report (until triaged) and to resolve (until closed).
  SANSO_ASSIGN_OR_RETURN(std::vector<Record> incidents, list(actor, "incident", {}, 100000));
  for (const Record& i : incidents) {
    std::string status = i.fields.value("status", "reported");
    if (status == "closed") continue;
    const policy::IncidentLevel* level = deps_.pack.findIncidentLevel(i.fields.value("level", ""));
    if (level == nullptr) {
      // Not triaged yet: the most severe level's reporting time applies.
      if (!deps_.pack.incident_levels.empty()) level = &deps_.pack.incident_levels.front();
    }
    if (level == nullptr) continue;
    int hours = status == "reported" ? level->report_within_hours : level->resolve_within_hours;
    if (hours <= 0) continue;
    int64_t deadline = i.created_at + int64_t{hours} * 3600;
    DueItem item{"incident",
                 i.id,
                 i.department_id,
                 titleOf(i),
                 auth::formatJstDay(deadline),
                 deadline < now,
                 status == "reported" ? "インシデントの報告・初動期限" : "インシデントの対応目標"};
    if (item.due <= horizon) out.push_back(std::move(item));
  }
  // The actor's own training and the yearly acknowledgement.
  SANSO_ASSIGN_OR_RETURN(std::vector<Record> courses, list(actor, "course", {}, 10000));
  for (const Record& c : courses) {
    if (!c.fields.value("mandatory", false)) continue;
    json roles = c.fields.value("roles", json::array());
    if (!roles.empty() && std::find(roles.begin(), roles.end(), json(actor.role)) == roles.end()) {
      continue;
    }
    ListFilter mine;
    mine.parent_id = c.id;
    mine.department_id = actor.department_id;
    SANSO_ASSIGN_OR_RETURN(std::vector<Record> done, loadAll("training_record", mine, 100000));
    bool completed = std::any_of(done.begin(), done.end(), [&](const Record& r) {
      return r.fields.value("user", int64_t{0}) == actor.user_id;
    });
    if (!completed) add(c, c.fields.value("due", ""), "研修の受講期限");
  }
  int year = fiscalYear(now);
  ListFilter mine;
  mine.department_id = actor.department_id;
  SANSO_ASSIGN_OR_RETURN(std::vector<Record> acks, loadAll("acknowledgement", mine, 100000));
  bool acknowledged = std::any_of(acks.begin(), acks.end(), [&](const Record& r) {
    return r.fields.value("user", int64_t{0}) == actor.user_id &&
           r.fields.value("fiscal_year", 0) == year;
  });
  if (!acknowledged) {
    std::string due = std::to_string(year) + "-04-30";
    out.push_back({"acknowledgement", 0, actor.department_id,
                   std::to_string(year) + " 年度 情報セキュリティポリシー遵守事項の確認", due,
                   due < today, "遵守事項の確認"});
  }
  std::sort(out.begin(), out.end(),
            [](const DueItem& a, const DueItem& b) { return a.due < b.due; });
  return out;
}

}  // namespace sanso::isms
