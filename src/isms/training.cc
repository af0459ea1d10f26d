// Training completions and the yearly acknowledgement of the staff obligations (policy
// sections 5 and 6(5)): each member of staff records their own.
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

}  // namespace sanso::isms
