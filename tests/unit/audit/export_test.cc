#include "sanso/audit/export.h"

#include <gtest/gtest.h>

#include <sstream>

#include "audit_test_util.h"
#include "support/test_util.h"

namespace sanso::audit {
namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(AuditExport, JsonLinesCarryEveryFieldAndRehash) {
  sanso::test::TempDir dir;
  test::fillLog(dir.path(), 5, 1000);
  auto db = openAuditDatabase(dir.path());
  ASSERT_TRUE(db.isOk());
  std::ostringstream out;
  ASSERT_TRUE(exportRecords(**db, ExportFormat::kJsonLines, 3, out).isOk());
  auto rows = lines(out.str());
  ASSERT_EQ(rows.size(), 3u);
  std::string prev;
  for (size_t i = 0; i < rows.size(); ++i) {
    auto line = nlohmann::json::parse(rows[i]);
    EXPECT_EQ(line["seq"], 3 + i);
    EXPECT_EQ(line["action"], "transfer.create");
    EXPECT_EQ(line["details"]["name"], "報告書.docx");
    // An auditor can recompute the hash from the exported line alone.
    Record record{line["seq"],    line["time"],      line["actor"],          line["zone"],
                  line["action"], line["object_id"], line["details"].dump(), line["prev_hash"],
                  line["hash"]};
    EXPECT_EQ(recordHash(record), record.hash);
    if (!prev.empty()) {
      EXPECT_EQ(record.prev_hash, prev);
    }
    prev = record.hash;
  }
}

TEST(AuditExport, RecentRecordsPageNewestFirst) {
  sanso::test::TempDir dir;
  test::fillLog(dir.path(), 7, 1000);
  auto db = openAuditDatabase(dir.path());
  ASSERT_TRUE(db.isOk());
  auto seqs = [&](uint64_t before, uint64_t limit) {
    std::vector<uint64_t> out;
    auto records = recentRecords(**db, before, limit);
    EXPECT_TRUE(records.isOk());
    if (records.isOk()) {
      for (const auto& record : *records) out.push_back(record.seq);
    }
    return out;
  };
  EXPECT_EQ(seqs(0, 3), (std::vector<uint64_t>{7, 6, 5}));
  EXPECT_EQ(seqs(5, 3), (std::vector<uint64_t>{4, 3, 2}));
  EXPECT_EQ(seqs(2, 3), (std::vector<uint64_t>{1}));
  EXPECT_TRUE(seqs(1, 3).empty());
  EXPECT_TRUE(seqs(4, 0).empty());
}

TEST(AuditExport, SyslogLinesFollowRfc5424) {
  Record record{42,
                "2026-04-01T09:30:00.123Z",
                "taro \"x\"]",
                "lgwan",
                "login.success",
                "",
                R"({"ip":"10.0.0.1"})",
                std::string(kGenesisHash),
                std::string(64, 'a')};
  std::string line = toSyslogLine(record, "gw01");
  EXPECT_EQ(line,
            "<110>1 2026-04-01T09:30:00.123Z gw01 sanso - login.success [sanso@32473 seq=\"42\" "
            "hash=\"" +
                std::string(64, 'a') + "\" prev_hash=\"" + std::string(kGenesisHash) +
                "\" actor=\"taro \\\"x\\\"\\]\" zone=\"lgwan\" action=\"login.success\" "
                "object_id=\"\"] {\"ip\":\"10.0.0.1\"}");

  sanso::test::TempDir dir;
  test::fillLog(dir.path(), 4, 1000);
  int exit_code = -1;
  std::string out = sanso::test::runCommand(std::string(SANSO_BINARY) +
                                                " audit export --format syslog --from 2 --data " +
                                                sanso::test::shellQuote(dir.path()),
                                            &exit_code);
  EXPECT_EQ(exit_code, 0);
  auto rows = lines(out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].rfind("<110>1 ", 0), 0u);
  EXPECT_NE(rows[0].find("seq=\"2\""), std::string::npos) << rows[0];
  out = sanso::test::runCommand(
      std::string(SANSO_BINARY) + " audit export --data " + sanso::test::shellQuote(dir.path()),
      &exit_code);
  EXPECT_EQ(exit_code, 0);
  EXPECT_EQ(lines(out).size(), 4u);
}

}  // namespace
}  // namespace sanso::audit
