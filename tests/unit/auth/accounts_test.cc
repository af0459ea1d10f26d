#include "sanso/auth/accounts.h"

#include <gtest/gtest.h>

#include "sanso/auth/sessions.h"
#include "sanso/auth/totp.h"
#include "support/test_util.h"

namespace sanso::auth {
namespace {

constexpr const char* kPassword = "correct horse battery";

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::Database::open(dir_.file("sanso.db"));
    ASSERT_TRUE(db.isOk()) << db.status().toString();
    db_ = std::move(*db);
    auto accounts = Accounts::open(*db_);
    ASSERT_TRUE(accounts.isOk()) << accounts.status().toString();
    accounts_ = std::move(*accounts);
  }

  User add(const std::string& login, const std::string& department = "情報政策課") {
    auto user = accounts_->addUser({login, "山田 太郎", department, "staff", "", kPassword});
    EXPECT_TRUE(user.isOk()) << user.status().toString();
    return user.isOk() ? *user : User{};
  }

  Result<LoginOutcome> login(const std::string& login, const std::string& password,
                             const std::string& code = "", time_t now = 1700000000) {
    return accounts_->login({login, password, code, false, now});
  }

  test::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Accounts> accounts_;
};

TEST_F(AccountsTest, AddsUsersAndChecksPasswords) {
  User user = add("taro");
  EXPECT_EQ(user.display_name, "山田 太郎");
  auto ok = login("taro", kPassword);
  ASSERT_TRUE(ok.isOk()) << ok.status().toString();
  EXPECT_EQ(ok->user.id, user.id);
  EXPECT_TRUE(ok->mfa_ok);
  EXPECT_EQ(login("taro", "wrong password!").status().reason(), "bad-credentials");
  EXPECT_EQ(login("nobody", kPassword).status().reason(), "bad-credentials");
  EXPECT_FALSE(accounts_->addUser({"taro", "x", "d", "staff", "", kPassword}).isOk());
  EXPECT_FALSE(accounts_->addUser({"Bad Login", "x", "d", "staff", "", kPassword}).isOk());
  EXPECT_FALSE(accounts_->addUser({"short", "x", "d", "staff", "", "short"}).isOk());
}

TEST_F(AccountsTest, AnAdministratorsResetMustBeChangedByTheUser) {
  User user = add("taro");
  EXPECT_FALSE(user.must_change_password);
  ASSERT_TRUE(accounts_->setPassword(user.id, "temporary password 1").isOk());
  auto reset = login("taro", "temporary password 1");
  ASSERT_TRUE(reset.isOk()) << reset.status().toString();
  EXPECT_TRUE(reset->user.must_change_password);
  // A refused change leaves the flag; the user's own change clears it.
  EXPECT_FALSE(
      accounts_->changePassword(user.id, "temporary password 1", "short", 1700000000).isOk());
  EXPECT_TRUE(accounts_->user(user.id)->must_change_password);
  ASSERT_TRUE(
      accounts_->changePassword(user.id, "temporary password 1", "my own password 2", 1700000000)
          .isOk());
  EXPECT_FALSE(accounts_->user(user.id)->must_change_password);
  EXPECT_FALSE(login("taro", "my own password 2")->user.must_change_password);
}

TEST_F(AccountsTest, LocksOutAfterRepeatedFailuresWithBackOff) {
  add("hanako");
  const time_t now = 1700000000;
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(login("hanako", "wrong password!", "", now).isOk());
  // Locked now, even with the right password; the lock lasts a minute, then doubles.
  EXPECT_EQ(login("hanako", kPassword, "", now + 1).status().reason(), "locked");
  EXPECT_TRUE(login("hanako", kPassword, "", now + 61).isOk());
  // Attempts while locked do not count; the next failure after the lock doubles it.
  for (int i = 0; i < 5; ++i) (void)login("hanako", "wrong password!", "", now + 200);
  EXPECT_EQ(login("hanako", "wrong password!", "", now + 230).status().reason(), "locked");
  EXPECT_EQ(login("hanako", "wrong password!", "", now + 261).status().reason(), "bad-credentials");
  EXPECT_EQ(login("hanako", kPassword, "", now + 261 + 100).status().reason(), "locked");
  EXPECT_TRUE(login("hanako", kPassword, "", now + 261 + 121).isOk());
}

TEST_F(AccountsTest, TotpEnrolmentThenCodesAndSingleUseRecoveryCodes) {
  User user = add("admin");
  const time_t now = 1700000000;
  auto enrolment = accounts_->beginTotp(user.id, "sanso");
  ASSERT_TRUE(enrolment.isOk()) << enrolment.status().toString();
  // Decode the base32 secret the way an authenticator app would.
  std::vector<uint8_t> secret;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : enrolment->secret_base32) {
    int value = c >= 'A' && c <= 'Z' ? c - 'A' : c - '2' + 26;
    buffer = (buffer << 5) | static_cast<uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      secret.push_back(static_cast<uint8_t>(buffer >> (bits - 8)));
      bits -= 8;
    }
  }
  EXPECT_FALSE(accounts_->confirmTotp(user.id, "000000", now).isOk() &&
               totpCode(secret, now) != "000000");
  auto codes = accounts_->confirmTotp(user.id, totpCode(secret, now), now);
  ASSERT_TRUE(codes.isOk()) << codes.status().toString();
  ASSERT_EQ(codes->size(), 10u);

  EXPECT_EQ(login("admin", kPassword, "", now + 30).status().reason(), "totp-required");
  EXPECT_EQ(login("admin", kPassword, "123", now + 30).status().reason(), "totp-wrong");
  auto ok = login("admin", kPassword, totpCode(secret, now + 30), now + 30);
  ASSERT_TRUE(ok.isOk()) << ok.status().toString();
  // The same code again (replay) is refused.
  EXPECT_FALSE(login("admin", kPassword, totpCode(secret, now + 30), now + 31).isOk());
  // A recovery code works once, in any case and with or without its hyphen.
  std::string recovery = (*codes)[3];
  std::string lower;
  for (char c : recovery) {
    if (c != '-') lower.push_back(static_cast<char>(std::tolower(c)));
  }
  auto recovered = login("admin", kPassword, lower, now + 100);
  ASSERT_TRUE(recovered.isOk()) << recovered.status().toString();
  EXPECT_TRUE(recovered->used_recovery_code);
  EXPECT_FALSE(login("admin", kPassword, recovery, now + 101).isOk());
}

TEST_F(AccountsTest, MfaRequiredWithoutEnrolmentGivesAnEnrolmentOnlyLogin) {
  add("ciso");
  auto outcome = accounts_->login({"ciso", kPassword, "", true, 1700000000});
  ASSERT_TRUE(outcome.isOk());
  EXPECT_FALSE(outcome->mfa_ok);
}

TEST_F(AccountsTest, SupervisorsComeFromTheDepartment) {
  User staff = add("staff1", "税務課");
  User head = add("head1", "税務課");
  auto none = accounts_->supervisorOf(staff.id);
  ASSERT_TRUE(none.isOk());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(accounts_->setSupervisor(staff.department_id, head.id).isOk());
  auto found = accounts_->supervisorOf(staff.id);
  ASSERT_TRUE(found.isOk() && found->has_value());
  EXPECT_EQ((*found)->id, head.id);
}

TEST_F(AccountsTest, SessionsAreBoundToTheirZoneAndExpire) {
  User user = add("taro");
  Sessions sessions(*db_, SessionPolicy{600, 3600});
  const time_t now = 1700000000;
  auto created = sessions.create(user.id, "lgwan", true, now);
  ASSERT_TRUE(created.isOk());
  EXPECT_TRUE(sessions.validate(created->token, "lgwan", now + 10).isOk());
  EXPECT_FALSE(sessions.validate(created->token, "internet", now + 10).isOk());
  EXPECT_FALSE(sessions.validate("forged-token", "lgwan", now + 10).isOk());
  EXPECT_FALSE(sessions.validate(created->token + "'; DROP TABLE users; --", "lgwan", now).isOk());
  auto valid = sessions.validate(created->token, "lgwan", now + 500);
  ASSERT_TRUE(valid.isOk());
  EXPECT_TRUE(Sessions::csrfMatches(*valid, created->csrf_token));
  EXPECT_FALSE(Sessions::csrfMatches(*valid, ""));
  EXPECT_FALSE(Sessions::csrfMatches(*valid, created->token));
  // Idle: 600 s after the last refresh (at +500) it is gone.
  EXPECT_FALSE(sessions.validate(created->token, "lgwan", now + 1200).isOk());
  auto other = sessions.create(user.id, "lgwan", true, now);
  ASSERT_TRUE(other.isOk());
  ASSERT_TRUE(accounts_->setDisabled(user.id, true).isOk());
  EXPECT_FALSE(sessions.validate(other->token, "lgwan", now + 1).isOk());
}

}  // namespace
}  // namespace sanso::auth
