// Authorization: what other users, wrong zones and non-managers get (always notFound).
#include <gtest/gtest.h>

#include "gateway_fixture.h"

namespace sanso::gateway {
namespace {

using TransferAccessTest = GatewayFixture;

TEST_F(TransferAccessTest, OtherDepartmentSeesNothing) {
  int64_t id = send("lgwan", "internet", "資料\n", "a.txt");
  ASSERT_TRUE(gateway_->runPending().isOk());
  Actor eve{eve_.id, "lgwan"};
  EXPECT_EQ(gateway_->get(eve, id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(gateway_->timeline(eve, id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(gateway_->approve(eve, id, "ok").code(), StatusCode::kNotFound);
  EXPECT_EQ(gateway_->download({eve_.id, "internet"}, id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(gateway_->pendingApprovals(eve)->empty());
  // The sender cannot approve their own transfer, and a missing one looks the same.
  EXPECT_EQ(gateway_->approve({alice_.id, "lgwan"}, id, "ok").code(), StatusCode::kNotFound);
  EXPECT_EQ(gateway_->get(eve, id + 100).status().message(),
            "transfer " + std::to_string(id + 100) + " not found");
}

TEST_F(TransferAccessTest, RecipientOnTheWrongZoneSeesNothing) {
  int64_t id = send("internet", "lgwan", "お知らせ\n", "a.txt");
  ASSERT_TRUE(gateway_->runPending().isOk());
  ASSERT_EQ(asSender(id, "internet").state, TransferState::kAvailable);
  Actor bob_outside{bob_.id, "internet"};
  EXPECT_TRUE(gateway_->inbox(bob_outside)->empty());
  EXPECT_EQ(gateway_->get(bob_outside, id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(gateway_->download(bob_outside, id).status().code(), StatusCode::kNotFound);
  // The sender sees it only on the zone it was sent from; the timeline only for the sender.
  EXPECT_EQ(gateway_->get({alice_.id, "lgwan"}, id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(gateway_->timeline({bob_.id, "lgwan"}, id).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(gateway_->get({bob_.id, "lgwan"}, id).isOk());
}

TEST_F(TransferAccessTest, SecurityManagerJudgesAndReleasesOriginals) {
  int64_t id = send("lgwan", "internet", "番号 983205673214\n", "hit.txt");
  ASSERT_TRUE(gateway_->runPending().isOk());
  ASSERT_EQ(asSender(id, "lgwan").state, TransferState::kBlocked);
  EXPECT_EQ(gateway_->releaseOriginal({boss_.id, "lgwan"}, id, "確認").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(gateway_->releaseOriginal({sec_.id, "mynumber"}, id, "確認").status().code(),
            StatusCode::kNotFound);
  Actor sec{sec_.id, "lgwan"};
  EXPECT_EQ(gateway_->releaseOriginal(sec, id, "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(auditCount("transfer.release"), 0);
  std::string path;
  {
    auto released = gateway_->releaseOriginal(sec, id, "本人確認のため");
    ASSERT_TRUE(released.isOk()) << released.status().toString();
    path = released->path();
    EXPECT_EQ(test::readFileOrDie(path), "番号 983205673214\n");
    EXPECT_EQ(released->name(), "hit.txt");
  }
  EXPECT_FALSE(test::fileExists(path));
  EXPECT_EQ(auditCount("transfer.release"), 1);
}

TEST_F(TransferAccessTest, SecurityManagerApprovesAnyDepartment) {
  int64_t id = send("lgwan", "internet", "資料\n", "a.txt");
  ASSERT_TRUE(gateway_->runPending().isOk());
  Actor sec{sec_.id, "lgwan"};
  ASSERT_EQ(gateway_->pendingApprovals(sec)->size(), 1u);
  EXPECT_TRUE(gateway_->approve(sec, id, "").isOk());
  EXPECT_EQ(asSender(id, "lgwan").state, TransferState::kAvailable);
}

TEST_F(TransferAccessTest, DlpEscalationGoesToSecurityManagersOnly) {
  for (policy::Flow& flow : pack_->flows) {
    if (flow.from == "lgwan" && flow.to == "internet") flow.dlp = policy::DlpMode::kEscalate;
  }
  openGateway(0);
  int64_t id = send("lgwan", "internet", "番号 983205673214\n", "hit.txt");
  ASSERT_TRUE(gateway_->runPending().isOk());
  ASSERT_EQ(asSender(id, "lgwan").state, TransferState::kAwaitingApproval);
  Actor boss{boss_.id, "lgwan"};
  EXPECT_TRUE(gateway_->pendingApprovals(boss)->empty());
  EXPECT_EQ(gateway_->approve(boss, id, "ok").code(), StatusCode::kNotFound);
  Actor sec{sec_.id, "lgwan"};
  ASSERT_EQ(gateway_->pendingApprovals(sec)->size(), 1u);
  EXPECT_TRUE(gateway_->approve(sec, id, "業務上必要").isOk());
  EXPECT_EQ(asSender(id, "lgwan").state, TransferState::kAvailable);
}

}  // namespace
}  // namespace sanso::gateway
