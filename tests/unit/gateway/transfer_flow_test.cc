// The import (internet -> lgwan) and export (lgwan -> internet) flows end to end.
#include <gtest/gtest.h>

#include "gateway_fixture.h"
#include "support/ooxml_fixture.h"

namespace sanso::gateway {
namespace {

using TransferFlowTest = GatewayFixture;

std::string macroDocx() {
  test::DocxSpec spec;
  spec.body_xml = "<w:p><w:r><w:t>お知らせ</w:t></w:r></w:p>";
  spec.macro_enabled = true;
  spec.extra_rels =
      "<Relationship Id=\"rIdV\" "
      "Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" "
      "Target=\"vbaProject.bin\"/>";
  spec.extra_types =
      "<Override PartName=\"/word/vbaProject.bin\" "
      "ContentType=\"application/vnd.ms-office.vbaProject\"/>";
  spec.extra_parts = {{"word/vbaProject.bin", "Attribute VB_Name = \"Module1\""}};
  return test::buildDocx(spec);
}

TEST_F(TransferFlowTest, ImportedDocmArrivesWithoutMacros) {
  int64_t id = send("internet", "lgwan", macroDocx(), "../../議事録.docm", 1);
  ASSERT_NE(id, 0);
  EXPECT_EQ(asSender(id, "internet").state, TransferState::kUploaded);
  auto done = gateway_->runPending();
  ASSERT_TRUE(done.isOk()) << done.status().toString();
  EXPECT_EQ(*done, 1);

  Transfer sent = asSender(id, "internet");
  ASSERT_EQ(sent.state, TransferState::kAvailable) << sent.reason;
  EXPECT_EQ(sent.file_name, "議事録.docm");
  EXPECT_EQ(sent.file_type, "docm");
  EXPECT_EQ(sent.output_name, "議事録.docx");
  EXPECT_NE(sent.report_json.find("vba"), std::string::npos);

  Actor bob{bob_.id, "lgwan"};
  auto inbox = gateway_->inbox(bob);
  ASSERT_TRUE(inbox.isOk());
  ASSERT_EQ(inbox->size(), 1u);
  auto download = gateway_->download(bob, id);
  ASSERT_TRUE(download.isOk()) << download.status().toString();
  EXPECT_EQ(download->name, "議事録.docx");
  auto parts = test::readZip(readAll(*download));
  ASSERT_FALSE(parts.empty());
  EXPECT_EQ(parts.count("word/vbaProject.bin"), 0u);
  EXPECT_NE(parts["word/document.xml"].find("お知らせ"), std::string::npos);

  // The download limit (1) is used up: the transfer is gone for the recipient.
  EXPECT_EQ(gateway_->download(bob, id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(asSender(id, "internet").state, TransferState::kExpired);

  auto timeline = gateway_->timeline({alice_.id, "internet"}, id);
  ASSERT_TRUE(timeline.isOk());
  std::vector<TransferState> states;
  for (const auto& e : *timeline) states.push_back(e.state);
  EXPECT_EQ(states,
            (std::vector<TransferState>{TransferState::kCreated, TransferState::kUploaded,
                                        TransferState::kSanitizing, TransferState::kAvailable,
                                        TransferState::kAvailable, TransferState::kExpired}));
  EXPECT_EQ(auditCount("transfer.create"), 1);
  EXPECT_EQ(auditCount("transfer.upload"), 1);
  EXPECT_EQ(auditCount("transfer.sanitize"), 1);
  EXPECT_EQ(auditCount("transfer.download"), 1);
}

TEST_F(TransferFlowTest, StepsWithTheRelayThreadReachTheChainAndNoEventIsLost) {
  audit_relay_linger_ = std::chrono::hours(1);  // only catch-ups and the shutdown append
  openGateway(0);
  int64_t id = send("internet", "lgwan", macroDocx(), "a.docm");
  ASSERT_NE(id, 0);
  ASSERT_TRUE(gateway_->runPending().isOk());
  EXPECT_EQ(auditCount("transfer.upload"), 1);  // catches up first
  EXPECT_EQ(auditCount("transfer.sanitize"), 1);
  int64_t second = send("internet", "lgwan", macroDocx(), "b.docm");
  ASSERT_NE(second, 0);
  gateway_.reset();  // the last append happens on the way down
  auto session = audit_->database().read();
  ASSERT_TRUE(session.isOk());
  auto st = session->prepare("SELECT count(*) FROM audit_records WHERE action = 'transfer.upload'");
  ASSERT_TRUE(st.isOk());
  ASSERT_TRUE(*st->step());
  EXPECT_EQ(st->columnInt64(0), 2);
  EXPECT_TRUE(audit_->verify()->intact());
}

TEST_F(TransferFlowTest, ExportWaitsForTheSupervisor) {
  int64_t id = send("lgwan", "internet", "会議は10時からです。\n", "memo.txt");
  ASSERT_TRUE(gateway_->runPending().isOk());
  Transfer sent = asSender(id, "lgwan");
  ASSERT_EQ(sent.state, TransferState::kAwaitingApproval) << sent.reason;
  Actor bob{bob_.id, "internet"};
  EXPECT_EQ(gateway_->download(bob, id).status().code(), StatusCode::kNotFound);

  Actor boss{boss_.id, "lgwan"};
  auto pending = gateway_->pendingApprovals(boss);
  ASSERT_TRUE(pending.isOk());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(gateway_->approve({boss_.id, "internet"}, id, "").code(), StatusCode::kNotFound);
  ASSERT_TRUE(gateway_->approve(boss, id, "確認した").isOk());
  EXPECT_EQ(gateway_->approve(boss, id, "again").code(), StatusCode::kNotFound);

  auto download = gateway_->download(bob, id);
  ASSERT_TRUE(download.isOk()) << download.status().toString();
  EXPECT_EQ(readAll(*download), "会議は10時からです。\n");
  EXPECT_EQ(auditCount("transfer.approve"), 1);
  EXPECT_EQ(auditCount("transfer.dlp"), 1);
}

TEST_F(TransferFlowTest, RejectionNeedsACommentAndEndsTheTransfer) {
  int64_t id = send("lgwan", "internet", "資料\n", "a.txt");
  ASSERT_TRUE(gateway_->runPending().isOk());
  Actor boss{boss_.id, "lgwan"};
  EXPECT_EQ(gateway_->reject(boss, id, "").code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(gateway_->reject(boss, id, "宛先が違う").isOk());
  Transfer sent = asSender(id, "lgwan");
  EXPECT_EQ(sent.state, TransferState::kRejected);
  EXPECT_EQ(sent.reason, "宛先が違う");
  EXPECT_EQ(auditCount("transfer.reject"), 1);
}

TEST_F(TransferFlowTest, DlpBlocksAValidMyNumberOnly) {
  int64_t hit = send("lgwan", "internet", "申請者の番号 983205673214 です\n", "hit.txt");
  int64_t miss = send("lgwan", "internet", "受付番号 983205673210 です\n", "miss.txt");
  ASSERT_TRUE(gateway_->runPending().isOk());
  Transfer blocked = asSender(hit, "lgwan");
  EXPECT_EQ(blocked.state, TransferState::kBlocked);
  EXPECT_NE(blocked.dlp_json.find("my-number"), std::string::npos);
  EXPECT_NE(blocked.dlp_json.find("\"line\":1"), std::string::npos);
  EXPECT_EQ(blocked.dlp_json.find("983205673214"), std::string::npos);
  EXPECT_EQ(asSender(miss, "lgwan").state, TransferState::kAwaitingApproval);

  auto session = audit_->database().read();
  ASSERT_TRUE(session.isOk());
  auto st = session->prepare("SELECT count(*) FROM audit_records WHERE details LIKE ?1");
  ASSERT_TRUE(st.isOk());
  ASSERT_TRUE(st->bindText(1, "%983205673214%").isOk());
  ASSERT_TRUE(*st->step());
  EXPECT_EQ(st->columnInt64(0), 0);
}

TEST_F(TransferFlowTest, MyNumberFlowsAreRefused) {
  NewTransfer request{"mynumber", {bob_.id}, {}, "", 0};
  auto to = gateway_->create({alice_.id, "lgwan"}, request);
  ASSERT_FALSE(to.isOk());
  EXPECT_EQ(to.status().reason(), "policy-denied");
  EXPECT_NE(to.status().message().find("マイナンバー利用事務系"), std::string::npos);
  request.to_zone = "lgwan";
  auto from = gateway_->create({alice_.id, "mynumber"}, request);
  EXPECT_EQ(from.status().reason(), "policy-denied");
  auto sent = gateway_->sent({alice_.id, "lgwan"});
  ASSERT_TRUE(sent.isOk());
  EXPECT_TRUE(sent->empty());
}

TEST_F(TransferFlowTest, InvalidRequestsAreRejected) {
  Actor alice{alice_.id, "internet"};
  EXPECT_EQ(gateway_->create(alice, {"lgwan", {}, {}, "", 0}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(gateway_->create(alice, {"lgwan", {999}, {}, "", 0}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(gateway_->create(alice, {"moon", {bob_.id}, {}, "", 0}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(gateway_->create(alice, {"lgwan", {bob_.id}, {{"confidentiality", "9"}}, "", 0})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sanso::gateway
