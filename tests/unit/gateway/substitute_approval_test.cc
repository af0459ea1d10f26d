// Substitute approvers (代理承認者): a department's configured substitute approves or rejects
// in the supervisor's stead within its period; anyone else, including colleagues of the same
// department, gets notFound (IDOR).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gateway_fixture.h"

namespace sanso::gateway {
namespace {

constexpr int64_t kDay = 86400;

// Records who was asked to approve.
class RecordingNotifier : public Notifier {
 public:
  void approvalRequested(const Transfer&, std::optional<int64_t> approver) override {
    approvers.push_back(approver.value_or(0));
  }
  void available(const Transfer&) override {}
  std::vector<int64_t> approvers;
};

class SubstituteApprovalTest : public GatewayFixture {
 protected:
  void SetUp() override {
    GatewayFixture::SetUp();
    deputy_ = addUser("deputy", "総務課", "staff");
    ASSERT_TRUE(
        accounts_->setSubstitute({alice_.department_id, deputy_.id, now_ - kDay, now_ + kDay})
            .isOk());
  }

  // An export from alice that waits for approval.
  int64_t awaiting() {
    int64_t id = send("lgwan", "internet", "資料\n", "a.txt");
    EXPECT_TRUE(gateway_->runPending().isOk());
    EXPECT_EQ(asSender(id, "lgwan").state, TransferState::kAwaitingApproval);
    return id;
  }

  // The details of the last audit record with `action`.
  nlohmann::json lastAuditDetails(const std::string& action) {
    auto session = audit_->database().read();
    EXPECT_TRUE(session.isOk());
    auto st = session->prepare(
        "SELECT details, actor FROM audit_records WHERE action = ?1 ORDER BY seq DESC LIMIT 1");
    EXPECT_TRUE(st.isOk() && st->bindText(1, action).isOk());
    auto row = st->step();
    if (!row.isOk() || !*row) return nullptr;
    auto details = nlohmann::json::parse(st->columnText(0));
    details["_actor"] = st->columnText(1);
    return details;
  }

  void expectRefused(const Actor& actor, int64_t id) {
    EXPECT_TRUE(gateway_->pendingApprovals(actor)->empty());
    EXPECT_EQ(gateway_->get(actor, id).status().code(), StatusCode::kNotFound);
    EXPECT_EQ(gateway_->approve(actor, id, "ok").code(), StatusCode::kNotFound);
    EXPECT_EQ(gateway_->reject(actor, id, "no").code(), StatusCode::kNotFound);
  }

  auth::User deputy_;
};

TEST_F(SubstituteApprovalTest, ApprovesInTheSupervisorsSteadAndTheAuditSaysSo) {
  int64_t id = awaiting();
  Actor deputy{deputy_.id, "lgwan"};
  ASSERT_EQ(gateway_->pendingApprovals(deputy)->size(), 1u);
  ASSERT_TRUE(gateway_->approve(deputy, id, "所属長不在のため").isOk());
  EXPECT_EQ(asSender(id, "lgwan").state, TransferState::kAvailable);
  nlohmann::json details = lastAuditDetails("transfer.approve");
  EXPECT_EQ(details["_actor"], std::to_string(deputy_.id));
  EXPECT_EQ(details["capacity"], "substitute");
  EXPECT_EQ(details["on_behalf_of"], boss_.id);
  auto timeline = gateway_->timeline({alice_.id, "lgwan"}, id);
  ASSERT_TRUE(timeline.isOk());
  EXPECT_NE(timeline->back().message.find("代理承認者が所属長に代わって承認した"),
            std::string::npos);
  EXPECT_EQ(timeline->back().actor, std::to_string(deputy_.id));
  // The approvals row keeps the capacity and the supervisor.
  auto session = db_->read();
  auto st = session->prepare("SELECT decided_by, capacity, on_behalf_of FROM approvals");
  ASSERT_TRUE(st.isOk() && *st->step());
  EXPECT_EQ(st->columnInt64(0), deputy_.id);
  EXPECT_EQ(st->columnText(1), "substitute");
  EXPECT_EQ(st->columnInt64(2), boss_.id);
}

TEST_F(SubstituteApprovalTest, SupervisorIsStillRecordedAsSupervisor) {
  int64_t id = awaiting();
  ASSERT_TRUE(gateway_->approve({boss_.id, "lgwan"}, id, "").isOk());
  nlohmann::json details = lastAuditDetails("transfer.approve");
  EXPECT_EQ(details["capacity"], "supervisor");
  EXPECT_FALSE(details.contains("on_behalf_of"));
}

TEST_F(SubstituteApprovalTest, SubstituteRejectsWithAComment) {
  int64_t id = awaiting();
  Actor deputy{deputy_.id, "lgwan"};
  EXPECT_EQ(gateway_->reject(deputy, id, "").code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(gateway_->reject(deputy, id, "宛先を確認すること").isOk());
  Transfer t = asSender(id, "lgwan");
  EXPECT_EQ(t.state, TransferState::kRejected);
  EXPECT_EQ(t.reason, "宛先を確認すること");
  EXPECT_EQ(lastAuditDetails("transfer.reject")["capacity"], "substitute");
}

TEST_F(SubstituteApprovalTest, ColleagueOfTheSameDepartmentIsRefused) {
  int64_t id = awaiting();
  expectRefused({bob_.id, "lgwan"}, id);
  expectRefused({eve_.id, "lgwan"}, id);
  EXPECT_EQ(asSender(id, "lgwan").state, TransferState::kAwaitingApproval);
}

TEST_F(SubstituteApprovalTest, SubstituteOfAnotherDepartmentIsRefused) {
  ASSERT_TRUE(accounts_->setSubstitute({eve_.department_id, bob_.id, 0, 0}).isOk());
  int64_t id = awaiting();
  expectRefused({bob_.id, "lgwan"}, id);
}

TEST_F(SubstituteApprovalTest, OnlyWithinThePeriod) {
  ASSERT_TRUE(
      accounts_->setSubstitute({alice_.department_id, deputy_.id, now_ + kDay, now_ + 2 * kDay})
          .isOk());
  int64_t id = awaiting();
  Actor deputy{deputy_.id, "lgwan"};
  expectRefused(deputy, id);  // not yet
  now_ += 3 * kDay;
  expectRefused(deputy, id);  // over
  now_ -= kDay + kDay / 2;    // within
  ASSERT_EQ(gateway_->pendingApprovals(deputy)->size(), 1u);
  EXPECT_TRUE(gateway_->approve(deputy, id, "").isOk());
}

TEST_F(SubstituteApprovalTest, RemovedOrDisabledSubstituteIsRefused) {
  int64_t id = awaiting();
  Actor deputy{deputy_.id, "lgwan"};
  ASSERT_TRUE(accounts_->setDisabled(deputy_.id, true).isOk());
  expectRefused(deputy, id);
  ASSERT_TRUE(accounts_->setDisabled(deputy_.id, false).isOk());
  ASSERT_EQ(gateway_->pendingApprovals(deputy)->size(), 1u);
  ASSERT_TRUE(accounts_->removeSubstitute(alice_.department_id, deputy_.id).isOk());
  expectRefused(deputy, id);
}

TEST_F(SubstituteApprovalTest, WrongZoneOwnTransferAndDlpEscalationsAreRefused) {
  int64_t id = awaiting();
  expectRefused({deputy_.id, "internet"}, id);

  // The substitute's own export: never approved by themselves.
  Actor deputy{deputy_.id, "lgwan"};
  auto own = gateway_->create(deputy, {"internet", {bob_.id}, {{"confidentiality", "2"}}, "", 0});
  ASSERT_TRUE(own.isOk());
  std::string path = dir_.file("own.txt");
  test::writeFileOrDie(path, "資料\n");
  ASSERT_TRUE(gateway_->upload(deputy, own->id, path, "own.txt").isOk());
  ASSERT_TRUE(gateway_->runPending().isOk());
  EXPECT_EQ(gateway_->approve(deputy, own->id, "").code(), StatusCode::kNotFound);
  EXPECT_TRUE(gateway_->approve({boss_.id, "lgwan"}, own->id, "").isOk());

  // DLP escalations are for security managers only.
  for (policy::Flow& flow : pack_->flows) {
    if (flow.from == "lgwan" && flow.to == "internet") flow.dlp = policy::DlpMode::kEscalate;
  }
  openGateway(0);
  int64_t hit = send("lgwan", "internet", "番号 983205673214\n", "hit.txt");
  ASSERT_TRUE(gateway_->runPending().isOk());
  ASSERT_EQ(asSender(hit, "lgwan").state, TransferState::kAwaitingApproval);
  EXPECT_EQ(gateway_->approve(deputy, hit, "").code(), StatusCode::kNotFound);
  EXPECT_TRUE(gateway_->approve({sec_.id, "lgwan"}, hit, "業務上必要").isOk());
}

TEST_F(SubstituteApprovalTest, SupervisorAndValidSubstitutesAreNotified) {
  RecordingNotifier notifier;
  notifier_ = &notifier;
  openGateway(0);
  auth::User former = addUser("former", "企画課", "staff");
  ASSERT_TRUE(accounts_->setSubstitute({alice_.department_id, former.id, 0, now_ - kDay}).isOk());
  awaiting();
  EXPECT_EQ(notifier.approvers, (std::vector<int64_t>{boss_.id, deputy_.id}));
  gateway_.reset();  // before the notifier goes
}

}  // namespace
}  // namespace sanso::gateway
