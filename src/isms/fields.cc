#include "sanso/isms/fields.h"

#include <algorithm>
#include <set>

#include "sanso/auth/jst_day.h"
#include "sanso/common/utf8.h"

namespace sanso::isms {
namespace {

using nlohmann::json;

constexpr int64_t kMaxInteger = 1000000000;

template <typename T>
std::vector<FixedChoice> idsAndNames(const std::vector<T>& items) {
  std::vector<FixedChoice> out;
  for (const T& item : items) out.push_back({item.id, item.name});
  return out;
}

std::vector<FixedChoice> levelsOf(const policy::PolicyPack& pack, const char* dimension) {
  const policy::Dimension* d = pack.findDimension(dimension);
  if (d == nullptr) return {};
  std::vector<FixedChoice> out;
  for (const policy::Level& level : d->levels) {
    out.push_back({level.id, level.name.empty() ? level.id : level.name});
  }
  return out;
}

Status fieldError(const FieldSpec& field, const std::string& what) {
  return Status::invalidArgument(field.label + ": " + what);
}

// Text: UTF-8, no control characters other than line breaks and tabs in long text, at most
// max_length code points; surrounding spaces trimmed.
Result<std::string> checkText(const FieldSpec& field, const json& value) {
  if (!value.is_string()) return fieldError(field, "文字列で指定してください");
  std::string text = value.get<std::string>();
  if (!isValidUtf8(text)) return fieldError(field, "UTF-8 ではない文字が含まれています");
  bool multiline = field.type == FieldType::kLongText;
  for (unsigned char c : text) {
    bool allowed = c >= 0x20 && c != 0x7f;
    if (!allowed && multiline && (c == '\n' || c == '\t' || c == '\r')) allowed = true;
    if (!allowed) return fieldError(field, "制御文字は使えません");
  }
  size_t first = text.find_first_not_of(" \t\r\n");
  size_t last = text.find_last_not_of(" \t\r\n");
  text = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
  if (codePointCount(text) > field.max_length) {
    return fieldError(field, std::to_string(field.max_length) + " 文字以内で入力してください");
  }
  return text;
}

Result<int64_t> checkId(const FieldSpec& field, const json& value) {
  if (!value.is_number_integer() || value.get<int64_t>() <= 0) {
    return fieldError(field, "正の整数の ID で指定してください");
  }
  return value.get<int64_t>();
}

Result<std::string> checkChoice(const FieldSpec& field, const std::vector<FixedChoice>& choices,
                                const json& value) {
  if (!value.is_string()) return fieldError(field, "文字列の ID で指定してください");
  std::string id = value.get<std::string>();
  bool known =
      std::any_of(choices.begin(), choices.end(), [&](const FixedChoice& c) { return c.id == id; });
  if (!known) {
    std::string shown = isValidUtf8(id) && id.size() <= 64 ? id : "?";
    return fieldError(field, "「" + shown + "」は選べる値ではありません");
  }
  return id;
}

Result<int64_t> checkReference(const FieldSpec& field, const json& value, const References& refs) {
  SANSO_ASSIGN_OR_RETURN(int64_t id, checkId(field, value));
  bool exists = false;
  if (field.type == FieldType::kUser) exists = refs.user && refs.user(id);
  if (field.type == FieldType::kDepartment || field.type == FieldType::kDepartmentList) {
    exists = refs.department && refs.department(id);
  }
  if (field.type == FieldType::kRecord || field.type == FieldType::kRecordList) {
    exists = refs.record && refs.record(field.record_kind, id);
  }
  if (!exists) return fieldError(field, "ID " + std::to_string(id) + " は存在しません");
  return id;
}

bool isEmpty(const json& value) {
  return value.is_null() || (value.is_string() && value.get<std::string>().empty()) ||
         (value.is_array() && value.empty());
}

Result<json> checkValue(const FieldSpec& field, const policy::PolicyPack& pack, const json& value,
                        const References& refs) {
  switch (field.type) {
    case FieldType::kText:
    case FieldType::kLongText: {
      SANSO_ASSIGN_OR_RETURN(std::string text, checkText(field, value));
      return json(text);
    }
    case FieldType::kDate: {
      if (!value.is_string() || !auth::parseJstDay(value.get<std::string>(), false).isOk()) {
        return fieldError(field, "日付は YYYY-MM-DD で指定してください");
      }
      return value;
    }
    case FieldType::kBool:
      if (!value.is_boolean()) return fieldError(field, "true か false で指定してください");
      return value;
    case FieldType::kInteger:
      if (!value.is_number_integer() || value.get<int64_t>() < 0 ||
          value.get<int64_t>() > kMaxInteger) {
        return fieldError(field, "0 以上の整数で指定してください");
      }
      return value;
    case FieldType::kChoice: {
      SANSO_ASSIGN_OR_RETURN(std::string id, checkChoice(field, choicesFor(field, pack), value));
      return json(id);
    }
    case FieldType::kUser:
    case FieldType::kDepartment:
    case FieldType::kRecord: {
      SANSO_ASSIGN_OR_RETURN(int64_t id, checkReference(field, value, refs));
      return json(id);
    }
    case FieldType::kChoiceList:
    case FieldType::kRecordList:
    case FieldType::kDepartmentList: {
      if (!value.is_array()) return fieldError(field, "配列で指定してください");
      if (value.size() > field.max_length) {
        return fieldError(field, std::to_string(field.max_length) + " 件以内で指定してください");
      }
      std::vector<FixedChoice> choices;
      if (field.type == FieldType::kChoiceList) choices = choicesFor(field, pack);
      json out = json::array();
      std::set<std::string> seen;
      for (const json& item : value) {
        json stored;
        if (field.type == FieldType::kChoiceList) {
          SANSO_ASSIGN_OR_RETURN(std::string id, checkChoice(field, choices, item));
          stored = id;
        } else {
          SANSO_ASSIGN_OR_RETURN(int64_t id, checkReference(field, item, refs));
          stored = id;
        }
        if (seen.insert(stored.dump()).second) out.push_back(stored);
      }
      return out;
    }
  }
  return fieldError(field, "unknown field type");
}

}  // namespace

std::vector<FixedChoice> choicesFor(const FieldSpec& field, const policy::PolicyPack& pack) {
  switch (field.choices) {
    case Choices::kNone:
      return {};
    case Choices::kFixed:
      return field.fixed;
    case Choices::kAssetKinds:
      return idsAndNames(pack.asset_kinds);
    case Choices::kZones:
      return idsAndNames(pack.zones);
    case Choices::kConfidentiality:
      return levelsOf(pack, "confidentiality");
    case Choices::kIntegrity:
      return levelsOf(pack, "integrity");
    case Choices::kAvailability:
      return levelsOf(pack, "availability");
    case Choices::kThreats:
      return idsAndNames(pack.threats);
    case Choices::kControls:
      return idsAndNames(pack.controls);
    case Choices::kRequirements: {
      std::vector<FixedChoice> out;
      for (const policy::Requirement& r : pack.requirements) {
        if (r.checkable) out.push_back({r.id, r.title});
      }
      return out;
    }
    case Choices::kLikelihood:
      return idsAndNames(pack.risk.likelihood);
    case Choices::kImpact:
      return idsAndNames(pack.risk.impact);
    case Choices::kIncidentLevels:
      return idsAndNames(pack.incident_levels);
    case Choices::kDocumentKinds:
      return idsAndNames(pack.document_kinds);
    case Choices::kRoles:
      return idsAndNames(pack.roles);
  }
  return {};
}

std::string choiceLabel(const FieldSpec& field, const policy::PolicyPack& pack,
                        const std::string& id) {
  for (const FixedChoice& c : choicesFor(field, pack)) {
    if (c.id == id) return c.label;
  }
  return id;
}

Result<json> validateFields(const KindSpec& kind, const policy::PolicyPack& pack, const json& input,
                            const References& refs) {
  if (!input.is_object()) return Status::invalidArgument("fields must be a JSON object");
  json out = json::object();
  for (const auto& [name, value] : input.items()) {
    const FieldSpec* field = kind.field(name);
    if (field == nullptr) {
      std::string shown = isValidUtf8(name) && name.size() <= 64 ? name : "?";
      return Status::invalidArgument(kind.label + " に項目「" + shown + "」はありません");
    }
    if (isEmpty(value)) continue;
    SANSO_ASSIGN_OR_RETURN(json stored, checkValue(*field, pack, value, refs));
    if (!isEmpty(stored)) out[name] = std::move(stored);
  }
  for (const FieldSpec& field : kind.fields) {
    if (field.required && !out.contains(field.name)) return fieldError(field, "入力してください");
  }
  return out;
}

}  // namespace sanso::isms
