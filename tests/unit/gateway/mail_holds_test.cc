// Mail holds: what `sanso milter` hands over through the intake, the recipient's password for a
// held PPAP zip, the security manager's originals and held outbound mail, retention.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "gateway_fixture.h"
#include "sanso/gateway/mail_intake.h"

namespace sanso::gateway {
namespace {

const std::string kSecret = "見積金額 1,234,000円";

class FakeQueue : public MailQueue {
 public:
  Status release(const std::string& id) override {
    released.push_back(id);
    return Status::ok();
  }
  Status discard(const std::string& id) override {
    discarded.push_back(id);
    return Status::ok();
  }
  std::vector<std::string> released, discarded;
};

class MailHolds : public GatewayFixture {
 protected:
  void SetUp() override {
    mail_queue_ = &queue_;
    GatewayFixture::SetUp();
    if (HasFatalFailure()) return;
    auto staff = accounts_->addUser(
        {"hanako", "hanako", "総務課", "staff", "Hanako@City.Example.jp", "correct horse battery"});
    ASSERT_TRUE(staff.isOk()) << staff.status().toString();
    staff_ = *staff;
  }

  // Hands over one inbound mail to hanako with an encrypted zip (password "pw-2026"), as the
  // milter does; returns its reference.
  std::string handOverInbound() {
    if (!test::haveProgram("7z")) return "";
    test::writeFileOrDie(dir_.file("見積.txt"), kSecret);
    test::runCommand("cd " + test::shellQuote(dir_.path()) +
                     " && rm -f held.zip && 7z a -tzip -ppw-2026 held.zip 見積.txt >/dev/null");
    test::writeFileOrDie(dir_.file("message.eml"), "Subject: x\r\n\r\nbody\r\n");
    auto writer = MailIntakeWriter::open(dir_.path());
    EXPECT_TRUE(writer.isOk()) << writer.status().toString();
    MailIntake record;
    record.reference = newMailReference();
    record.direction = "inbound";
    record.message_id = "<m1@example.com>";
    record.sender = "<sender@example.com>";
    record.recipients = {"<hanako@city.example.jp>", "<other@city.example.jp>"};
    record.subject = "見積書送付";
    record.from_zone = "internet";
    record.to_zone = "lgwan";
    record.received_at = now_;
    auto original =
        writer->seal(dir_.file("message.eml"), record.reference + ".eml", "eml", 1 << 20);
    EXPECT_TRUE(original.isOk()) << original.status().toString();
    record.original = *original;
    auto held = writer->seal(dir_.file("held.zip"), "見積書.zip", "zip", 1 << 20);
    EXPECT_TRUE(held.isOk()) << held.status().toString();
    record.held.push_back(*held);
    EXPECT_TRUE(writer->commit(record).isOk());
    return record.reference;
  }

  std::vector<MailHold> holdsOf(const auth::User& user, const std::string& zone = "lgwan") {
    auto holds = gateway_->mailHolds({user.id, zone});
    EXPECT_TRUE(holds.isOk()) << holds.status().toString();
    return holds.isOk() ? *holds : std::vector<MailHold>();
  }

  FakeQueue queue_;
  auth::User staff_;
};

TEST_F(MailHolds, IntakeIsIngestedOnceAndShownOnlyToItsRecipients) {
  const std::string ref = handOverInbound();
  if (ref.empty()) GTEST_SKIP() << "7z not installed";
  auto mine = holdsOf(staff_);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].reference, ref);
  EXPECT_EQ(mine[0].subject, "見積書送付");
  EXPECT_TRUE(mine[0].original_kept);
  ASSERT_EQ(mine[0].files.size(), 1u);
  EXPECT_EQ(mine[0].files[0].name, "見積書.zip");
  EXPECT_EQ(mine[0].files[0].state, "held");
  EXPECT_TRUE(holdsOf(staff_, "internet").empty());  // not on the source zone's listener
  EXPECT_TRUE(holdsOf(bob_).empty());                // not a recipient
  EXPECT_EQ(holdsOf(sec_).size(), 1u);               // security managers see every hold
  // The record and the intake's blobs are gone; ingesting again changes nothing.
  EXPECT_TRUE(std::filesystem::is_empty(mailIntakeDirs(dir_.path()).records));
  ASSERT_TRUE(gateway_->ingestMailIntake().isOk());
  EXPECT_EQ(holdsOf(sec_).size(), 1u);
  EXPECT_EQ(auditCount("mail.hold"), 1);
}

TEST_F(MailHolds, WrongPasswordsAreCountedAndTheRightOneDeliversASanitizedTransfer) {
  const std::string ref = handOverInbound();
  if (ref.empty()) GTEST_SKIP() << "7z not installed";
  ASSERT_TRUE(gateway_->ingestMailIntake().isOk());
  Actor hanako{staff_.id, "lgwan"};
  auto wrong = gateway_->openHeldFile(hanako, ref, 1, "nope");
  ASSERT_FALSE(wrong.isOk());
  EXPECT_EQ(wrong.status().reason(), "wrong-password");
  EXPECT_EQ(holdsOf(staff_)[0].files[0].attempts, 1);
  EXPECT_EQ(gateway_->openHeldFile({bob_.id, "lgwan"}, ref, 1, "pw-2026").status().code(),
            StatusCode::kNotFound);  // only a recipient
  EXPECT_EQ(gateway_->openHeldFile(hanako, ref, 2, "pw-2026").status().code(),
            StatusCode::kNotFound);

  auto opened = gateway_->openHeldFile(hanako, ref, 1, "pw-2026");
  ASSERT_TRUE(opened.isOk()) << opened.status().toString();
  ASSERT_TRUE(gateway_->runPending().isOk());
  auto download = gateway_->download(hanako, opened->id);
  ASSERT_TRUE(download.isOk()) << download.status().toString();
  test::TempDir out;
  test::writeFileOrDie(out.file("got.zip"), readAll(*download));
  const std::string listing = test::runCommand("cd " + test::shellQuote(out.path()) +
                                               " && 7z x -y got.zip >/dev/null && cat 見積.txt");
  EXPECT_NE(listing.find(kSecret), std::string::npos) << listing;
  MailHold after = holdsOf(staff_)[0];
  EXPECT_EQ(after.files[0].state, "opened");
  EXPECT_EQ(after.files[0].transfer_id, opened->id);
  EXPECT_EQ(gateway_->openHeldFile(hanako, ref, 1, "pw-2026").status().reason(), "not-held");
  EXPECT_EQ(auditCount("mail.password_wrong"), 1);
  EXPECT_EQ(auditCount("mail.held_opened"), 1);
}

TEST_F(MailHolds, TooManyWrongPasswordsLockTheFile) {
  const std::string ref = handOverInbound();
  if (ref.empty()) GTEST_SKIP() << "7z not installed";
  ASSERT_TRUE(gateway_->ingestMailIntake().isOk());
  Actor hanako{staff_.id, "lgwan"};
  for (int64_t i = 1; i < kMaxPasswordAttempts; ++i) {
    EXPECT_EQ(gateway_->openHeldFile(hanako, ref, 1, "wrong").status().reason(), "wrong-password");
  }
  EXPECT_EQ(gateway_->openHeldFile(hanako, ref, 1, "wrong").status().reason(), "locked");
  EXPECT_EQ(gateway_->openHeldFile(hanako, ref, 1, "pw-2026").status().reason(), "locked");
  EXPECT_EQ(holdsOf(staff_)[0].files[0].state, "locked");
}

TEST_F(MailHolds, AnUnreadableRecordIsSetAsideAndAudited) {
  const auto dirs = mailIntakeDirs(dir_.path());
  std::filesystem::create_directories(dirs.records);
  test::writeFileOrDie(dirs.records + "/M-0123456789abcdef.json", "{\"reference\": 1}");
  test::writeFileOrDie(dirs.records + "/../escape.json", "{}");  // not in records: ignored
  ASSERT_TRUE(gateway_->ingestMailIntake().isOk());
  EXPECT_TRUE(std::filesystem::exists(dirs.records + "/bad-M-0123456789abcdef.json"));
  EXPECT_EQ(auditCount("mail.intake_bad"), 1);
  EXPECT_TRUE(holdsOf(sec_).empty());
}

TEST_F(MailHolds, SecurityManagersReleaseOriginalsAndDecideOnHeldOutboundMail) {
  test::writeFileOrDie(dir_.file("out.eml"), "Subject: list\r\n\r\n個人番号\r\n");
  auto writer = MailIntakeWriter::open(dir_.path());
  ASSERT_TRUE(writer.isOk());
  MailIntake record;
  record.reference = newMailReference();
  record.direction = "outbound";
  record.queue_id = "4F2A1ADA7C0";
  record.sender = "<alice@city.example.jp>";
  record.recipients = {"<someone@example.com>"};
  record.from_zone = "lgwan";
  record.to_zone = "internet";
  record.reason = "dlp-hit 1 finding(s): my_number";
  record.received_at = now_;
  auto original = writer->seal(dir_.file("out.eml"), "out.eml", "eml", 1 << 20);
  ASSERT_TRUE(original.isOk());
  record.original = *original;
  ASSERT_TRUE(writer->commit(record).isOk());
  ASSERT_TRUE(gateway_->ingestMailIntake().isOk());

  Actor sec{sec_.id, "lgwan"};
  Actor alice{alice_.id, "lgwan"};
  EXPECT_EQ(gateway_->decideHeldMail(alice, record.reference, true, "").code(),
            StatusCode::kNotFound);
  EXPECT_EQ(gateway_->releaseMailOriginal(alice, record.reference, "why").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(gateway_->releaseMailOriginal(sec, record.reference, "").status().code(),
            StatusCode::kInvalidArgument);
  {
    auto released = gateway_->releaseMailOriginal(sec, record.reference, "確認");
    ASSERT_TRUE(released.isOk()) << released.status().toString();
    EXPECT_EQ(test::readFileOrDie(released->path()), "Subject: list\r\n\r\n個人番号\r\n");
  }
  EXPECT_EQ(gateway_->decideHeldMail(sec, record.reference, false, "").code(),
            StatusCode::kInvalidArgument);  // a discard needs a comment
  ASSERT_TRUE(gateway_->decideHeldMail(sec, record.reference, true, "業務上必要").isOk());
  EXPECT_EQ(queue_.released, std::vector<std::string>{"4F2A1ADA7C0"});
  EXPECT_EQ(gateway_->decideHeldMail(sec, record.reference, false, "x").code(),
            StatusCode::kNotFound);  // no longer held
  MailHold hold = holdsOf(sec_)[0];
  EXPECT_EQ(hold.state, "released");
  EXPECT_EQ(hold.decided_by, sec_.id);
  EXPECT_EQ(auditCount("mail.outbound_release"), 1);
  EXPECT_EQ(auditCount("mail.original_release"), 1);
}

TEST_F(MailHolds, RetentionDropsOriginalsAndHeldFiles) {
  const std::string ref = handOverInbound();
  if (ref.empty()) GTEST_SKIP() << "7z not installed";
  ASSERT_TRUE(gateway_->ingestMailIntake().isOk());
  auto before = blobs_->list();
  ASSERT_TRUE(before.isOk());
  EXPECT_EQ(before->size(), 2u);
  now_ += int64_t{pack_->retention.originals_days + 1} * 86400;
  ASSERT_TRUE(gateway_->runRetention().isOk());
  MailHold hold = holdsOf(staff_)[0];
  EXPECT_FALSE(hold.original_kept);
  EXPECT_EQ(hold.state, "purged");
  EXPECT_EQ(hold.files[0].state, "purged");
  EXPECT_EQ(gateway_->openHeldFile({staff_.id, "lgwan"}, ref, 1, "pw-2026").status().reason(),
            "not-held");
}

}  // namespace
}  // namespace sanso::gateway
