// Registers: validation against the kind and the pack, who reads and writes what, versions,
// removal and the audit trail.
#include <gtest/gtest.h>

#include "isms_fixture.h"

namespace sanso::isms {
namespace {

using nlohmann::json;

json asset(const std::string& name, const std::string& level = "2") {
  return {{"name", name},
          {"asset_kind", "information"},
          {"confidentiality", level},
          {"integrity", "2"},
          {"availability", "1"},
          {"zone", "lgwan"},
          {"location", "本庁舎 2 階"}};
}

class IsmsRegisters : public IsmsFixture {};

TEST_F(IsmsRegisters, ADepartmentKeepsItsOwnAssets) {
  auto created = isms_->create(actorOf(somu_), "asset", 0, asset("住民票写し交付申請書"));
  ASSERT_TRUE(created.isOk()) << created.status().toString();
  EXPECT_EQ(created->department_id, somu_.department_id);
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->fields["location"], "本庁舎 2 階");

  // Another department neither lists nor reads it, nor writes into 総務課's register.
  auto other = isms_->list(actorOf(kikaku_), "asset", {});
  ASSERT_TRUE(other.isOk());
  EXPECT_TRUE(other->empty());
  EXPECT_EQ(isms_->get(actorOf(kikaku_), created->id).status().code(), StatusCode::kNotFound);
  auto foreign = isms_->create(actorOf(kikaku_), "asset", somu_.department_id, asset("x"));
  EXPECT_EQ(foreign.status().code(), StatusCode::kDenied);
  auto filtered = isms_->list(actorOf(kikaku_), "asset", {0, somu_.department_id});
  ASSERT_TRUE(filtered.isOk());
  EXPECT_TRUE(filtered->empty());

  // The manager and the auditor read everything; the auditor does not write assets.
  EXPECT_EQ(isms_->list(actorOf(ciso_), "asset", {})->size(), 1u);
  EXPECT_EQ(isms_->list(actorOf(auditor_), "asset", {})->size(), 1u);
  EXPECT_EQ(isms_->update(actorOf(auditor_), created->id, 1, asset("y")).status().code(),
            StatusCode::kDenied);
  EXPECT_EQ(auditCount("isms.asset.create"), 1);
}

TEST_F(IsmsRegisters, FieldsAreCheckedAgainstTheKindAndThePack) {
  Actor somu = actorOf(somu_);
  auto expectRefused = [&](json fields, const std::string& needle) {
    auto r = isms_->create(somu, "asset", 0, fields);
    ASSERT_FALSE(r.isOk()) << fields.dump();
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().message();
  };
  expectRefused(asset("a", "3A"), "機密性");  // not a level of this pack
  json unknown = asset("a");
  unknown["owner_secret"] = "x";
  expectRefused(unknown, "owner_secret");
  json missing = asset("a");
  missing.erase("integrity");
  expectRefused(missing, "完全性");
  expectRefused(asset("a\x01"
                      "b"),
                "制御文字");
  expectRefused(asset(std::string(201, 'x')), "200");
  expectRefused(asset("   "), "資産名");  // only spaces: empty
  json bad_date = asset("a");
  bad_date["next_review"] = "2026-02-30";
  expectRefused(bad_date, "日付");
  json bad_type = asset("a");
  bad_type["confidentiality"] = 2;
  expectRefused(bad_type, "機密性");
  expectRefused(json::array(), "object");
  EXPECT_FALSE(isms_->create(somu, "no-such-kind", 0, asset("a")).isOk());

  // A risk names an asset that exists, a threat and levels of the pack's matrix.
  auto a = isms_->create(somu, "asset", 0, asset("庁内 LAN"));
  ASSERT_TRUE(a.isOk());
  json risk = {{"asset", a->id},
               {"threat", "insider"},
               {"scenario", "職員による持ち出し"},
               {"likelihood", "2"},
               {"impact", "3"},
               {"treatment", "reduce"},
               {"status", "treating"},
               {"controls", {"ORG-01", "ORG-01"}}};
  auto r = isms_->create(somu, "risk", 0, risk);
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  EXPECT_EQ(r->fields["controls"], json::array({"ORG-01"}));  // duplicates dropped
  EXPECT_EQ(r->parent_id, a->id);
  risk["asset"] = 999;
  EXPECT_FALSE(isms_->create(somu, "risk", 0, risk).isOk());
  risk["asset"] = a->id;
  risk["likelihood"] = "9";
  EXPECT_FALSE(isms_->create(somu, "risk", 0, risk).isOk());
}

TEST_F(IsmsRegisters, UpdatesAreVersionedAndRemovalsNeedAReason) {
  Actor somu = actorOf(somu_);
  auto created = isms_->create(somu, "asset", 0, asset("文書管理システム"));
  ASSERT_TRUE(created.isOk());
  auto updated = isms_->update(somu, created->id, 1, asset("文書管理システム", "3"));
  ASSERT_TRUE(updated.isOk()) << updated.status().toString();
  EXPECT_EQ(updated->version, 2);
  // A stale version (another user saved in between) is refused, nothing is overwritten.
  auto stale = isms_->update(actorOf(somu2_), created->id, 1, asset("上書き"));
  EXPECT_EQ(stale.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(isms_->get(somu, created->id)->fields["name"], "文書管理システム");

  EXPECT_FALSE(isms_->remove(somu, created->id, 2, "").isOk());
  ASSERT_TRUE(isms_->remove(somu, created->id, 2, "システム廃止").isOk());
  EXPECT_TRUE(isms_->list(actorOf(ciso_), "asset", {})->empty());
  EXPECT_EQ(auditCount("isms.asset.update"), 1);
  EXPECT_EQ(auditCount("isms.asset.delete"), 1);
  auto verify = audit_->verify();
  ASSERT_TRUE(verify.isOk());
  EXPECT_TRUE(verify->intact());
}

TEST_F(IsmsRegisters, ProceduresAreReadOnlyByTheRolesThePackAllows) {
  Actor ciso = actorOf(ciso_);
  json procedures = {{"doc_kind", "procedures"}, {"title", "情報セキュリティ実施手順"},
                     {"version", "4.0"},         {"reason", "全部改訂"},
                     {"status", "approved"},     {"approved_on", "2026-04-01"}};
  json policy = procedures;
  policy["doc_kind"] = "basic-policy";
  policy["title"] = "情報セキュリティ基本方針";
  ASSERT_TRUE(isms_->create(ciso, "document", 0, procedures).isOk());
  ASSERT_TRUE(isms_->create(ciso, "document", 0, policy).isOk());
  auto staff = isms_->list(actorOf(somu_), "document", {});
  ASSERT_TRUE(staff.isOk());
  ASSERT_EQ(staff->size(), 1u);
  EXPECT_EQ((*staff)[0].fields["doc_kind"], "basic-policy");
  EXPECT_EQ(isms_->list(actorOf(somu2_), "document", {})->size(), 2u);    // security-manager
  EXPECT_EQ(isms_->list(actorOf(auditor_), "document", {})->size(), 2u);  // reader
  // Staff do not write documents.
  EXPECT_EQ(isms_->create(actorOf(somu_), "document", 0, policy).status().code(),
            StatusCode::kDenied);
}

TEST_F(IsmsRegisters, TheStatementOfApplicabilityShowsLiveChecks) {
  Actor ciso = actorOf(ciso_);
  json control = {{"control", "TEC-01"},
                  {"applicable", true},
                  {"justification", "LGWAN とインターネットの分離"},
                  {"status", "implemented"}};
  ASSERT_TRUE(isms_->create(ciso, "control", 0, control).isOk());
  EXPECT_FALSE(isms_->create(ciso, "control", 0, control).isOk());  // one record per control
  auto soa = isms_->statementOfApplicability(ciso, [](const std::string& check) {
    return check == "flows-sanitized" ? CheckResult{"pass", "ok"} : CheckResult{"fail", "ng"};
  });
  ASSERT_TRUE(soa.isOk());
  ASSERT_EQ(soa->size(), 3u);
  EXPECT_EQ((*soa)[0].control->id, "ORG-01");
  EXPECT_FALSE((*soa)[0].record.has_value());
  EXPECT_TRUE((*soa)[0].check_state.empty());
  EXPECT_TRUE((*soa)[1].record.has_value());
  EXPECT_EQ((*soa)[1].check_state, "pass");
  EXPECT_EQ((*soa)[2].check_state, "fail");
  EXPECT_EQ(isms_->statementOfApplicability(actorOf(somu_), nullptr).status().code(),
            StatusCode::kDenied);
}

TEST_F(IsmsRegisters, ContractorChecksFallDueByTheirCycle) {
  Actor somu = actorOf(somu_);
  json contractor = {{"name", "株式会社サンプル"},
                     {"service", "基幹系保守"},
                     {"security_clauses", "守秘義務、再委託の事前承認"},
                     {"last_verified", "2025-10-01"}};
  auto c = isms_->create(somu, "contractor", 0, contractor);
  ASSERT_TRUE(c.isOk()) << c.status().toString();
  auto due = isms_->dueItems(somu, 30);
  ASSERT_TRUE(due.isOk()) << due.status().toString();
  bool found = false;
  for (const DueItem& item : *due) {
    if (item.kind == "contractor") {
      found = true;
      EXPECT_EQ(item.due, "2026-04-01");  // 6-month cycle of the test pack
      EXPECT_TRUE(item.overdue);
    }
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(isms_->dueItems(actorOf(kikaku_), 30)->size() == 1u);  // only their acknowledgement
}

}  // namespace
}  // namespace sanso::isms
