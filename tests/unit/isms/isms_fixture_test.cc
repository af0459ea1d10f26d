#include "isms_fixture.h"

namespace sanso::isms {
namespace {

auth::User addUser(auth::Accounts& accounts, const std::string& login,
                   const std::string& department, const std::string& role) {
  auto user = accounts.addUser(
      {login, login, department, role, login + "@city.example.jp", "correct horse battery"});
  EXPECT_TRUE(user.isOk()) << user.status().toString();
  return user.isOk() ? *user : auth::User{};
}

}  // namespace

policy::PolicyPack IsmsFixture::testPack() {
  policy::PolicyPack pack;
  pack.urn = "urn:sanso:pack:test";
  pack.version = 1;
  pack.zones = {{"lgwan", "LGWAN接続系", "", "", "", false, false, {}, {}},
                {"internet", "インターネット接続系", "", "", "", false, true, {}, {}}};
  for (const char* role : {"ciso", "staff", "auditor", "security-manager"}) {
    policy::Role r;
    r.id = role;
    r.name = role;
    pack.roles.push_back(r);
  }
  policy::Dimension c;
  c.id = "confidentiality";
  c.name = "機密性";
  for (const char* level : {"3", "2", "1"})
    c.levels.push_back({level, std::string("機密性") + level, "", {}, {}});
  pack.classification.push_back(c);
  for (const char* dim : {"integrity", "availability"}) {
    policy::Dimension d;
    d.id = dim;
    d.levels = {{"2", "2", "", {}, {}}, {"1", "1", "", {}, {}}};
    pack.classification.push_back(d);
  }
  pack.threats = {{"external-attack", 1, "不正アクセス・外部攻撃", "", "3(1)", {"TEC-01"}, {}},
                  {"insider", 2, "内部不正・内部脅威", "", "3(2)", {"ORG-01"}, {}}};
  pack.controls = {
      {"ORG-01", "組織体制の確立", "", "organizational", "6(1)", "", {}},
      {"TEC-01", "無害化を経由した通信", "", "technical", "6(3)", "flows-sanitized", {}},
      {"TEC-02", "監査証跡の完全性", "", "technical", "6(6)", "audit-chain", {}}};
  pack.requirements = {
      {"6(2)", "", "6(2)", "情報資産の分類と管理", "", false, {}, {}},
      {"6(2)-1",
       "6(2)",
       "6(2)",
       "情報資産の分類",
       "情報資産を分類しているか",
       true,
       {"ORG-01"},
       {}},
      {"6(2)-2", "6(2)", "6(2)", "情報資産の管理", "台帳を更新しているか", true, {"ORG-01"}, {}},
      {"6(5)-1", "", "6(5)", "研修", "研修を受講させているか", true, {}, {}}};
  pack.review_cycles = {{"policy-review", "ポリシーの見直し", 12, "8"},
                        {"contractor-check", "委託先の確認", 6, "6(8)"}};
  pack.incident_levels = {{"1", "重大", "", 1, 24, {"ciso"}},
                          {"2", "中", "", 24, 72, {}},
                          {"3", "軽微", "", 72, 0, {}}};
  for (int v = 1; v <= 3; ++v) {
    pack.risk.likelihood.push_back({std::to_string(v), "L" + std::to_string(v), v, ""});
    pack.risk.impact.push_back({std::to_string(v), "I" + std::to_string(v), v, ""});
  }
  pack.risk.bands = {{"low", "低", 2, ""}, {"medium", "中", 4, ""}, {"high", "高", 9, ""}};
  pack.risk.acceptable_score = 2;
  pack.asset_kinds = {{"information", "情報", "4(2)①"},
                      {"cloud", "外部クラウドのシステム", "4(2)④"}};
  pack.document_kinds = {{"basic-policy", "基本方針", "1-8", true, {}},
                         {"procedures", "実施手順", "10", false, {"ciso", "security-manager"}}};
  pack.isms_access.managers = {"ciso"};
  pack.isms_access.readers = {"auditor"};
  return pack;
}

void IsmsFixture::SetUp() {
  auto db = store::Database::open(dir_.file("sanso.db"));
  ASSERT_TRUE(db.isOk()) << db.status().toString();
  db_ = std::move(*db);
  auto audit = audit::AuditLog::open(dir_.path());
  ASSERT_TRUE(audit.isOk()) << audit.status().toString();
  audit_ = std::move(*audit);
  auto accounts = auth::Accounts::open(*db_);
  ASSERT_TRUE(accounts.isOk()) << accounts.status().toString();
  accounts_ = std::move(*accounts);
  pack_ = testPack();
  somu_ = addUser(*accounts_, "somu", "総務課", "staff");
  somu2_ = addUser(*accounts_, "somu2", "総務課", "security-manager");
  kikaku_ = addUser(*accounts_, "kikaku", "企画課", "staff");
  ciso_ = addUser(*accounts_, "ciso", "情報政策課", "ciso");
  auditor_ = addUser(*accounts_, "kansa", "情報政策課", "auditor");
  auto evidence = store::BlobStore::open(dir_.file("isms-evidence"));
  ASSERT_TRUE(evidence.isOk()) << evidence.status().toString();
  evidence_ = std::make_unique<store::BlobStore>(std::move(*evidence));
  auto isms =
      Isms::open({*db_, *audit_, *accounts_, pack_, [this] { return now_; }, evidence_.get()});
  ASSERT_TRUE(isms.isOk()) << isms.status().toString();
  isms_ = std::move(*isms);
}

Actor IsmsFixture::actorOf(const auth::User& user) const {
  return {user.id, user.role, user.department_id, "lgwan"};
}

int64_t IsmsFixture::auditCount(const std::string& action) {
  auto session = audit_->database().read();
  EXPECT_TRUE(session.isOk());
  auto st = session->prepare("SELECT count(*) FROM audit_records WHERE action = ?1");
  EXPECT_TRUE(st.isOk());
  EXPECT_TRUE(st->bindText(1, action).isOk());
  auto row = st->step();
  EXPECT_TRUE(row.isOk() && *row);
  return st->columnInt64(0);
}

}  // namespace sanso::isms
