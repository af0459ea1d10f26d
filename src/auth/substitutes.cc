// Substitute approvers (代理承認者) of departments, with an optional period of validity.
#include "sanso/auth/accounts.h"

namespace sanso::auth {
namespace {

// "valid at ?now" for the department_substitutes row aliased `s`.
constexpr const char* kValidAt =
    "(s.valid_from = 0 OR s.valid_from <= ?2) AND (s.valid_until = 0 OR ?2 <= s.valid_until)";

Result<std::vector<int64_t>> validSubstituteIds(store::Session& session, int64_t user_id,
                                                int64_t now) {
  SANSO_ASSIGN_OR_RETURN(
      store::Statement select,
      session.prepare(std::string("SELECT s.user_id FROM department_substitutes s "
                                  "JOIN users owner ON owner.department_id = s.department_id "
                                  "JOIN users sub ON sub.id = s.user_id "
                                  "WHERE owner.id = ?1 AND sub.disabled = 0 AND ") +
                      kValidAt + " ORDER BY s.user_id"));
  SANSO_RETURN_IF_ERROR(select.bindInt64(1, user_id));
  SANSO_RETURN_IF_ERROR(select.bindInt64(2, now));
  std::vector<int64_t> ids;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool row, select.step());
    if (!row) break;
    ids.push_back(select.columnInt64(0));
  }
  return ids;
}

}  // namespace

Result<Department> Accounts::departmentByName(const std::string& name) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db_.read());
  SANSO_ASSIGN_OR_RETURN(store::Statement select,
                         session.prepare("SELECT id, supervisor_id FROM departments "
                                         "WHERE name = ?1"));
  SANSO_RETURN_IF_ERROR(select.bindText(1, name));
  SANSO_ASSIGN_OR_RETURN(bool row, select.step());
  if (!row) return Status::notFound("no department named '" + name + "'");
  Department department{select.columnInt64(0), name, std::nullopt};
  if (!select.columnIsNull(1)) department.supervisor_id = select.columnInt64(1);
  return department;
}

Status Accounts::setSubstitute(const Substitute& substitute) {
  if (substitute.valid_from < 0 || substitute.valid_until < 0 ||
      (substitute.valid_until != 0 && substitute.valid_until < substitute.valid_from)) {
    return Status::invalidArgument("the period of a substitute ends before it starts");
  }
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(
      store::Statement upsert,
      tx.prepare("INSERT INTO department_substitutes (department_id, user_id, valid_from, "
                 "valid_until) SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM departments "
                 "WHERE id = ?1) AND EXISTS (SELECT 1 FROM users WHERE id = ?2) "
                 "ON CONFLICT (department_id, user_id) DO UPDATE SET "
                 "valid_from = excluded.valid_from, valid_until = excluded.valid_until"));
  SANSO_RETURN_IF_ERROR(upsert.bindInt64(1, substitute.department_id));
  SANSO_RETURN_IF_ERROR(upsert.bindInt64(2, substitute.user_id));
  SANSO_RETURN_IF_ERROR(upsert.bindInt64(3, substitute.valid_from));
  SANSO_RETURN_IF_ERROR(upsert.bindInt64(4, substitute.valid_until));
  SANSO_RETURN_IF_ERROR(upsert.run());
  if (tx.changes() != 1) return Status::notFound("no such department or user");
  return tx.commit();
}

Status Accounts::removeSubstitute(int64_t department_id, int64_t user_id) {
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, db_.begin());
  SANSO_ASSIGN_OR_RETURN(store::Statement remove,
                         tx.prepare("DELETE FROM department_substitutes "
                                    "WHERE department_id = ?1 AND user_id = ?2"));
  SANSO_RETURN_IF_ERROR(remove.bindInt64(1, department_id));
  SANSO_RETURN_IF_ERROR(remove.bindInt64(2, user_id));
  SANSO_RETURN_IF_ERROR(remove.run());
  if (tx.changes() != 1) return Status::notFound("not a substitute of that department");
  return tx.commit();
}

Result<std::vector<Substitute>> Accounts::substitutes(int64_t department_id) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db_.read());
  SANSO_ASSIGN_OR_RETURN(
      store::Statement select,
      session.prepare("SELECT user_id, valid_from, valid_until FROM department_substitutes "
                      "WHERE department_id = ?1 ORDER BY user_id"));
  SANSO_RETURN_IF_ERROR(select.bindInt64(1, department_id));
  std::vector<Substitute> out;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool row, select.step());
    if (!row) break;
    out.push_back(
        {department_id, select.columnInt64(0), select.columnInt64(1), select.columnInt64(2)});
  }
  return out;
}

Result<bool> Accounts::isSubstituteFor(int64_t approver_id, int64_t user_id, int64_t now) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db_.read());
  SANSO_ASSIGN_OR_RETURN(std::vector<int64_t> ids, validSubstituteIds(session, user_id, now));
  for (int64_t id : ids) {
    if (id == approver_id) return true;
  }
  return false;
}

Result<std::vector<User>> Accounts::substitutesOf(int64_t user_id, int64_t now) {
  std::vector<int64_t> ids;
  {
    SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db_.read());
    SANSO_ASSIGN_OR_RETURN(ids, validSubstituteIds(session, user_id, now));
  }
  std::vector<User> out;
  for (int64_t id : ids) {
    SANSO_ASSIGN_OR_RETURN(User substitute, user(id));
    out.push_back(std::move(substitute));
  }
  return out;
}

}  // namespace sanso::auth
