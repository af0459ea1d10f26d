// The statement of applicability: every reference control of the pack, its applicability
// record and, for controls sanso checks itself, the live result.
#include "sanso/isms/isms.h"

namespace sanso::isms {

Result<std::vector<ControlStatus>> Isms::statementOfApplicability(const Actor& actor,
                                                                  const LiveCheck& check) {
  if (!isReader(actor)) {
    return Status::denied("forbidden",
                          "適用宣言書は情報セキュリティ管理部門と監査のみ閲覧できます");
  }
  SANSO_ASSIGN_OR_RETURN(std::vector<Record> records, loadAll("control", {}, 100000));
  std::vector<ControlStatus> out;
  for (const policy::ReferenceControl& control : deps_.pack.controls) {
    ControlStatus status;
    status.control = &control;
    for (const Record& r : records) {
      if (r.fields.value("control", "") == control.id) {
        status.record = r;
        break;
      }
    }
    if (!control.check.empty()) {
      CheckResult result = check ? check(control.check) : CheckResult{"unknown", "確認できません"};
      status.check_state = result.state;
      status.check_detail = result.detail;
    }
    out.push_back(std::move(status));
  }
  return out;
}

}  // namespace sanso::isms
