#include "sanso/audit/verify.h"

#include <gtest/gtest.h>

#include "audit_test_util.h"
#include "sanso/common/file_io.h"
#include "support/test_util.h"

namespace sanso::audit {
namespace {

class AuditVerify : public ::testing::Test {
 protected:
  void SetUp() override { test::fillLog(dir_.path(), 20, 10); }  // checkpoints 10 and 20

  Problem problemAfter(const std::string& sql) {
    test::tamper(dir_.path(), sql);
    VerifyReport report = test::verifyDir(dir_.path());
    EXPECT_FALSE(report.intact());
    return report.problem.value_or(Problem{});
  }

  // Inserts a checkpoint row for (seq, hash) signed by the key file at `key_path`.
  void insertCheckpoint(const std::string& key_path, uint64_t seq, const std::string& hash) {
    auto key = SigningKey::loadOrCreate(key_path);
    ASSERT_TRUE(key.isOk());
    Checkpoint checkpoint{seq, hash, "2026-04-01T00:00:00.000Z", {}};
    key->sign(checkpoint);
    test::tamper(dir_.path(),
                 "INSERT INTO audit_checkpoints (seq, hash, time, signature) VALUES (" +
                     std::to_string(seq) + ", '" + hash + "', '" + checkpoint.time + "', '" +
                     checkpoint.signature + "')");
  }

  std::string hashOf(uint64_t seq) {
    auto db = openAuditDatabase(dir_.path());
    auto session = (*db)->read();
    auto row =
        session->prepare("SELECT hash FROM audit_records WHERE seq = " + std::to_string(seq));
    EXPECT_TRUE(*row->step());
    return row->columnText(0);
  }

  sanso::test::TempDir dir_;
};

TEST_F(AuditVerify, IntactLogVerifies) {
  VerifyReport report = test::verifyDir(dir_.path());
  EXPECT_TRUE(report.intact());
  EXPECT_EQ(report.records, 20u);
  EXPECT_EQ(report.verified, 20u);
  EXPECT_EQ(report.checkpoints, 2u);
  EXPECT_EQ(report.last_checkpoint->seq, 20u);
}

TEST_F(AuditVerify, NamesAnEditedRecord) {
  Problem problem = problemAfter("UPDATE audit_records SET details = '{\"i\":999}' WHERE seq = 7");
  EXPECT_EQ(problem.kind, ProblemKind::kEdited);
  EXPECT_EQ(problem.seq, 7u);
}

TEST_F(AuditVerify, NamesARemovedRecord) {
  Problem problem = problemAfter("DELETE FROM audit_records WHERE seq = 4");
  EXPECT_EQ(problem.kind, ProblemKind::kRemoved);
  EXPECT_EQ(problem.seq, 4u);
}

TEST_F(AuditVerify, NamesARemovalHiddenByRenumbering) {
  Problem problem = problemAfter(
      "DELETE FROM audit_records WHERE seq = 4;"
      "UPDATE audit_records SET seq = seq - 1 WHERE seq > 4");
  // Record 5 (now at 4) is intact, but its predecessor is nowhere in the chain.
  EXPECT_EQ(problem.kind, ProblemKind::kRemoved);
  EXPECT_EQ(problem.seq, 4u);
}

TEST_F(AuditVerify, NamesATruncatedTail) {
  Problem problem = problemAfter("DELETE FROM audit_records WHERE seq > 15");
  EXPECT_EQ(problem.kind, ProblemKind::kRemoved);
  EXPECT_EQ(problem.seq, 16u);
  EXPECT_NE(problem.message.find("checkpoint"), std::string::npos) << problem.message;
}

TEST_F(AuditVerify, NamesSwappedRecords) {
  Problem problem = problemAfter(
      "UPDATE audit_records SET seq = -5 WHERE seq = 5;"
      "UPDATE audit_records SET seq = 5 WHERE seq = 6;"
      "UPDATE audit_records SET seq = 6 WHERE seq = -5");
  EXPECT_EQ(problem.kind, ProblemKind::kReordered);
  EXPECT_EQ(problem.seq, 5u);
}

TEST_F(AuditVerify, NamesAForgedCheckpointSignature) {
  Problem problem = problemAfter(
      "UPDATE audit_checkpoints SET signature = replace(signature, substr(signature, 1, 2), 'ff')"
      " WHERE seq = 10");
  EXPECT_EQ(problem.kind, ProblemKind::kCheckpointInvalid);
  EXPECT_EQ(problem.seq, 10u);
}

TEST_F(AuditVerify, NamesACheckpointSignedByAnotherKey) {
  insertCheckpoint(dir_.file("attacker.key"), 15, hashOf(15));
  VerifyReport report = test::verifyDir(dir_.path());
  ASSERT_TRUE(report.problem.has_value());
  EXPECT_EQ(report.problem->kind, ProblemKind::kCheckpointInvalid);
  EXPECT_EQ(report.problem->seq, 15u);
  EXPECT_EQ(report.last_checkpoint->seq, 10u);  // the last one verified before it
}

TEST_F(AuditVerify, NamesACheckpointThatDisagreesWithTheChain) {
  insertCheckpoint(dir_.file(kSigningKeyFile), 15, hashOf(14));
  VerifyReport report = test::verifyDir(dir_.path());
  ASSERT_TRUE(report.problem.has_value());
  EXPECT_EQ(report.problem->kind, ProblemKind::kCheckpointMismatch);
  EXPECT_EQ(report.problem->seq, 15u);
}

TEST_F(AuditVerify, RewrittenChainFailsAgainstTheAuditorsKey) {
  // An attacker who rewrites the chain and signs with a new key file is caught by the
  // public key the auditor kept.
  auto kept = loadPublicKey(dir_.path());
  ASSERT_TRUE(kept.isOk());
  ASSERT_EQ(::unlink(dir_.file(kSigningKeyFile).c_str()), 0);
  test::tamper(dir_.path(), "DELETE FROM audit_records; DELETE FROM audit_checkpoints");
  test::fillLog(dir_.path(), 20, 10);
  auto db = openAuditDatabase(dir_.path());
  auto report = verifyChain(**db, *kept);
  ASSERT_TRUE(report.isOk());
  ASSERT_TRUE(report->problem.has_value());
  EXPECT_EQ(report->problem->kind, ProblemKind::kCheckpointInvalid);
  EXPECT_EQ(report->problem->seq, 10u);
  EXPECT_TRUE(test::verifyDir(dir_.path()).intact());  // with the new key it would pass
}

TEST_F(AuditVerify, CommandLineReportsTheProblem) {
  std::string base =
      std::string(SANSO_BINARY) + " audit verify --data " + sanso::test::shellQuote(dir_.path());
  int exit_code = -1;
  std::string out = sanso::test::runCommand(base, &exit_code);
  EXPECT_EQ(exit_code, 0) << out;
  EXPECT_NE(out.find("intact: 20 records"), std::string::npos) << out;

  std::string key =
      sanso::test::runCommand(std::string(SANSO_BINARY) + " audit public-key --data " +
                                  sanso::test::shellQuote(dir_.path()),
                              &exit_code);
  EXPECT_EQ(exit_code, 0);
  ASSERT_EQ(key.size(), 65u);
  sanso::test::runCommand(base + " --public-key " + key.substr(0, 64), &exit_code);
  EXPECT_EQ(exit_code, 0);
  sanso::test::runCommand(base + " --public-key " + std::string(64, '1') + " 2>&1", &exit_code);
  EXPECT_EQ(exit_code, 1);

  test::tamper(dir_.path(), "UPDATE audit_records SET actor = 'someone else' WHERE seq = 3");
  out = sanso::test::runCommand(base, &exit_code);
  EXPECT_EQ(exit_code, 1);
  EXPECT_NE(out.find("edited at seq 3"), std::string::npos) << out;

  sanso::test::runCommand(std::string(SANSO_BINARY) + " audit verify --data " +
                              sanso::test::shellQuote(dir_.file("nothing-here")) + " 2>&1",
                          &exit_code);
  EXPECT_EQ(exit_code, 1);
  EXPECT_FALSE(sanso::test::fileExists(dir_.file("nothing-here/audit.db")));
}

}  // namespace
}  // namespace sanso::audit
