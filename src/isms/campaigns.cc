// Self-inspection and audit campaigns (policy section 7): each assigned department answers
// every requirement of the checklist; the results roll up per department and per requirement.
#include <algorithm>
#include <set>

#include "sanso/auth/jst_day.h"
#include "sanso/isms/isms.h"

namespace sanso::isms {
namespace {

using nlohmann::json;

bool listHas(const json& list, const json& item) {
  return list.is_array() && std::find(list.begin(), list.end(), item) != list.end();
}

void count(RollupCounts& counts, const std::string& result) {
  if (result == "implemented") ++counts.implemented;
  if (result == "partial") ++counts.partial;
  if (result == "not-implemented") ++counts.not_implemented;
  if (result == "not-applicable") ++counts.not_applicable;
}

}  // namespace

Result<std::vector<Record>> Isms::campaignAnswers(int64_t campaign_id) {
  ListFilter filter;
  filter.parent_id = campaign_id;
  return loadAll("answer", filter, 1000000);
}

Result<Record> Isms::answer(const Actor& actor, int64_t campaign_id, int64_t department_id,
                            const std::string& requirement, const std::string& result,
                            const std::string& comment, const std::string& evidence) {
  SANSO_ASSIGN_OR_RETURN(Record campaign, get(actor, campaign_id));
  if (campaign.kind != "campaign") return Status::notFound("点検が見つかりません");
  if (campaign.fields.value("status", "open") != "open") {
    return Status::invalidArgument("終了した点検には回答できません");
  }
  int64_t department = department_id != 0 ? department_id : actor.department_id;
  if (!listHas(campaign.fields.value("departments", json::array()), json(department))) {
    return Status::invalidArgument("この部署はこの点検の対象ではありません");
  }
  if (!listHas(campaign.fields.value("requirements", json::array()), json(requirement))) {
    return Status::invalidArgument("点検項目: この点検に含まれない項目です");
  }
  const KindSpec& kind = *findKind("answer");
  if (!canWrite(actor, kind, department)) {
    return Status::denied("forbidden", "他の部署の回答はできません");
  }
  json fields = {{"campaign", campaign_id}, {"requirement", requirement}, {"result", result}};
  if (!comment.empty()) fields["comment"] = comment;
  if (!evidence.empty()) fields["evidence"] = evidence;
  SANSO_ASSIGN_OR_RETURN(std::vector<Record> answers, campaignAnswers(campaign_id));
  for (Record& existing : answers) {
    if (existing.department_id == department &&
        existing.fields.value("requirement", "") == requirement) {
      return store(actor, std::move(existing), fields, "isms.answer.update", json::object());
    }
  }
  Record record;
  record.kind = "answer";
  record.department_id = department;
  return store(actor, std::move(record), fields, "isms.answer.create", json::object());
}

Result<Rollup> Isms::rollup(const Actor& actor, int64_t campaign_id) {
  SANSO_ASSIGN_OR_RETURN(Record campaign, get(actor, campaign_id));
  if (campaign.kind != "campaign") return Status::notFound("点検が見つかりません");
  Rollup out;
  json departments = campaign.fields.value("departments", json::array());
  json requirements = campaign.fields.value("requirements", json::array());
  // Departments see their own row only; readers see every department.
  for (const json& d : departments) {
    int64_t id = d.get<int64_t>();
    if (isReader(actor) || id == actor.department_id) out.by_department[id] = {};
  }
  for (const json& r : requirements) out.by_requirement[r.get<std::string>()] = {};
  SANSO_ASSIGN_OR_RETURN(std::vector<Record> answers, campaignAnswers(campaign_id));
  std::map<int64_t, std::set<std::string>> answered;
  for (const Record& a : answers) {
    auto department = out.by_department.find(a.department_id);
    std::string requirement = a.fields.value("requirement", "");
    auto per_requirement = out.by_requirement.find(requirement);
    if (department == out.by_department.end() || per_requirement == out.by_requirement.end()) {
      continue;
    }
    if (!answered[a.department_id].insert(requirement).second) continue;
    std::string result = a.fields.value("result", "");
    count(department->second, result);
    count(per_requirement->second, result);
  }
  for (auto& [department, counts] : out.by_department) {
    counts.unanswered = static_cast<int64_t>(requirements.size() - answered[department].size());
    for (auto& [requirement, per_requirement] : out.by_requirement) {
      if (answered[department].count(requirement) == 0) ++per_requirement.unanswered;
    }
  }
  out.campaign = std::move(campaign);
  return out;
}

}  // namespace sanso::isms
