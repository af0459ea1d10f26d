// isms::Isms: the management system around the policy (issue 7), on the gateway's database and
// audit chain. Registers of typed records (registers.h) with role-based reads and writes,
// every change in the audit chain (committed with the change through an outbox), and the
// workflows on top: self-inspection and audit campaigns, incidents, training and the yearly
// acknowledgement of the staff obligations, the statement of applicability, due items.
//
// Who may do what: the pack's isms_access.managers read and change everything; its readers
// (auditors) read everything and run campaigns and findings; everyone else reads what the
// kind's Visibility gives them (their own department's records, organisation-wide lists,
// public documents) and changes their own department's records where the kind allows.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sanso/audit/audit_log.h"
#include "sanso/audit/outbox.h"
#include "sanso/auth/accounts.h"
#include "sanso/common/status.h"
#include "sanso/isms/registers.h"
#include "sanso/policy/pack.h"
#include "sanso/store/blob_store.h"
#include "sanso/store/database.h"
#include "sanso/store/unique_fd.h"

namespace sanso::isms {

// The caller, as the front door authenticated it.
struct Actor {
  int64_t user_id = 0;
  std::string role;
  int64_t department_id = 0;
  std::string zone;
};

struct Record {
  int64_t id = 0;
  std::string kind;
  int64_t department_id = 0;  // 0: organisation-wide
  int64_t parent_id = 0;      // the record its first record field names (campaign, incident...)
  int64_t version = 0;        // starts at 1, +1 per change
  nlohmann::json fields = nlohmann::json::object();
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_by = 0;
  int64_t updated_at = 0;
};

struct ListFilter {
  int64_t parent_id = 0;      // 0: any
  int64_t department_id = 0;  // 0: any (still limited to what the caller may read)
};

// One department's progress in a campaign, and one requirement's results over departments.
struct RollupCounts {
  int64_t implemented = 0;
  int64_t partial = 0;
  int64_t not_implemented = 0;
  int64_t not_applicable = 0;
  int64_t unanswered = 0;
};
struct Rollup {
  Record campaign;
  std::map<int64_t, RollupCounts> by_department;       // department id ->
  std::map<std::string, RollupCounts> by_requirement;  // requirement id ->
};

// A reference control with its applicability record (if any) and its live check.
struct ControlStatus {
  const policy::ReferenceControl* control = nullptr;
  std::optional<Record> record;  // absent: not assessed yet
  std::string check_state;       // "pass", "fail", "unknown"; empty when the control has no check
  std::string check_detail;      // Japanese, what the check saw
};

// The result of one live check (see policy::ReferenceControl::check).
struct CheckResult {
  std::string state;   // "pass", "fail", "unknown"
  std::string detail;  // Japanese
};
using LiveCheck = std::function<CheckResult(const std::string& check)>;

// Something that is due or overdue.
struct DueItem {
  std::string kind;  // the record kind, or "review_cycle"
  int64_t record_id = 0;
  int64_t department_id = 0;
  std::string title;
  std::string due;  // YYYY-MM-DD
  bool overdue = false;
  std::string what;  // Japanese: 回答期限, 是正期限, 受講期限...
};

// An evidence file of a record.
struct Evidence {
  int64_t id = 0;
  int64_t record_id = 0;
  std::string name;  // for display and download only
  int64_t size = 0;
  std::string sha256;
  int64_t created_by = 0;
  int64_t created_at = 0;
};

// Whether one user has done a course or the yearly acknowledgement.
struct Completion {
  int64_t user_id = 0;
  std::string user_name;
  int64_t department_id = 0;
  std::string done_on;  // YYYY-MM-DD; empty: not yet
};

// What one user is reminded of on one day.
struct ReminderDigest {
  int64_t user_id = 0;
  std::string day;  // YYYY-MM-DD (JST)
  std::vector<DueItem> items;
  std::string subject;  // Japanese mail subject and body
  std::string body;
};

struct IsmsDeps {
  store::Database& db;  // the gateway's database (sanso.db)
  audit::AuditLog& audit;
  auth::Accounts& accounts;
  const policy::PolicyPack& pack;
  std::function<int64_t()> now;       // Unix seconds
  store::BlobStore* blobs = nullptr;  // evidence files; null: none can be added
};

inline constexpr uint64_t kMaxEvidenceBytes = 64ull << 20;

class Isms {
 public:
  // Applies the module's migrations and relays what an earlier run left in its outbox.
  static Result<std::unique_ptr<Isms>> open(IsmsDeps deps);

  bool isManager(const Actor& actor) const;
  bool isReader(const Actor& actor) const;  // reads everything (managers too)

  // The records of `kind` the actor may read, newest first, at most `limit`.
  Result<std::vector<Record>> list(const Actor& actor, const std::string& kind,
                                   const ListFilter& filter, size_t limit = 5000);
  // One record the actor may read (notFound otherwise, also for records of other departments).
  Result<Record> get(const Actor& actor, int64_t id);
  // Creates a record; `department_id` 0 means the actor's own for kinds with a department.
  Result<Record> create(const Actor& actor, const std::string& kind, int64_t department_id,
                        const nlohmann::json& fields);
  // Replaces the fields of record `id`, which must still be at `version` (else "conflict").
  Result<Record> update(const Actor& actor, int64_t id, int64_t version,
                        const nlohmann::json& fields);
  // Several creations (id 0) and updates of one kind in one transaction: all or none. An
  // update overwrites the record's current version. `label` names the change in errors
  // ("12 行目"). Returns how many records were written.
  struct Change {
    int64_t id = 0;
    int64_t department_id = 0;
    nlohmann::json fields;
    std::string label;
  };
  Result<int64_t> saveMany(const Actor& actor, const std::string& kind,
                           const std::vector<Change>& changes);
  // Removes record `id` (kept for the audit trail, no longer listed) with a reason.
  Status remove(const Actor& actor, int64_t id, int64_t version, const std::string& reason);

  // Anyone reports an incident; it belongs to the reporter's department.
  Result<Record> reportIncident(const Actor& actor, const nlohmann::json& fields);
  // A manager records a step of incident `id`: triage (sets `level`), notify, action, note,
  // close (needs root_cause and prevention) or reopen; `changes` are incident fields to set.
  // The reporter may add notes.
  Result<Record> addIncidentEvent(const Actor& actor, int64_t id, const std::string& event,
                                  const std::string& text, const nlohmann::json& changes);

  // The answer of `department_id` (0: the actor's) to one requirement of an open campaign.
  Result<Record> answer(const Actor& actor, int64_t campaign_id, int64_t department_id,
                        const std::string& requirement, const std::string& result,
                        const std::string& comment, const std::string& evidence);
  // The campaign's results per department and per requirement.
  Result<Rollup> rollup(const Actor& actor, int64_t campaign_id);

  // The actor records that they completed course `course_id` today.
  Result<Record> completeCourse(const Actor& actor, int64_t course_id);
  // The actor acknowledges the staff obligations (policy section 5) for the current fiscal year.
  Result<Record> acknowledgeObligations(const Actor& actor);

  // Adds the file at `path` as evidence of record `record_id`: who may change the record (or,
  // for answers and incidents, its department) may add evidence. The content is hashed and
  // kept in the blob store; `name` is made safe for display.
  Result<Evidence> addEvidence(const Actor& actor, int64_t record_id, const std::string& path,
                               const std::string& name);
  // The evidence of a record the actor may read.
  Result<std::vector<Evidence>> evidenceOf(const Actor& actor, int64_t record_id);
  // One evidence file the actor may read, opened for reading.
  Result<std::pair<Evidence, store::UniqueFd>> openEvidence(const Actor& actor, int64_t id);

  // Who among the course's audience (its roles, or everyone) has completed it; readers see
  // every user, others their own department.
  Result<std::vector<Completion>> trainingStatus(const Actor& actor, int64_t course_id);
  // Who has acknowledged the staff obligations this fiscal year, as above.
  Result<std::vector<Completion>> acknowledgementStatus(const Actor& actor);

  // Every reference control of the pack with its applicability and live check.
  Result<std::vector<ControlStatus>> statementOfApplicability(const Actor& actor,
                                                              const LiveCheck& check);
  // What is due within `horizon_days` or overdue, among what the actor may read.
  Result<std::vector<DueItem>> dueItems(const Actor& actor, int horizon_days);

  // For every active user not yet reminded today (JST): what is overdue or due within
  // `horizon_days` among what concerns them (dueItems() as that user); users with nothing due
  // are left out.
  Result<std::vector<ReminderDigest>> pendingReminders(int horizon_days);
  // Records that the digest was sent, so that the user is not reminded again today.
  Status markReminded(const ReminderDigest& digest);

  // The fiscal year (April to March) of `unix_seconds` in JST.
  static int fiscalYear(int64_t unix_seconds);

  const policy::PolicyPack& pack() const { return deps_.pack; }
  auth::Accounts& accounts() { return deps_.accounts; }
  int64_t now() const { return deps_.now(); }

 private:
  explicit Isms(IsmsDeps deps);
  bool canRead(const Actor& actor, const KindSpec& kind, const Record& record) const;
  bool canWrite(const Actor& actor, const KindSpec& kind, int64_t department_id) const;
  Result<std::vector<Record>> loadAll(const std::string& kind, const ListFilter& filter,
                                      size_t limit);
  Result<std::optional<Record>> load(int64_t id);
  struct PendingWrite {
    Record record;
    std::string action;
    nlohmann::json details;
  };
  // Validates `fields` for `record` (insert when record.id == 0, else update of its version).
  Result<PendingWrite> prepareWrite(Record record, const nlohmann::json& fields,
                                    const std::string& action, nlohmann::json details);
  // Writes `writes` and their audit events in one transaction; fills in ids and versions.
  Status writeAll(const Actor& actor, std::vector<PendingWrite>& writes);
  // prepareWrite() and writeAll() of one record.
  Result<Record> store(const Actor& actor, Record record, const nlohmann::json& fields,
                       const std::string& action, nlohmann::json details);
  Result<std::vector<Record>> campaignAnswers(int64_t campaign_id);
  // The active users in the actor's view (all for readers, else the own department) with one of
  // `roles` (any when empty), and the day each finished according to `records` (training
  // records or acknowledgements: their "user" field and first date field).
  Result<std::vector<Completion>> completions(const Actor& actor,
                                              const std::vector<Record>& records,
                                              const std::vector<std::string>& roles);

  IsmsDeps deps_;
  std::unique_ptr<audit::Outbox> outbox_;
};

// The Japanese label of `kind` (its id when unknown).
std::string kindLabel(const std::string& kind);

}  // namespace sanso::isms
