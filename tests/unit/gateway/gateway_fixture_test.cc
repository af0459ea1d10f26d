// The fixture's definitions (a *_test.cc file so that the unit-test glob picks it up).
#include "gateway_fixture.h"

#include <unistd.h>

namespace sanso::gateway {

void GatewayFixture::SetUp() {
  auto db = store::Database::open(dir_.file("sanso.db"));
  ASSERT_TRUE(db.isOk()) << db.status().toString();
  db_ = std::move(*db);
  auto blobs = store::BlobStore::open(dir_.file("blobs"), *db_, kMaxBlobRowBytes);
  ASSERT_TRUE(blobs.isOk()) << blobs.status().toString();
  blobs_ = std::make_unique<store::BlobStore>(std::move(*blobs));
  auto box = store::SecretBox::open(dir_.file("keys/originals.key"));
  ASSERT_TRUE(box.isOk()) << box.status().toString();
  box_ = std::make_unique<store::SecretBox>(std::move(*box));
  auto audit = audit::AuditLog::open(dir_.path());
  ASSERT_TRUE(audit.isOk()) << audit.status().toString();
  audit_ = std::move(*audit);
  auto accounts = auth::Accounts::open(*db_);
  ASSERT_TRUE(accounts.isOk()) << accounts.status().toString();
  accounts_ = std::move(*accounts);
  auto pack = policy::loadPack(std::string(SANSO_SOURCE_DIR) + "/" + policy::kDefaultPackPath);
  ASSERT_TRUE(pack.isOk()) << pack.status().toString();
  pack_ = std::make_unique<policy::PolicyPack>(std::move(*pack));
  auto scanner = dlp::Scanner::create(scannerConfigFor(*pack_));
  ASSERT_TRUE(scanner.isOk()) << scanner.status().toString();
  scanner_ = std::make_unique<dlp::Scanner>(std::move(*scanner));

  alice_ = addUser("alice", "総務課", "staff");
  boss_ = addUser("boss", "総務課", "staff");
  bob_ = addUser("bob", "総務課", "staff");
  eve_ = addUser("eve", "企画課", "staff");
  sec_ = addUser("sec", "情報政策課", "security-manager");
  ASSERT_TRUE(accounts_->setSupervisor(alice_.department_id, boss_.id).isOk());
  openGateway(0);
}

void GatewayFixture::openGateway(int workers) {
  gateway_.reset();
  GatewayDeps deps{.db = *db_,
                   .blobs = *blobs_,
                   .secret_box = *box_,
                   .audit = *audit_,
                   .accounts = *accounts_,
                   .pack = *pack_,
                   .scanner = scanner_.get(),
                   .engine_options = {},
                   .work_dir = dir_.file("work"),
                   .workers = workers,
                   .clock = [this] { return now_; },
                   .notifier = notifier_};
  deps.upload_dir = dir_.file("uploads");
  deps.mail_intake = mailIntakeDirs(dir_.path());
  deps.mail_queue = mail_queue_;
  deps.audit_relay_linger = audit_relay_linger_;
  auto gateway = Gateway::open(std::move(deps));
  ASSERT_TRUE(gateway.isOk()) << gateway.status().toString();
  gateway_ = std::move(*gateway);
}

auth::User GatewayFixture::addUser(const std::string& login, const std::string& department,
                                   const std::string& role) {
  auto user = accounts_->addUser({login, login, department, role, "", "correct horse battery"});
  EXPECT_TRUE(user.isOk()) << user.status().toString();
  return user.isOk() ? *user : auth::User{};
}

int64_t GatewayFixture::send(const std::string& from, const std::string& to,
                             const std::string& data, const std::string& name,
                             int64_t max_downloads) {
  Actor alice{alice_.id, from};
  NewTransfer request{to, {bob_.id}, {{"confidentiality", "2"}}, "連絡", max_downloads};
  auto created = gateway_->create(alice, request);
  EXPECT_TRUE(created.isOk()) << created.status().toString();
  if (!created.isOk()) return 0;
  std::string upload = dir_.file("upload.bin");
  test::writeFileOrDie(upload, data);
  auto uploaded = gateway_->upload(alice, created->id, upload, name);
  EXPECT_TRUE(uploaded.isOk()) << uploaded.status().toString();
  ::unlink(upload.c_str());
  return created->id;
}

std::string GatewayFixture::readAll(const Download& download) {
  std::string out;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(download.fd.get(), buffer, sizeof buffer);
    if (n <= 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

int64_t GatewayFixture::auditCount(const std::string& action) {
  EXPECT_TRUE(audit_->catchUp().isOk());
  auto session = audit_->database().read();
  EXPECT_TRUE(session.isOk());
  auto st = session->prepare("SELECT count(*) FROM audit_records WHERE action = ?1");
  EXPECT_TRUE(st.isOk());
  EXPECT_TRUE(st->bindText(1, action).isOk());
  auto row = st->step();
  EXPECT_TRUE(row.isOk() && *row);
  return st->columnInt64(0);
}

Transfer GatewayFixture::asSender(int64_t id, const std::string& zone) {
  auto transfer = gateway_->get({alice_.id, zone}, id);
  EXPECT_TRUE(transfer.isOk()) << transfer.status().toString();
  return transfer.isOk() ? *transfer : Transfer{};
}

}  // namespace sanso::gateway
