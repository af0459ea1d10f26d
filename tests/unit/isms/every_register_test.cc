// Every register kind, generically: a record with each required field filled from the kind's
// own spec and the pack's choices is accepted; who may create it and who may read it follow
// the kind's rules (managers all, readers read all, departments their own, documents by kind).
#include <gtest/gtest.h>

#include "isms_fixture.h"
#include "sanso/isms/fields.h"

namespace sanso::isms {
namespace {

using nlohmann::json;

class IsmsEveryRegister : public IsmsFixture {
 protected:
  // A valid value for `field`; record references get a record of their kind made first.
  json valueFor(const FieldSpec& field) {
    switch (field.type) {
      case FieldType::kText:
      case FieldType::kLongText:
        return "記入例";
      case FieldType::kDate:
        return "2026-06-01";
      case FieldType::kBool:
        return true;
      case FieldType::kInteger:
        return 2026;
      case FieldType::kChoice:
        return choicesFor(field, pack_).at(0).id;
      case FieldType::kChoiceList:
        return json::array({choicesFor(field, pack_).at(0).id});
      case FieldType::kUser:
        return somu_.id;
      case FieldType::kDepartment:
        return somu_.department_id;
      case FieldType::kDepartmentList:
        return json::array({somu_.department_id});
      case FieldType::kRecord:
        return recordOf(field.record_kind);
      case FieldType::kRecordList:
        return json::array({recordOf(field.record_kind)});
    }
    return nullptr;
  }

  json fieldsFor(const KindSpec& kind) {
    json fields = json::object();
    for (const FieldSpec& f : kind.fields) {
      if (f.required) fields[f.name] = valueFor(f);
    }
    return fields;
  }

  int64_t recordOf(const std::string& kind) {
    auto made =
        isms_->create(actorOf(ciso_), kind, somu_.department_id, fieldsFor(*findKind(kind)));
    EXPECT_TRUE(made.isOk()) << kind << ": " << made.status().toString();
    return made.isOk() ? made->id : 0;
  }
};

TEST_F(IsmsEveryRegister, CreateReadAndWriteFollowTheKindsRules) {
  for (const KindSpec& kind : kindSpecs()) {
    SCOPED_TRACE(kind.id);
    json fields = fieldsFor(kind);
    auto made = isms_->create(actorOf(ciso_), kind.id, somu_.department_id, fields);
    ASSERT_TRUE(made.isOk()) << made.status().toString();
    // Readers read everything; the record's department reads department records.
    EXPECT_TRUE(isms_->get(actorOf(auditor_), made->id).isOk());
    bool somu_reads = isms_->get(actorOf(somu_), made->id).isOk();
    bool kikaku_reads = isms_->get(actorOf(kikaku_), made->id).isOk();
    switch (kind.visibility) {
      case Visibility::kDepartment:
        EXPECT_TRUE(somu_reads);
        EXPECT_FALSE(kikaku_reads);
        break;
      case Visibility::kEveryone:
        EXPECT_TRUE(somu_reads);
        EXPECT_TRUE(kikaku_reads);
        break;
      case Visibility::kManagers:
        EXPECT_FALSE(somu_reads);
        EXPECT_FALSE(kikaku_reads);
        break;
      case Visibility::kDocument:
        break;  // by document kind: IsmsRegisters.ProceduresAreReadOnlyByTheRolesThePackAllows
    }
    // Staff create only where the kind lets departments write, and only for their own.
    auto by_staff = isms_->create(actorOf(somu_), kind.id, 0, fields);
    EXPECT_EQ(by_staff.isOk(), kind.department_writes) << by_staff.status().toString();
    if (kind.has_department) {
      EXPECT_FALSE(isms_->create(actorOf(kikaku_), kind.id, somu_.department_id, fields).isOk());
    }
    // Auditors write only the audit kinds.
    auto by_auditor = isms_->create(actorOf(auditor_), kind.id, somu_.department_id, fields);
    if (kind.id != "control") {
      EXPECT_EQ(by_auditor.isOk(), kind.auditor_writes) << by_auditor.status().toString();
    }
    // Every change is in the audit chain.
    EXPECT_GE(auditCount("isms." + kind.id + ".create"), 1);
  }
}

}  // namespace
}  // namespace sanso::isms
