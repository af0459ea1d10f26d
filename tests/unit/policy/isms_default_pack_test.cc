// The default pack's ISMS framework: the requirement tree follows the basic policy, every threat
// and every checklist question is mapped to controls, and the registers get their scales.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sanso/policy/loader.h"
#include "support/test_util.h"

namespace sanso::policy {
namespace {

class PolicyIsmsDefault : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = loadPack(std::string(SANSO_SOURCE_DIR) + "/" + kDefaultPackPath);
    ASSERT_TRUE(loaded.isOk()) << loaded.status().toString();
    pack_ = new PolicyPack(std::move(loaded).value());
  }
  static void TearDownTestSuite() {
    delete pack_;
    pack_ = nullptr;
  }

  static std::vector<const Requirement*> childrenOf(const std::string& id) {
    std::vector<const Requirement*> out;
    for (const auto& r : pack_->requirements) {
      if (r.parent == id) out.push_back(&r);
    }
    return out;
  }

  static PolicyPack* pack_;
};

PolicyPack* PolicyIsmsDefault::pack_ = nullptr;

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

TEST_F(PolicyIsmsDefault, Counts) {
  EXPECT_EQ(pack_->requirements.size(), 66u);
  EXPECT_EQ(pack_->controls.size(), 40u);
  EXPECT_EQ(pack_->threats.size(), 12u);
  EXPECT_EQ(pack_->measures.size(), 9u);
  EXPECT_EQ(pack_->review_cycles.size(), 7u);
  EXPECT_EQ(pack_->incident_levels.size(), 3u);
  EXPECT_EQ(pack_->asset_kinds.size(), 6u);
  EXPECT_EQ(pack_->document_kinds.size(), 3u);
  EXPECT_TRUE(pack_->dependencies.empty());
}

TEST_F(PolicyIsmsDefault, TopOfTheTreeIsTheBasicPolicysSections) {
  std::vector<std::string> top;
  for (const auto* r : childrenOf("")) top.push_back(r->id);
  EXPECT_EQ(top, (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}));
  const auto six = childrenOf("6");
  ASSERT_EQ(six.size(), pack_->measures.size());
  for (size_t i = 0; i < six.size(); ++i) {
    const Measure& measure = pack_->measures[i];
    EXPECT_EQ(six[i]->id, measure.clause);
    EXPECT_EQ(six[i]->title, measure.name);
    EXPECT_EQ(six[i]->clause, measure.clause);
    // Each measure points to 対策基準 headings, each with something to check below it.
    EXPECT_FALSE(childrenOf(six[i]->id).empty()) << six[i]->id;
  }
}

TEST_F(PolicyIsmsDefault, TreeIsWellFormed) {
  std::set<std::string> seen;
  for (const auto& r : pack_->requirements) {
    if (!r.parent.empty()) {
      EXPECT_EQ(seen.count(r.parent), 1u) << r.id;
    }
    EXPECT_TRUE(seen.insert(r.id).second) << r.id;
    EXPECT_FALSE(r.title.empty()) << r.id;
    EXPECT_FALSE(r.clause.empty()) << r.id;
    if (r.checkable) {
      EXPECT_TRUE(endsWith(r.text, "か")) << r.id << " is not a question: " << r.text;
      EXPECT_FALSE(r.controls.empty()) << r.id;
    }
    // Under 6, every leaf is a checklist question.
    const bool leaf = childrenOf(r.id).empty();
    if (leaf && r.id.rfind("6", 0) == 0 && r.id != "6") {
      EXPECT_TRUE(r.checkable) << r.id;
    }
    // Headings with questions below them are not questions themselves.
    if (!leaf) {
      EXPECT_FALSE(r.checkable) << r.id;
    }
  }
  size_t checkable = std::count_if(pack_->requirements.begin(), pack_->requirements.end(),
                                   [](const Requirement& r) { return r.checkable; });
  EXPECT_GE(checkable, 40u);
}

TEST_F(PolicyIsmsDefault, EveryThreatIsMappedToControls) {
  for (const auto& threat : pack_->threats) {
    EXPECT_GE(threat.controls.size(), 2u) << threat.id;
    for (const auto& id : threat.controls) EXPECT_NE(pack_->findControl(id), nullptr) << id;
  }
}

TEST_F(PolicyIsmsDefault, EveryControlIsUsedAndEveryCategoryHasControls) {
  std::set<std::string> used;
  for (const auto& t : pack_->threats) used.insert(t.controls.begin(), t.controls.end());
  for (const auto& r : pack_->requirements) used.insert(r.controls.begin(), r.controls.end());
  std::map<std::string, int> per_category;
  for (const auto& c : pack_->controls) {
    EXPECT_EQ(used.count(c.id), 1u) << c.id << " is named by no requirement or threat";
    ++per_category[c.category];
  }
  for (const char* category : kControlCategories) EXPECT_GE(per_category[category], 4) << category;
}

TEST_F(PolicyIsmsDefault, TheFourLiveChecksAreOnTheRightControls) {
  std::map<std::string, const ReferenceControl*> by_check;
  for (const auto& c : pack_->controls) {
    if (!c.check.empty()) {
      EXPECT_TRUE(by_check.emplace(c.check, &c).second) << c.check;
    }
  }
  ASSERT_EQ(by_check.size(), 4u);
  EXPECT_EQ(by_check.at("flows-sanitized")->clause, "6(3)②");
  EXPECT_EQ(by_check.at("mfa-mynumber")->clause, "6(3)①");
  EXPECT_EQ(by_check.at("zones-verified")->category, "technical");
  EXPECT_EQ(by_check.at("audit-chain")->category, "operational");
  // The 6(3) questions are answered by the live checks.
  const Requirement* lgwan = pack_->findRequirement("6(3)-2");
  ASSERT_NE(lgwan, nullptr);
  EXPECT_NE(
      std::find(lgwan->controls.begin(), lgwan->controls.end(), by_check.at("flows-sanitized")->id),
      lgwan->controls.end());
}

TEST_F(PolicyIsmsDefault, ReviewCyclesIncidentLevelsAndRisk) {
  for (const char* id : {"policy-review", "self-inspection", "audit", "asset-review", "training",
                         "obligations", "contractor-check"}) {
    ASSERT_NE(pack_->findReviewCycle(id), nullptr) << id;
    EXPECT_EQ(pack_->findReviewCycle(id)->months, 12) << id;
  }
  std::vector<std::string> levels;
  for (const auto& l : pack_->incident_levels) levels.push_back(l.id);
  EXPECT_EQ(levels, (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(pack_->incident_levels[0].notify_roles.front(), "ciso");
  EXPECT_LT(pack_->incident_levels[0].report_within_hours,
            pack_->incident_levels[2].report_within_hours);

  const RiskMatrix& risk = pack_->risk;
  EXPECT_EQ(risk.likelihood.size(), 5u);
  EXPECT_EQ(risk.impact.size(), 5u);
  std::vector<std::string> bands;
  for (const auto& b : risk.bands) bands.push_back(b.name);
  EXPECT_EQ(bands, (std::vector<std::string>{"低", "中", "高", "重大"}));
  EXPECT_EQ(risk.bandOf(25)->name, "重大");
  EXPECT_EQ(risk.bandOf(risk.acceptable_score)->name, "低");
}

TEST_F(PolicyIsmsDefault, DocumentsAndAccess) {
  EXPECT_TRUE(pack_->findDocumentKind("basic-policy")->is_public);
  EXPECT_FALSE(pack_->findDocumentKind("standards")->is_public);
  const DocumentKind* procedures = pack_->findDocumentKind("procedures");
  ASSERT_NE(procedures, nullptr);
  EXPECT_FALSE(procedures->is_public);
  EXPECT_EQ(procedures->clause, "10");
  // The 実施手順 are for the administrative roles and the auditor: never plain staff.
  std::vector<std::string> admins;
  for (const auto& role : pack_->roles) {
    if (role.admin) admins.push_back(role.id);
  }
  std::vector<std::string> readers = procedures->readers;
  std::sort(readers.begin(), readers.end());
  std::sort(admins.begin(), admins.end());
  EXPECT_EQ(readers, admins);
  EXPECT_EQ(std::count(readers.begin(), readers.end(), "staff"), 0);
  EXPECT_EQ(pack_->isms_access.managers,
            (std::vector<std::string>{"ciso", "security-director", "security-officer"}));
  EXPECT_EQ(pack_->isms_access.readers, std::vector<std::string>{"auditor"});
}

// Against the policy text itself (skipped when ../shared is not beside the checkout).
class PolicyIsmsText : public PolicyIsmsDefault {
 protected:
  void SetUp() override {
    const std::string path =
        std::string(SANSO_SOURCE_DIR) + "/../shared/policy/basic-policy.ja.txt";
    if (!test::fileExists(path)) GTEST_SKIP() << path << " is not beside the checkout";
    text_ = test::readFileOrDie(path);
  }
  std::string text_;
};

TEST_F(PolicyIsmsText, TopTitlesAreTheSectionHeadingsAsWritten) {
  std::map<std::string, std::string> headings;  // "7" -> 情報セキュリティ監査及び自己点検の実施
  std::istringstream in(text_);
  for (std::string line; std::getline(in, line);) {
    size_t start = line.find_first_not_of('#');
    if (start == 0 || start == std::string::npos || line[start] != ' ') continue;
    const size_t dot = line.find(". ", start + 1);
    if (dot == std::string::npos) continue;
    const std::string number = line.substr(start + 1, dot - start - 1);
    if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos) continue;
    headings[number] = line.substr(dot + 2);
  }
  ASSERT_EQ(headings.size(), 10u);
  for (const auto& [number, title] : headings) {
    const Requirement* r = pack_->findRequirement(number);
    ASSERT_NE(r, nullptr) << number;
    EXPECT_EQ(r->title, title) << number;
  }
}

TEST_F(PolicyIsmsText, AssetKindsAreSectionFourTwo) {
  const size_t from = text_.find("(2) 情報資産の範囲");
  const size_t to = text_.find("## 5.");
  ASSERT_NE(from, std::string::npos);
  const std::string scope = text_.substr(from, to - from);
  for (const auto& kind : pack_->asset_kinds) {
    EXPECT_NE(scope.find(kind.name), std::string::npos) << kind.id << ": " << kind.name;
    EXPECT_EQ(kind.clause.rfind("4(2)", 0), 0u) << kind.id;
  }
  std::vector<std::string> ids;
  for (const auto& kind : pack_->asset_kinds) ids.push_back(kind.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"system", "media", "information", "documents", "web",
                                           "cloud"}));
}

}  // namespace
}  // namespace sanso::policy
