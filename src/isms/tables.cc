#include "sanso/isms/tables.h"

#include <algorithm>
#include <map>

#include "sanso/isms/fields.h"

namespace sanso::isms {
namespace {

using nlohmann::json;

std::string departmentName(Isms& isms, int64_t id) {
  auto d = isms.accounts().department(id);
  return d.isOk() ? d->name : std::to_string(id);
}

std::string userName(Isms& isms, int64_t id) {
  auto u = isms.accounts().user(id);
  if (!u.isOk()) return std::to_string(id);
  return u->display_name.empty() ? u->login : u->display_name;
}

// The tally columns of a rollup row: the counts per result and the answered share.
std::vector<std::string> tallyCells(const RollupCounts& c) {
  int64_t total = c.implemented + c.partial + c.not_implemented + c.not_applicable + c.unanswered;
  return {std::to_string(c.implemented),
          std::to_string(c.partial),
          std::to_string(c.not_implemented),
          std::to_string(c.not_applicable),
          std::to_string(c.unanswered),
          total == 0 ? "-" : std::to_string((total - c.unanswered) * 100 / total) + "%"};
}

}  // namespace

std::string displayValue(Isms& isms, const FieldSpec& field, const json& value) {
  switch (field.type) {
    case FieldType::kBool:
      return value.is_boolean() && value.get<bool>() ? "はい" : "いいえ";
    case FieldType::kInteger:
    case FieldType::kRecord:
      return value.is_number_integer() ? std::to_string(value.get<int64_t>()) : "";
    case FieldType::kUser:
      return value.is_number_integer() ? userName(isms, value.get<int64_t>()) : "";
    case FieldType::kDepartment:
      return value.is_number_integer() ? departmentName(isms, value.get<int64_t>()) : "";
    case FieldType::kChoice:
      return value.is_string() ? choiceLabel(field, isms.pack(), value.get<std::string>()) : "";
    case FieldType::kChoiceList:
    case FieldType::kRecordList:
    case FieldType::kDepartmentList: {
      std::string out;
      if (!value.is_array()) return out;
      for (const json& item : value) {
        if (!out.empty()) out += "、";
        if (field.type == FieldType::kChoiceList && item.is_string()) {
          out += choiceLabel(field, isms.pack(), item.get<std::string>());
        } else if (field.type == FieldType::kDepartmentList && item.is_number_integer()) {
          out += departmentName(isms, item.get<int64_t>());
        } else if (item.is_number_integer()) {
          out += std::to_string(item.get<int64_t>());
        }
      }
      return out;
    }
    case FieldType::kText:
    case FieldType::kLongText:
    case FieldType::kDate:
      return value.is_string() ? value.get<std::string>() : "";
  }
  return "";
}

Result<ReportTable> registerTable(Isms& isms, const Actor& actor, const std::string& kind) {
  const KindSpec* spec = findKind(kind);
  if (spec == nullptr) return Status::invalidArgument("unknown register kind");
  SANSO_ASSIGN_OR_RETURN(std::vector<Record> records, isms.list(actor, kind, {}, 100000));
  std::reverse(records.begin(), records.end());
  ReportTable table;
  table.title = spec->label;
  table.columns.push_back({"ID", 6});
  if (spec->has_department) table.columns.push_back({"所管部署", 14});
  for (const FieldSpec& f : spec->fields) {
    double width = f.type == FieldType::kLongText ? 36 : f.type == FieldType::kDate ? 11 : 16;
    table.columns.push_back({f.label, width});
  }
  for (const Record& r : records) {
    std::vector<std::string> row = {std::to_string(r.id)};
    if (spec->has_department) row.push_back(departmentName(isms, r.department_id));
    for (const FieldSpec& f : spec->fields) {
      auto it = r.fields.find(f.name);
      row.push_back(it == r.fields.end() ? "" : displayValue(isms, f, *it));
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

Result<ReportTable> applicabilityTable(Isms& isms, const Actor& actor, const LiveCheck& check) {
  SANSO_ASSIGN_OR_RETURN(std::vector<ControlStatus> controls,
                         isms.statementOfApplicability(actor, check));
  const KindSpec& kind = *findKind("control");
  ReportTable table;
  table.title = "適用宣言書";
  table.columns = {{"管理策", 10},   {"名称", 24},          {"分類", 12},     {"条項", 8},
                   {"適用", 6},      {"理由", 36},          {"実施状況", 10}, {"責任者", 12},
                   {"自動確認", 10}, {"自動確認の内容", 30}};
  static const std::map<std::string, std::string> kCategory = {{"organizational", "組織的"},
                                                               {"physical", "物理的"},
                                                               {"human", "人的"},
                                                               {"technical", "技術的"},
                                                               {"operational", "運用"}};
  static const std::map<std::string, std::string> kCheck = {
      {"pass", "適合"}, {"fail", "不適合"}, {"unknown", "確認不能"}};
  for (const ControlStatus& c : controls) {
    auto category = kCategory.find(c.control->category);
    std::vector<std::string> row = {
        c.control->id, c.control->name,
        category == kCategory.end() ? c.control->category : category->second, c.control->clause};
    if (c.record) {
      for (const char* name : {"applicable", "justification", "status", "owner"}) {
        auto it = c.record->fields.find(name);
        row.push_back(it == c.record->fields.end() ? ""
                                                   : displayValue(isms, *kind.field(name), *it));
      }
    } else {
      row.insert(row.end(), {"未評価", "", "", ""});
    }
    auto state = kCheck.find(c.check_state);
    row.push_back(state == kCheck.end() ? "" : state->second);
    row.push_back(c.check_detail);
    table.rows.push_back(std::move(row));
  }
  return table;
}

Result<std::vector<ReportTable>> rollupTables(Isms& isms, const Actor& actor, int64_t campaign) {
  SANSO_ASSIGN_OR_RETURN(Rollup rollup, isms.rollup(actor, campaign));
  std::vector<ReportColumn> tally = {{"実施", 8},     {"一部実施", 8}, {"未実施", 8},
                                     {"該当なし", 8}, {"未回答", 8},   {"回答率", 8}};
  ReportTable departments;
  departments.title = "部署別の結果";
  departments.columns = {{"部署", 20}};
  departments.columns.insert(departments.columns.end(), tally.begin(), tally.end());
  for (const auto& [id, c] : rollup.by_department) {
    std::vector<std::string> row = {departmentName(isms, id)};
    for (std::string& cell : tallyCells(c)) row.push_back(std::move(cell));
    departments.rows.push_back(std::move(row));
  }
  ReportTable requirements;
  requirements.title = "点検項目別の結果";
  requirements.columns = {{"項目", 10}, {"点検内容", 40}};
  requirements.columns.insert(requirements.columns.end(), tally.begin(), tally.end());
  for (const policy::Requirement& r : isms.pack().requirements) {
    auto it = rollup.by_requirement.find(r.id);
    if (it == rollup.by_requirement.end()) continue;
    std::vector<std::string> row = {r.id, r.text.empty() ? r.title : r.text};
    for (std::string& cell : tallyCells(it->second)) row.push_back(std::move(cell));
    requirements.rows.push_back(std::move(row));
  }
  return std::vector<ReportTable>{std::move(departments), std::move(requirements)};
}

}  // namespace sanso::isms
