// An Isms over a fresh data directory, a fake clock, a small pack of its own (so that the tests
// do not depend on the default pack's wording) and users in three departments.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "sanso/isms/isms.h"
#include "support/test_util.h"

namespace sanso::isms {

class IsmsFixture : public ::testing::Test {
 protected:
  void SetUp() override;

  Actor actorOf(const auth::User& user) const;
  // How many audit records have `action` once the outbox has been relayed.
  int64_t auditCount(const std::string& action);
  static policy::PolicyPack testPack();

  test::TempDir dir_;
  int64_t now_ = 1'780'000'000;  // 2026-05-29 JST
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<auth::Accounts> accounts_;
  std::unique_ptr<store::BlobStore> evidence_;
  policy::PolicyPack pack_;
  std::unique_ptr<Isms> isms_;
  // somu_ and somu2_ in 総務課, kikaku_ in 企画課, ciso_ (manager) and audit_user_ (reader) in
  // 情報政策課.
  auth::User somu_, somu2_, kikaku_, ciso_, auditor_;
};

}  // namespace sanso::isms
