// Register imports: rows in the layout registerTable() exports (Japanese column titles, labels
// or ids for choices, names for users and departments) become validated records.
#include <cstdio>
#include <ctime>
#include <map>

#include "sanso/isms/fields.h"
#include "sanso/isms/tables.h"

namespace sanso::isms {
namespace {

using nlohmann::json;

std::string trim(const std::string& text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    std::string item = trim(current);
    if (!item.empty()) out.push_back(item);
    current.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "、") == 0) {
      flush();
      i += 2;
    } else if (text[i] == ',' || text[i] == '\n') {
      flush();
    } else {
      current += text[i];
    }
  }
  flush();
  return out;
}

bool digitsOnly(const std::string& text) {
  return !text.empty() && text.size() <= 18 &&
         text.find_first_not_of("0123456789") == std::string::npos;
}

// "2026/4/1", "2026-04-01" or an Excel serial day number (XLSX dates) as YYYY-MM-DD.
std::string normalizeDate(const std::string& text) {
  if (digitsOnly(text) && text.size() <= 6) {
    // Excel counts days from 1899-12-30 (its 1900 leap-year bug included).
    int64_t days = std::stoll(text) - 25569;  // to 1970-01-01
    time_t seconds = static_cast<time_t>(days * 86400);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char out[16];
    std::strftime(out, sizeof out, "%Y-%m-%d", &tm);
    return out;
  }
  int y = 0, m = 0, d = 0;
  char sep1 = 0, sep2 = 0;
  if (std::sscanf(text.c_str(), "%4d%c%2d%c%2d", &y, &sep1, &m, &sep2, &d) == 5 &&
      (sep1 == '/' || sep1 == '-') && sep1 == sep2) {
    char out[32];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    return out;
  }
  return text;
}

class CellReader {
 public:
  CellReader(Isms& isms) : isms_(isms) {
    auto departments = isms.accounts().departments();
    if (departments.isOk()) {
      for (const auto& d : *departments) departments_[d.name] = d.id;
    }
    auto users = isms.accounts().users();
    if (users.isOk()) {
      for (const auto& u : *users) {
        users_[u.login] = u.id;
        if (!u.display_name.empty()) {
          auto [it, fresh] = users_.emplace(u.display_name, u.id);
          if (!fresh && it->second != u.id) it->second = 0;  // ambiguous: give the login
        }
      }
    }
  }

  Result<int64_t> department(const std::string& name) const {
    auto it = departments_.find(name);
    if (it == departments_.end())
      return Status::invalidArgument("部署「" + name + "」がありません");
    return it->second;
  }

  // The JSON value of `cell` for `field`: what the user typed or what an export wrote.
  Result<json> value(const FieldSpec& field, const std::string& raw) const {
    std::string cell = trim(raw);
    if (cell.empty()) return json();
    switch (field.type) {
      case FieldType::kText:
      case FieldType::kLongText:
        return json(cell);
      case FieldType::kDate:
        return json(normalizeDate(cell));
      case FieldType::kBool:
        if (cell == "はい" || cell == "true" || cell == "TRUE" || cell == "1" || cell == "○") {
          return json(true);
        }
        if (cell == "いいえ" || cell == "false" || cell == "FALSE" || cell == "0" || cell == "×") {
          return json(false);
        }
        return Status::invalidArgument(field.label + ": はい か いいえ で入力してください");
      case FieldType::kInteger:
      case FieldType::kRecord:
        if (!digitsOnly(cell))
          return Status::invalidArgument(field.label + ": 数字で入力してください");
        return json(std::stoll(cell));
      case FieldType::kUser: {
        auto it = users_.find(cell);
        if (it == users_.end() || it->second == 0) {
          return Status::invalidArgument(field.label + ": 利用者「" + cell +
                                         "」を特定できません（ログイン名で入力してください）");
        }
        return json(it->second);
      }
      case FieldType::kDepartment: {
        SANSO_ASSIGN_OR_RETURN(int64_t id, department(cell));
        return json(id);
      }
      case FieldType::kChoice:
        return json(choiceId(field, cell));
      case FieldType::kChoiceList:
      case FieldType::kRecordList:
      case FieldType::kDepartmentList: {
        json out = json::array();
        for (const std::string& item : splitList(cell)) {
          if (field.type == FieldType::kChoiceList) {
            out.push_back(choiceId(field, item));
          } else if (field.type == FieldType::kDepartmentList) {
            SANSO_ASSIGN_OR_RETURN(int64_t id, department(item));
            out.push_back(id);
          } else if (digitsOnly(item)) {
            out.push_back(std::stoll(item));
          } else {
            return Status::invalidArgument(field.label + ": ID（数字）で入力してください");
          }
        }
        return out;
      }
    }
    return json();
  }

 private:
  // The id of a choice given by id or by label; unknown text is passed on for validation to
  // refuse with the field's name.
  std::string choiceId(const FieldSpec& field, const std::string& text) const {
    for (const FixedChoice& c : choicesFor(field, isms_.pack())) {
      if (c.id == text || c.label == text) return c.id;
    }
    return text;
  }

  Isms& isms_;
  std::map<std::string, int64_t> departments_;
  std::map<std::string, int64_t> users_;
};

}  // namespace

Result<int64_t> importRows(Isms& isms, const Actor& actor, const std::string& kind,
                           const std::vector<std::vector<std::string>>& rows) {
  const KindSpec* spec = findKind(kind);
  if (spec == nullptr) return Status::invalidArgument("unknown register kind");
  if (rows.empty()) return Status::invalidArgument("ファイルに見出し行がありません");
  // Column -> field name, or "" for ID / 所管部署.
  std::vector<const FieldSpec*> fields;
  int id_column = -1;
  int department_column = -1;
  for (size_t i = 0; i < rows[0].size(); ++i) {
    std::string title = trim(rows[0][i]);
    if (i == 0 && title.rfind("\xEF\xBB\xBF", 0) == 0) title.erase(0, 3);
    const FieldSpec* match = nullptr;
    for (const FieldSpec& f : spec->fields) {
      if (f.label == title || f.name == title) match = &f;
    }
    if (title == "ID") id_column = static_cast<int>(i);
    if (title == "所管部署" && spec->has_department) department_column = static_cast<int>(i);
    if (match == nullptr && static_cast<int>(i) != id_column &&
        static_cast<int>(i) != department_column && !title.empty()) {
      return Status::invalidArgument("見出し「" + title + "」は" + spec->label +
                                     "の項目ではありません");
    }
    fields.push_back(match);
  }
  CellReader reader(isms);
  std::vector<Isms::Change> changes;
  for (size_t r = 1; r < rows.size(); ++r) {
    Isms::Change change;
    change.label = std::to_string(r + 1) + " 行目";
    change.fields = json::object();
    const auto& row = rows[r];
    if (row.size() > fields.size()) {
      return Status::invalidArgument(change.label + ": 見出しより列が多くあります");
    }
    for (size_t c = 0; c < row.size(); ++c) {
      if (static_cast<int>(c) == id_column) {
        std::string id = trim(row[c]);
        if (!id.empty() && !digitsOnly(id)) {
          return Status::invalidArgument(change.label + ": ID は数字です");
        }
        change.id = id.empty() ? 0 : std::stoll(id);
      } else if (static_cast<int>(c) == department_column) {
        std::string name = trim(row[c]);
        if (!name.empty()) {
          auto department = reader.department(name);
          if (!department.isOk()) {
            return Status::invalidArgument(change.label + ": " + department.status().message());
          }
          change.department_id = *department;
        }
      } else if (fields[c] != nullptr) {
        auto value = reader.value(*fields[c], row[c]);
        if (!value.isOk()) {
          return Status::invalidArgument(change.label + ": " + value.status().message());
        }
        if (!value->is_null()) change.fields[fields[c]->name] = std::move(*value);
      }
    }
    changes.push_back(std::move(change));
  }
  if (changes.empty()) return Status::invalidArgument("取り込む行がありません");
  return isms.saveMany(actor, kind, changes);
}

}  // namespace sanso::isms
