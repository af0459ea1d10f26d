// The shipped packs load, and the default pack decides as the basic policy says.
#include <gtest/gtest.h>

#include <string>

#include "sanso/policy/decision.h"
#include "sanso/policy/loader.h"

namespace sanso::policy {
namespace {

using sanitize::Method;

class PolicyDefaultPack : public ::testing::Test {
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

  static Decision decideFor(const std::string& from, const std::string& to,
                            const std::string& type = "",
                            std::map<std::string, std::string> levels = {}) {
    return decide(*pack_, {from, to, type, std::move(levels)});
  }

  static PolicyPack* pack_;
};

PolicyPack* PolicyDefaultPack::pack_ = nullptr;

bool citesClause(const Decision& d, const std::string& clause) {
  for (const auto& r : d.reasons) {
    if (r.clause == clause) return true;
  }
  return false;
}

TEST_F(PolicyDefaultPack, MetadataComesFromThePolicy) {
  EXPECT_EQ(pack_->urn, "urn:sanso:pack:munakata-basic-policy");
  EXPECT_EQ(pack_->version, 4);
  ASSERT_EQ(pack_->revisions.size(), 11u);
  EXPECT_EQ(pack_->revisions.back().version, "4.0");
  EXPECT_EQ(pack_->revisions.back().date, "2026-04");
  EXPECT_EQ(pack_->translations.at("en").name.empty(), false);
  EXPECT_EQ(pack_->roles.size(), 7u);
  EXPECT_FALSE(pack_->findRole("staff")->admin);
  EXPECT_TRUE(pack_->findRole("ciso")->admin);
  EXPECT_EQ(pack_->retention.audit_years, 5);
}

TEST_F(PolicyDefaultPack, MyNumberTierTalksToNoOne) {
  for (const char* other : {"lgwan", "internet"}) {
    for (bool outbound : {true, false}) {
      Decision d =
          outbound ? decideFor("mynumber", other, "docx") : decideFor(other, "mynumber", "docx");
      EXPECT_FALSE(d.allowed) << other << (outbound ? " outbound" : " inbound");
      EXPECT_TRUE(citesClause(d, "6(3)①"));
      EXPECT_TRUE(d.methods.empty());
    }
  }
}

TEST_F(PolicyDefaultPack, ImportSanitizesWithAChainPerType) {
  struct Case {
    const char* type;
    std::vector<Method> methods;
  };
  const Case cases[] = {
      {"docx", {Method::kCdr, Method::kImagePdf}},  // the default chain
      {"xlsx", {Method::kCdr, Method::kImagePdf}},
      {"pdf", {Method::kCdr, Method::kImagePdf}},
      {"png", {Method::kCdr}},
      {"jpeg", {Method::kCdr}},
      {"text", {Method::kText}},
      {"csv", {Method::kText}},
      {"docm", {Method::kCdr, Method::kText}},
  };
  for (const auto& c : cases) {
    Decision d = decideFor("internet", "lgwan", c.type);
    EXPECT_TRUE(d.allowed) << c.type;
    EXPECT_EQ(d.methods, c.methods) << c.type;
    EXPECT_EQ(d.approval, Approval::kNone) << c.type;
    EXPECT_EQ(d.dlp, DlpMode::kOff) << c.type;
    EXPECT_TRUE(citesClause(d, "6(3)②")) << c.type;
  }
}

TEST_F(PolicyDefaultPack, ImportRefusesWhatCannotBeSanitized) {
  for (const char* type : {"ole2", "executable", "no-such-type", ""}) {
    Decision d = decideFor("internet", "lgwan", type);
    EXPECT_FALSE(d.allowed) << type;
    EXPECT_TRUE(d.methods.empty()) << type;
  }
}

TEST_F(PolicyDefaultPack, ImportTakesArchivesApartWithTheDefaultMethods) {
  for (const char* type : {"zip", "7z", "tar", "gzip", "lzh"}) {
    Decision d = decideFor("internet", "lgwan", type);
    EXPECT_TRUE(d.allowed) << type;
    EXPECT_EQ(d.methods, (std::vector<Method>{Method::kCdr, Method::kImagePdf})) << type;
  }
}

TEST_F(PolicyDefaultPack, ExportNeedsApprovalAndDlp) {
  Decision d = decideFor("lgwan", "internet", "docx", {{"confidentiality", "1"}});
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.approval, Approval::kSupervisor);
  EXPECT_EQ(d.dlp, DlpMode::kBlock);  // `dlp: on` resolved to dlp.on_hit
  EXPECT_TRUE(d.methods.empty());
}

TEST_F(PolicyDefaultPack, ConfidentialityThreeNeverLeavesLgwan) {
  for (const char* level : {"3A", "3B", "3C"}) {
    Decision d = decideFor("lgwan", "internet", "docx", {{"confidentiality", level}});
    EXPECT_FALSE(d.allowed) << level;
    EXPECT_EQ(d.approval, Approval::kNone) << level;
    EXPECT_TRUE(citesClause(d, "6(2)")) << level;
    // Inbound, the same level is no reason to refuse.
    EXPECT_TRUE(decideFor("internet", "lgwan", "docx", {{"confidentiality", level}}).allowed);
  }
}

TEST_F(PolicyDefaultPack, ConfidentialityTwoExportNeedsApproval) {
  Decision d = decideFor("lgwan", "internet", "pdf", {{"confidentiality", "2"}});
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.approval, Approval::kSupervisor);
  bool level_reason = false;
  for (const auto& r : d.reasons) {
    if (r.text.rfind("機密性2: ", 0) == 0 && r.clause == "6(2)") level_reason = true;
  }
  EXPECT_TRUE(level_reason);
}

TEST_F(PolicyDefaultPack, UnlabeledInformationIsTreatedAsConfidentialityTwo) {
  Decision d = decideFor("lgwan", "internet", "pdf");
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.approval, Approval::kSupervisor);
  bool assumed = false;
  for (const auto& r : d.reasons) {
    if (r.text.find("機密性2 として扱う") != std::string::npos) assumed = true;
  }
  EXPECT_TRUE(assumed);
}

TEST_F(PolicyDefaultPack, UnknownLevelIsDeniedAndRejectedByCheckQuery) {
  TransferQuery query{"lgwan", "internet", "pdf", {{"confidentiality", "3"}}};
  EXPECT_FALSE(decide(*pack_, query).allowed);
  EXPECT_EQ(checkQuery(*pack_, query).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(checkQuery(*pack_, {"lgwan", "internet", "pdf", {{"confidentiality", "3A"}}}).isOk());
}

TEST(PolicyLegacyPack, OlderThreeTwoOneSchemeLoadsAndDecides) {
  auto pack =
      loadPack(std::string(SANSO_SOURCE_DIR) + "/policy/examples/legacy-classification.yaml");
  ASSERT_TRUE(pack.isOk()) << pack.status().toString();
  const Dimension* confidentiality = pack->findDimension("confidentiality");
  ASSERT_NE(confidentiality, nullptr);
  ASSERT_EQ(confidentiality->levels.size(), 3u);
  EXPECT_EQ(confidentiality->levels[0].id, "3");
  EXPECT_FALSE(decide(*pack, {"lgwan", "internet", "pdf", {{"confidentiality", "3"}}}).allowed);
  Decision two = decide(*pack, {"lgwan", "internet", "pdf", {{"confidentiality", "2"}}});
  EXPECT_TRUE(two.allowed);
  EXPECT_EQ(two.dlp, DlpMode::kEscalate);
  EXPECT_FALSE(decide(*pack, {"lgwan", "internet", "pdf", {{"confidentiality", "3A"}}}).allowed);
  Decision pdf = decide(*pack, {"internet", "lgwan", "pdf", {}});
  EXPECT_EQ(pdf.methods, (std::vector<Method>{Method::kImagePdf, Method::kCdr}));
}

}  // namespace
}  // namespace sanso::policy
