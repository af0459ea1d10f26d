// A gateway over a fresh data directory with the default pack, a fake clock and five users.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "sanso/gateway/gateway.h"
#include "sanso/policy/loader.h"
#include "support/test_util.h"

namespace sanso::gateway {

class GatewayFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override { gateway_.reset(); }

  // (Re)opens the gateway with `workers` threads.
  void openGateway(int workers);
  auth::User addUser(const std::string& login, const std::string& department,
                     const std::string& role);
  // Creates a transfer from alice on `from` and uploads `data` as `name`.
  int64_t send(const std::string& from, const std::string& to, const std::string& data,
               const std::string& name, int64_t max_downloads = 0);
  // Reads a download's bytes.
  static std::string readAll(const Download& download);
  // How many audit records have `action` (after the chain caught up).
  int64_t auditCount(const std::string& action);
  // The transfer as its sender sees it.
  Transfer asSender(int64_t id, const std::string& zone);

  test::TempDir dir_;
  int64_t now_ = 1'780'000'000;
  Notifier* notifier_ = nullptr;  // for the next openGateway(); null: a LogNotifier
  MailQueue* mail_queue_ = nullptr;  // for the next openGateway()
  // For the next openGateway(); unset: steps wait for the audit chain.
  std::optional<std::chrono::milliseconds> audit_relay_linger_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<store::SecretBox> box_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<auth::Accounts> accounts_;
  std::unique_ptr<policy::PolicyPack> pack_;
  std::unique_ptr<dlp::Scanner> scanner_;
  std::unique_ptr<Gateway> gateway_;
  auth::User alice_, boss_, bob_, eve_, sec_;
};

}  // namespace sanso::gateway
