// diffPacks and `sanso policy diff`: the default pack against a modified copy written here.
#include "sanso/policy/pack_diff.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "sanso/policy/loader.h"
#include "support/test_util.h"

namespace sanso::policy {
namespace {

using sanso::test::runCommand;
using sanso::test::shellQuote;

const std::string kDefaultPack = std::string(SANSO_SOURCE_DIR) + "/" + kDefaultPackPath;

void replaceOnce(std::string& text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

// The default pack, version 5: a control added, a requirement removed and one reworded, a
// threat mapped to the new control, self-inspection twice a year, exports without approval.
std::string modifiedPack() {
  std::string text = test::readFileOrDie(kDefaultPack);
  replaceOnce(text, "\nversion: 4\n", "\nversion: 5\n");
  replaceOnce(text, "\ncontrols:\n",
              "\ncontrols:\n  - {id: OPS-10, category: operational, clause: 6(7), name: "
              "新しい管理策, description: 新しい説明}\n");
  const size_t from = text.find("  - id: 6(7)-6\n");
  const size_t to = text.find("  # 6(8)");
  EXPECT_LT(from, to);
  text.erase(from, to - from);
  replaceOnce(text, "所属で自己点検を定期的に行い", "所属で自己点検を年2回行い");
  replaceOnce(text, "[HUM-03, HUM-02, TEC-06, TEC-01]", "[HUM-03, HUM-02, TEC-06, TEC-01, OPS-10]");
  replaceOnce(text, "{id: self-inspection, name: 自己点検, months: 12,",
              "{id: self-inspection, name: 自己点検, months: 6,");
  replaceOnce(text, "    approval: supervisor\n", "    approval: none\n");
  return text;
}

const ItemChange* findChange(const PackDiff& diff, const std::string& section,
                             const std::string& id) {
  for (const auto& change : diff.changes) {
    if (change.section == section && change.id == id) return &change;
  }
  return nullptr;
}

TEST(PolicyPackDiff, SamePackHasNoDifferences) {
  auto pack = loadPack(kDefaultPack);
  ASSERT_TRUE(pack.isOk()) << pack.status().toString();
  PackDiff diff = diffPacks(*pack, *pack);
  EXPECT_TRUE(diff.changes.empty());
  EXPECT_NE(diffText(diff).find("差分なし"), std::string::npos);
}

TEST(PolicyPackDiff, FindsEachChange) {
  auto before = loadPack(kDefaultPack);
  auto after = parsePack(modifiedPack(), "modified.yaml");
  ASSERT_TRUE(before.isOk()) << before.status().toString();
  ASSERT_TRUE(after.isOk()) << after.status().toString();
  PackDiff diff = diffPacks(*before, *after);
  EXPECT_EQ(diff.before_version, 4);
  EXPECT_EQ(diff.after_version, 5);
  EXPECT_EQ(diff.changes.size(), 6u);

  const ItemChange* added = findChange(diff, "controls", "OPS-10");
  ASSERT_NE(added, nullptr);
  EXPECT_EQ(added->kind, ChangeKind::kAdded);
  EXPECT_EQ(added->name, "新しい管理策");

  const ItemChange* removed = findChange(diff, "requirements", "6(7)-6");
  ASSERT_NE(removed, nullptr);
  EXPECT_EQ(removed->kind, ChangeKind::kRemoved);
  EXPECT_EQ(removed->name, "懲戒処分等");

  const ItemChange* reworded = findChange(diff, "requirements", "6(9)-2");
  ASSERT_NE(reworded, nullptr);
  ASSERT_EQ(reworded->fields.size(), 1u);
  EXPECT_EQ(reworded->fields[0].field, "text");

  const ItemChange* threat = findChange(diff, "threats", "phishing");
  ASSERT_NE(threat, nullptr);
  ASSERT_EQ(threat->fields.size(), 1u);
  EXPECT_EQ(threat->fields[0].after, "HUM-03, HUM-02, TEC-06, TEC-01, OPS-10");

  const ItemChange* cycle = findChange(diff, "review_cycles", "self-inspection");
  ASSERT_NE(cycle, nullptr);
  EXPECT_EQ(cycle->fields.at(0).before, "12");
  EXPECT_EQ(cycle->fields.at(0).after, "6");

  const ItemChange* flow = findChange(diff, "flows", "lgwan->internet");
  ASSERT_NE(flow, nullptr);
  EXPECT_EQ(flow->fields.at(0).field, "approval");
}

TEST(PolicyPackDiff, ReorderingIsAChange) {
  auto before = loadPack(kDefaultPack);
  ASSERT_TRUE(before.isOk());
  PolicyPack after = *before;
  std::swap(after.asset_kinds[0], after.asset_kinds[1]);
  PackDiff diff = diffPacks(*before, after);
  ASSERT_EQ(diff.changes.size(), 1u);
  EXPECT_EQ(diff.changes[0].section, "asset_kinds");
  EXPECT_EQ(diff.changes[0].fields.at(0).field, "order");
}

std::string sanso(const std::string& args, int* exit_code) {
  return runCommand(std::string(SANSO_BINARY) + " " + args, exit_code);
}

TEST(PolicyPackDiff, CommandPrintsJapaneseText) {
  sanso::test::TempDir dir;
  const std::string path = dir.file("v5.yaml");
  sanso::test::writeFileOrDie(path, modifiedPack());
  int code = -1;
  std::string out =
      sanso("policy diff " + shellQuote(kDefaultPack) + " " + shellQuote(path), &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("旧: urn:sanso:pack:munakata-basic-policy 版 4\n"), std::string::npos) << out;
  EXPECT_NE(out.find("新: urn:sanso:pack:munakata-basic-policy 版 5\n"), std::string::npos) << out;
  EXPECT_NE(out.find("変更 6 件"), std::string::npos) << out;
  EXPECT_NE(out.find("[要求事項 requirements] 追加 0、削除 1、変更 1"), std::string::npos) << out;
  EXPECT_NE(out.find("  + 追加 OPS-10 新しい管理策\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  - 削除 6(7)-6 懲戒処分等\n"), std::string::npos) << out;
  EXPECT_NE(out.find("      months: 12 → 6\n"), std::string::npos) << out;
}

TEST(PolicyPackDiff, CommandPrintsJson) {
  sanso::test::TempDir dir;
  const std::string path = dir.file("v5.yaml");
  sanso::test::writeFileOrDie(path, modifiedPack());
  int code = -1;
  std::string out =
      sanso("policy diff --json " + shellQuote(kDefaultPack) + " " + shellQuote(path), &code);
  ASSERT_EQ(code, 0) << out;
  auto json = nlohmann::json::parse(out);
  EXPECT_EQ(json["before"]["version"], 4);
  EXPECT_EQ(json["after"]["version"], 5);
  ASSERT_EQ(json["changes"].size(), 6u);
  bool added = false;
  for (const auto& change : json["changes"]) {
    if (change["id"] == "OPS-10") {
      added = true;
      EXPECT_EQ(change["change"], "added");
      EXPECT_EQ(change["section"], "controls");
      EXPECT_EQ(change["section_name"], "管理策");
    }
  }
  EXPECT_TRUE(added);
}

TEST(PolicyPackDiff, CommandRefusesAnInvalidPack) {
  sanso::test::TempDir dir;
  const std::string path = dir.file("bad.yaml");
  std::string text = modifiedPack();
  replaceOnce(text, "[HUM-03, HUM-02, TEC-06, TEC-01, OPS-10]", "[HUM-03, NO-SUCH]");
  sanso::test::writeFileOrDie(path, text);
  int code = -1;
  std::string out =
      sanso("policy diff " + shellQuote(kDefaultPack) + " " + shellQuote(path) + " 2>&1", &code);
  EXPECT_EQ(code, 3) << out;
  EXPECT_NE(out.find("unknown control 'NO-SUCH'"), std::string::npos) << out;
}

}  // namespace
}  // namespace sanso::policy
