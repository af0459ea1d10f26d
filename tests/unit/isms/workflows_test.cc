// Workflows: a self-inspection campaign from creation to roll-up, an incident from report to
// closure with its SLA, training and the yearly acknowledgement.
#include <gtest/gtest.h>
#include <unistd.h>

#include "isms_fixture.h"

namespace sanso::isms {
namespace {

using nlohmann::json;

class IsmsWorkflows : public IsmsFixture {
 protected:
  Record newCampaign() {
    json fields = {{"type", "self-inspection"},
                   {"title", "令和8年度 情報セキュリティ自己点検"},
                   {"deadline", "2026-06-30"},
                   {"requirements", {"6(2)-1", "6(2)-2"}},
                   {"departments", {somu_.department_id, kikaku_.department_id}},
                   {"status", "open"}};
    auto c = isms_->create(actorOf(auditor_), "campaign", 0, fields);
    EXPECT_TRUE(c.isOk()) << c.status().toString();
    return c.isOk() ? *c : Record{};
  }
};

TEST_F(IsmsWorkflows, ACampaignRunsFromCreationToRollUp) {
  // Only managers and auditors create campaigns; a checklist item must be checkable.
  EXPECT_EQ(isms_->create(actorOf(somu_), "campaign", 0, json{{"title", "x"}}).status().code(),
            StatusCode::kDenied);
  Record campaign = newCampaign();
  Actor somu = actorOf(somu_);
  Actor kikaku = actorOf(kikaku_);
  ASSERT_TRUE(isms_->answer(somu, campaign.id, 0, "6(2)-1", "implemented", "台帳あり", "").isOk());
  ASSERT_TRUE(isms_->answer(somu, campaign.id, 0, "6(2)-2", "partial", "年1回更新", "").isOk());
  // Answering again replaces the department's answer.
  auto again = isms_->answer(somu, campaign.id, 0, "6(2)-2", "implemented", "更新済み", "");
  ASSERT_TRUE(again.isOk());
  EXPECT_EQ(again->version, 2);
  ASSERT_TRUE(isms_->answer(kikaku, campaign.id, 0, "6(2)-1", "not-implemented", "", "").isOk());

  // Nobody answers for another department, for an item outside the checklist or a bad result.
  EXPECT_EQ(isms_->answer(kikaku, campaign.id, somu_.department_id, "6(2)-1", "implemented", "", "")
                .status()
                .code(),
            StatusCode::kDenied);
  EXPECT_FALSE(isms_->answer(somu, campaign.id, 0, "6(5)-1", "implemented", "", "").isOk());
  EXPECT_FALSE(isms_->answer(somu, campaign.id, 0, "6(2)-1", "done", "", "").isOk());
  EXPECT_FALSE(
      isms_->answer(actorOf(ciso_), campaign.id, 0, "6(2)-1", "implemented", "", "").isOk());

  // A department reads its own answers only.
  auto kikaku_answers = isms_->list(kikaku, "answer", {campaign.id, 0});
  ASSERT_TRUE(kikaku_answers.isOk());
  ASSERT_EQ(kikaku_answers->size(), 1u);
  EXPECT_EQ((*kikaku_answers)[0].department_id, kikaku_.department_id);
  auto own = isms_->rollup(kikaku, campaign.id);
  ASSERT_TRUE(own.isOk());
  EXPECT_EQ(own->by_department.size(), 1u);

  auto rollup = isms_->rollup(actorOf(auditor_), campaign.id);
  ASSERT_TRUE(rollup.isOk()) << rollup.status().toString();
  const RollupCounts& s = rollup->by_department.at(somu_.department_id);
  EXPECT_EQ(s.implemented, 2);
  EXPECT_EQ(s.unanswered, 0);
  const RollupCounts& k = rollup->by_department.at(kikaku_.department_id);
  EXPECT_EQ(k.not_implemented, 1);
  EXPECT_EQ(k.unanswered, 1);
  EXPECT_EQ(rollup->by_requirement.at("6(2)-1").implemented, 1);
  EXPECT_EQ(rollup->by_requirement.at("6(2)-1").not_implemented, 1);
  EXPECT_EQ(rollup->by_requirement.at("6(2)-2").unanswered, 1);

  // The deadline passes: the campaign is overdue for 企画課 (one answer missing), not 総務課.
  now_ += 40 * 86400;
  auto due_kikaku = isms_->dueItems(kikaku, 0);
  ASSERT_TRUE(due_kikaku.isOk());
  bool kikaku_overdue = false;
  for (const DueItem& item : *due_kikaku) kikaku_overdue |= item.kind == "campaign" && item.overdue;
  EXPECT_TRUE(kikaku_overdue);
  auto due_somu = isms_->dueItems(somu, 0);
  for (const DueItem& item : *due_somu) EXPECT_NE(item.kind, "campaign");

  // Once closed, answers are refused.
  json closed = campaign.fields;
  closed["status"] = "closed";
  ASSERT_TRUE(isms_->update(actorOf(auditor_), campaign.id, campaign.version, closed).isOk());
  EXPECT_FALSE(isms_->answer(kikaku, campaign.id, 0, "6(2)-2", "implemented", "", "").isOk());
  EXPECT_GE(auditCount("isms.answer.create"), 3);
}

TEST_F(IsmsWorkflows, AnIncidentIsReportedTriagedAndClosed) {
  Actor somu = actorOf(somu_);
  auto reported = isms_->reportIncident(
      somu,
      {{"title", "USB メモリの紛失"}, {"description", "窓口で使用した USB メモリが見当たらない"}});
  ASSERT_TRUE(reported.isOk()) << reported.status().toString();
  EXPECT_EQ(reported->fields["status"], "reported");
  EXPECT_EQ(reported->fields["reported_by"], somu_.id);
  // The reporter cannot set the level or close it; others do not see it.
  EXPECT_FALSE(
      isms_->reportIncident(somu, {{"title", "x"}, {"description", "y"}, {"status", "closed"}})
          .isOk());
  EXPECT_EQ(isms_->get(actorOf(kikaku_), reported->id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(
      isms_->addIncidentEvent(somu, reported->id, "close", "x", json::object()).status().code(),
      StatusCode::kDenied);
  ASSERT_TRUE(
      isms_->addIncidentEvent(somu, reported->id, "note", "机の中も確認した", json::object())
          .isOk());

  // The untriaged incident falls under the most severe level's 1-hour reporting time.
  now_ += 2 * 3600;
  auto due = isms_->dueItems(actorOf(ciso_), 0);
  ASSERT_TRUE(due.isOk());
  bool sla = false;
  for (const DueItem& item : *due) sla |= item.kind == "incident" && item.overdue;
  EXPECT_TRUE(sla);

  Actor ciso = actorOf(ciso_);
  EXPECT_FALSE(isms_->addIncidentEvent(ciso, reported->id, "triage", "x", json::object()).isOk());
  EXPECT_FALSE(isms_->addIncidentEvent(ciso, reported->id, "triage", "x", {{"level", "9"}}).isOk());
  auto triaged = isms_->addIncidentEvent(ciso, reported->id, "triage", "レベル2と判断",
                                         {{"level", "2"}, {"threats", {"insider"}}});
  ASSERT_TRUE(triaged.isOk()) << triaged.status().toString();
  EXPECT_EQ(triaged->fields["status"], "triaged");
  EXPECT_FALSE(isms_->addIncidentEvent(ciso, reported->id, "close", "終結", json::object()).isOk());
  auto closed = isms_->addIncidentEvent(
      ciso, reported->id, "close", "発見され終結",
      {{"root_cause", "持ち出し手順の不徹底"}, {"prevention", "USB 貸出簿の導入"}});
  ASSERT_TRUE(closed.isOk()) << closed.status().toString();
  EXPECT_EQ(closed->fields["status"], "closed");
  EXPECT_TRUE(closed->fields.contains("closed_on"));
  auto notes = isms_->list(somu, "incident_note", {reported->id, 0});
  ASSERT_TRUE(notes.isOk());
  EXPECT_EQ(notes->size(), 4u);  // report, note, triage, close
  EXPECT_EQ(auditCount("isms.incident.close"), 1);
}

TEST_F(IsmsWorkflows, TrainingAndTheYearlyAcknowledgement) {
  json course = {{"title", "情報セキュリティ研修"}, {"mandatory", true}, {"due", "2026-06-15"}};
  auto c = isms_->create(actorOf(ciso_), "course", 0, course);
  ASSERT_TRUE(c.isOk()) << c.status().toString();
  Actor somu = actorOf(somu_);
  auto before = isms_->dueItems(somu, 60);
  ASSERT_TRUE(before.isOk());
  int kinds = 0;
  for (const DueItem& item : *before)
    kinds += item.kind == "course" || item.kind == "acknowledgement";
  EXPECT_EQ(kinds, 2);
  auto done = isms_->completeCourse(somu, c->id);
  ASSERT_TRUE(done.isOk()) << done.status().toString();
  EXPECT_EQ(isms_->completeCourse(somu, c->id)->id, done->id);  // once
  auto ack = isms_->acknowledgeObligations(somu);
  ASSERT_TRUE(ack.isOk());
  EXPECT_EQ(ack->fields["fiscal_year"], 2026);
  auto after = isms_->dueItems(somu, 60);
  for (const DueItem& item : *after) {
    EXPECT_NE(item.kind, "course");
    EXPECT_NE(item.kind, "acknowledgement");
  }
  // The course's list: somu done, the others of 総務課 not yet; 企画課 sees only its own.
  auto status = isms_->trainingStatus(actorOf(ciso_), c->id);
  ASSERT_TRUE(status.isOk()) << status.status().toString();
  int done_count = 0;
  for (const Completion& u : *status) done_count += !u.done_on.empty();
  EXPECT_EQ(done_count, 1);
  EXPECT_EQ(status->size(), 5u);
  auto theirs = isms_->trainingStatus(actorOf(kikaku_), c->id);
  ASSERT_TRUE(theirs.isOk());
  ASSERT_EQ(theirs->size(), 1u);
  EXPECT_TRUE((*theirs)[0].done_on.empty());
  auto acks = isms_->acknowledgementStatus(actorOf(somu2_));
  ASSERT_TRUE(acks.isOk());
  EXPECT_EQ(acks->size(), 2u);  // 総務課 only
  // A colleague's completion is not written by someone else through the register.
  json record = {{"course", c->id}, {"user", somu2_.id}, {"completed_on", "2026-05-01"}};
  EXPECT_EQ(isms_->create(somu, "training_record", 0, record).status().code(), StatusCode::kDenied);
}

TEST_F(IsmsWorkflows, RemindersGoOutOnceADayToWhomTheyConcern) {
  Record campaign = newCampaign();
  ASSERT_TRUE(isms_->acknowledgeObligations(actorOf(kikaku_)).isOk());
  now_ += 40 * 86400;  // past the campaign's deadline
  auto pending = isms_->pendingReminders(3);
  ASSERT_TRUE(pending.isOk()) << pending.status().toString();
  const ReminderDigest* kikaku = nullptr;
  for (const ReminderDigest& d : *pending) {
    if (d.user_id == kikaku_.id) kikaku = &d;
  }
  ASSERT_NE(kikaku, nullptr);
  ASSERT_EQ(kikaku->items.size(), 1u);  // the unanswered campaign; the acknowledgement is done
  EXPECT_EQ(kikaku->items[0].kind, "campaign");
  EXPECT_NE(kikaku->body.find("令和8年度 情報セキュリティ自己点検"), std::string::npos);
  EXPECT_NE(kikaku->subject.find("期限切れ 1 件"), std::string::npos);
  ASSERT_TRUE(isms_->markReminded(*kikaku).isOk());
  auto later = isms_->pendingReminders(3);
  ASSERT_TRUE(later.isOk());
  for (const ReminderDigest& d : *later) EXPECT_NE(d.user_id, kikaku_.id);
  now_ += 86400;
  auto next_day = isms_->pendingReminders(3);
  ASSERT_TRUE(next_day.isOk());
  bool again = false;
  for (const ReminderDigest& d : *next_day) again |= d.user_id == kikaku_.id;
  EXPECT_TRUE(again);
}

TEST_F(IsmsWorkflows, EvidenceIsHashedAndReadableExactlyLikeItsRecord) {
  Actor somu = actorOf(somu_);
  Record campaign = newCampaign();
  auto answer = isms_->answer(somu, campaign.id, 0, "6(2)-1", "implemented", "", "台帳");
  ASSERT_TRUE(answer.isOk());
  test::writeFileOrDie(dir_.file("upload.bin"), "資産台帳 2026年度版");
  auto added = isms_->addEvidence(somu, answer->id, dir_.file("upload.bin"), "../台帳\\x.xlsx");
  ASSERT_TRUE(added.isOk()) << added.status().toString();
  EXPECT_EQ(added->name, "x.xlsx");
  EXPECT_EQ(added->sha256.size(), 64u);
  auto opened = isms_->openEvidence(actorOf(auditor_), added->id);
  ASSERT_TRUE(opened.isOk());
  char buffer[64] = {};
  ssize_t n = ::read(opened->second.get(), buffer, sizeof buffer);
  EXPECT_EQ(std::string(buffer, n > 0 ? static_cast<size_t>(n) : 0), "資産台帳 2026年度版");
  // 企画課 can neither read nor add evidence of 総務課's answer.
  EXPECT_EQ(isms_->openEvidence(actorOf(kikaku_), added->id).status().code(),
            StatusCode::kNotFound);
  EXPECT_FALSE(
      isms_->addEvidence(actorOf(kikaku_), answer->id, dir_.file("upload.bin"), "y").isOk());
  EXPECT_EQ(auditCount("isms.evidence.add"), 1);
}

}  // namespace
}  // namespace sanso::isms
