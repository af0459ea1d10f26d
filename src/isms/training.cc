// Training completions and the yearly acknowledgement of the staff obligations (policy
// sections 5 and 6(5)): each member of staff records their own.
#include <algorithm>
#include <map>

#include "sanso/auth/jst_day.h"
#include "sanso/isms/isms.h"

namespace sanso::isms {
namespace {

using nlohmann::json;

}  // namespace

Result<Record> Isms::completeCourse(const Actor& actor, int64_t course_id) {
  SANSO_ASSIGN_OR_RETURN(Record course, get(actor, course_id));
  if (course.kind != "course") return Status::notFound("研修が見つかりません");
  ListFilter filter;
  filter.parent_id = course_id;
  filter.department_id = actor.department_id;
  SANSO_ASSIGN_OR_RETURN(std::vector<Record> done, loadAll("training_record", filter, 100000));
  for (Record& r : done) {
    if (r.fields.value("user", int64_t{0}) == actor.user_id) return r;
  }
  Record record;
  record.kind = "training_record";
  record.department_id = actor.department_id;
  json fields = {{"course", course_id},
                 {"user", actor.user_id},
                 {"completed_on", auth::formatJstDay(deps_.now())}};
  return store(actor, std::move(record), fields, "isms.training_record.create", json::object());
}

Result<Record> Isms::acknowledgeObligations(const Actor& actor) {
  int year = fiscalYear(deps_.now());
  ListFilter filter;
  filter.department_id = actor.department_id;
  SANSO_ASSIGN_OR_RETURN(std::vector<Record> done, loadAll("acknowledgement", filter, 100000));
  for (Record& r : done) {
    if (r.fields.value("user", int64_t{0}) == actor.user_id &&
        r.fields.value("fiscal_year", 0) == year) {
      return r;
    }
  }
  Record record;
  record.kind = "acknowledgement";
  record.department_id = actor.department_id;
  json fields = {{"fiscal_year", year},
                 {"user", actor.user_id},
                 {"acknowledged_on", auth::formatJstDay(deps_.now())}};
  return store(actor, std::move(record), fields, "isms.acknowledgement.create", json::object());
}

Result<std::vector<Completion>> Isms::completions(const Actor& actor,
                                                  const std::vector<Record>& records,
                                                  const std::vector<std::string>& roles) {
  SANSO_ASSIGN_OR_RETURN(std::vector<auth::User> users, deps_.accounts.users());
  std::map<int64_t, std::string> done;
  for (const Record& r : records) {
    std::string day = r.fields.value("completed_on", r.fields.value("acknowledged_on", ""));
    done[r.fields.value("user", int64_t{0})] = day;
  }
  std::vector<Completion> out;
  for (const auth::User& u : users) {
    if (u.disabled) continue;
    if (!isReader(actor) && u.department_id != actor.department_id) continue;
    if (!roles.empty() && std::find(roles.begin(), roles.end(), u.role) == roles.end()) continue;
    auto it = done.find(u.id);
    out.push_back({u.id, u.display_name.empty() ? u.login : u.display_name, u.department_id,
                   it == done.end() ? "" : it->second});
  }
  return out;
}

Result<std::vector<Completion>> Isms::trainingStatus(const Actor& actor, int64_t course_id) {
  SANSO_ASSIGN_OR_RETURN(Record course, get(actor, course_id));
  if (course.kind != "course") return Status::notFound("研修が見つかりません");
  ListFilter filter;
  filter.parent_id = course_id;
  SANSO_ASSIGN_OR_RETURN(std::vector<Record> records,
                         list(actor, "training_record", filter, 100000));
  std::vector<std::string> roles;
  for (const json& role : course.fields.value("roles", json::array())) {
    roles.push_back(role.get<std::string>());
  }
  return completions(actor, records, roles);
}

Result<std::vector<Completion>> Isms::acknowledgementStatus(const Actor& actor) {
  int year = fiscalYear(deps_.now());
  SANSO_ASSIGN_OR_RETURN(std::vector<Record> all, list(actor, "acknowledgement", {}, 100000));
  std::vector<Record> this_year;
  for (Record& r : all) {
    if (r.fields.value("fiscal_year", 0) == year) this_year.push_back(std::move(r));
  }
  return completions(actor, this_year, {});
}

}  // namespace sanso::isms
