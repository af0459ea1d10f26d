// Substitute approvers (代理承認者) of departments: period, replacement, removal, disabled users.
#include <gtest/gtest.h>

#include "sanso/auth/accounts.h"
#include "support/test_util.h"

namespace sanso::auth {
namespace {

constexpr const char* kPassword = "correct horse battery";
constexpr int64_t kNow = 1'780'000'000;

class SubstitutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::Database::open(dir_.file("sanso.db"));
    ASSERT_TRUE(db.isOk()) << db.status().toString();
    db_ = std::move(*db);
    auto accounts = Accounts::open(*db_);
    ASSERT_TRUE(accounts.isOk()) << accounts.status().toString();
    accounts_ = std::move(*accounts);
    staff_ = add("staff", "総務課");
    deputy_ = add("deputy", "企画課");
  }

  User add(const std::string& login, const std::string& department) {
    auto user = accounts_->addUser({login, login, department, "staff", "", kPassword});
    EXPECT_TRUE(user.isOk()) << user.status().toString();
    return user.isOk() ? *user : User{};
  }

  bool substitute(int64_t approver, int64_t now) {
    auto is = accounts_->isSubstituteFor(approver, staff_.id, now);
    EXPECT_TRUE(is.isOk()) << is.status().toString();
    return is.isOk() && *is;
  }

  test::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Accounts> accounts_;
  User staff_, deputy_;
};

TEST_F(SubstitutesTest, ValidOnlyWithinTheirPeriod) {
  EXPECT_FALSE(substitute(deputy_.id, kNow));
  ASSERT_TRUE(
      accounts_->setSubstitute({staff_.department_id, deputy_.id, kNow, kNow + 100}).isOk());
  EXPECT_FALSE(substitute(deputy_.id, kNow - 1));
  EXPECT_TRUE(substitute(deputy_.id, kNow));
  EXPECT_TRUE(substitute(deputy_.id, kNow + 100));
  EXPECT_FALSE(substitute(deputy_.id, kNow + 101));
  EXPECT_FALSE(substitute(staff_.id, kNow));  // the sender's own department is not enough
  // A new period replaces the old one; 0 leaves a side open.
  ASSERT_TRUE(accounts_->setSubstitute({staff_.department_id, deputy_.id, 0, 0}).isOk());
  EXPECT_TRUE(substitute(deputy_.id, 1));
  EXPECT_EQ(accounts_->substitutes(staff_.department_id)->size(), 1u);
  auto valid = accounts_->substitutesOf(staff_.id, kNow);
  ASSERT_TRUE(valid.isOk());
  ASSERT_EQ(valid->size(), 1u);
  EXPECT_EQ(valid->front().login, "deputy");
}

TEST_F(SubstitutesTest, DisabledOrRemovedSubstitutesDoNotCount) {
  ASSERT_TRUE(accounts_->setSubstitute({staff_.department_id, deputy_.id, 0, 0}).isOk());
  ASSERT_TRUE(accounts_->setDisabled(deputy_.id, true).isOk());
  EXPECT_FALSE(substitute(deputy_.id, kNow));
  EXPECT_TRUE(accounts_->substitutesOf(staff_.id, kNow)->empty());
  ASSERT_TRUE(accounts_->setDisabled(deputy_.id, false).isOk());
  EXPECT_TRUE(substitute(deputy_.id, kNow));
  ASSERT_TRUE(accounts_->removeSubstitute(staff_.department_id, deputy_.id).isOk());
  EXPECT_FALSE(substitute(deputy_.id, kNow));
  EXPECT_EQ(accounts_->removeSubstitute(staff_.department_id, deputy_.id).code(),
            StatusCode::kNotFound);
}

TEST_F(SubstitutesTest, RefusesBadInput) {
  EXPECT_EQ(accounts_->setSubstitute({staff_.department_id, deputy_.id, kNow, kNow - 1}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(accounts_->setSubstitute({staff_.department_id, deputy_.id, -1, 0}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(accounts_->setSubstitute({9999, deputy_.id, 0, 0}).code(), StatusCode::kNotFound);
  EXPECT_EQ(accounts_->setSubstitute({staff_.department_id, 9999, 0, 0}).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(accounts_->departmentByName("総務課")->id, staff_.department_id);
  EXPECT_EQ(accounts_->departmentByName("存在しない課").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sanso::auth
