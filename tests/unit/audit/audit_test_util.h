// Helpers for the audit tests: filling a log and tampering with its file directly.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "sanso/audit/audit_log.h"

namespace sanso::audit::test {

inline Event event(int i) {
  return Event{"user" + std::to_string(i % 3),
               "lgwan",
               "transfer.create",
               "T-" + std::to_string(i),
               {{"i", i}, {"name", "報告書.docx"}}};
}

// Appends `count` events to a fresh log in `dir` and closes it (which signs a checkpoint).
inline void fillLog(const std::string& dir, int count, uint64_t checkpoint_every) {
  AuditLog::Options options;
  options.checkpoint_every = checkpoint_every;
  auto log = AuditLog::open(dir, options);
  ASSERT_TRUE(log.isOk()) << log.status().toString();
  for (int i = 1; i <= count; ++i) ASSERT_TRUE((*log)->append(event(i)).isOk());
}

// Runs `sql` on the audit database as an attacker with the file would: triggers dropped.
inline void tamper(const std::string& dir, const std::string& sql) {
  auto db = store::Database::open(dir + "/" + kAuditDatabaseFile);
  ASSERT_TRUE(db.isOk());
  auto tx = (*db)->begin();
  ASSERT_TRUE(tx.isOk());
  Status status = tx->exec(
      "DROP TRIGGER audit_records_no_update; DROP TRIGGER audit_records_no_delete;"
      "DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete;" +
      sql);
  ASSERT_TRUE(status.isOk()) << status.toString();
  ASSERT_TRUE(tx->commit().isOk());
}

// verify() of the log in `dir` with its own key.
inline VerifyReport verifyDir(const std::string& dir) {
  auto db = openAuditDatabase(dir);
  EXPECT_TRUE(db.isOk()) << db.status().toString();
  auto key = loadPublicKey(dir);
  EXPECT_TRUE(key.isOk()) << key.status().toString();
  auto report = verifyChain(**db, *key);
  EXPECT_TRUE(report.isOk()) << report.status().toString();
  return *report;
}

}  // namespace sanso::audit::test
