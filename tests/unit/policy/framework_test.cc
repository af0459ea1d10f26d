// The default pack's threats (section 3) and measures (section 6) are the basic policy's own
// words: read here straight from ../shared/policy/basic-policy.ja.txt and compared.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "sanso/policy/loader.h"
#include "support/test_util.h"

namespace sanso::policy {
namespace {

struct Item {
  int number = 0;
  std::string name;
  std::string body;  // non-empty lines after the heading, a "- " bullet mark removed
};

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\r");
  const size_t b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// "(12) name", "### （3）name" or "#### (6) name": the number and the name; 0 when not a heading.
int heading(std::string line, std::string& name) {
  while (!line.empty() && line[0] == '#') line.erase(0, 1);
  line = trim(line);
  for (const auto& [open, close] : {std::pair<std::string, std::string>{"(", ")"},
                                    std::pair<std::string, std::string>{"（", "）"}}) {
    if (line.rfind(open, 0) != 0) continue;
    const size_t end = line.find(close);
    if (end == std::string::npos) continue;
    const std::string digits = line.substr(open.size(), end - open.size());
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    name = trim(line.substr(end + close.size()));
    return std::stoi(digits);
  }
  return 0;
}

// The numbered items between the line starting with `from` and the one starting with `to`.
std::vector<Item> items(const std::string& text, const std::string& from, const std::string& to,
                        bool headings_marked) {
  std::vector<Item> out;
  std::istringstream in(text);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (!inside) {
      inside = line.rfind(from, 0) == 0;
      continue;
    }
    if (line.rfind(to, 0) == 0) break;
    std::string name;
    const bool marked = !line.empty() && line[0] == '#';
    if (const int n = heading(line, name); n > 0 && marked == headings_marked) {
      out.push_back({n, name, ""});
      continue;
    }
    std::string body = trim(line);
    if (body.empty() || out.empty()) continue;
    if (body.rfind("- ", 0) == 0) body = body.substr(2);
    out.back().body += (out.back().body.empty() ? "" : "\n") + body;
  }
  return out;
}

class PolicyFramework : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string policy =
        std::string(SANSO_SOURCE_DIR) + "/../shared/policy/basic-policy.ja.txt";
    if (!test::fileExists(policy)) GTEST_SKIP() << policy << " is not beside the checkout";
    text_ = test::readFileOrDie(policy);
    auto pack = loadPack(std::string(SANSO_SOURCE_DIR) + "/" + kDefaultPackPath);
    ASSERT_TRUE(pack.isOk()) << pack.status().message();
    pack_ = *pack;
  }
  std::string text_;
  PolicyPack pack_;
};

TEST_F(PolicyFramework, TheTwelveThreatsAsWritten) {
  const std::vector<Item> policy = items(text_, "### 3. 対象とする脅威", "## 4.", false);
  ASSERT_EQ(policy.size(), 12u);
  ASSERT_EQ(pack_.threats.size(), policy.size());
  for (size_t i = 0; i < policy.size(); ++i) {
    EXPECT_EQ(pack_.threats[i].number, policy[i].number);
    EXPECT_EQ(pack_.threats[i].name, policy[i].name);
    EXPECT_EQ(pack_.threats[i].examples, policy[i].body) << policy[i].name;
    EXPECT_EQ(pack_.threats[i].clause, "3(" + std::to_string(policy[i].number) + ")");
  }
}

TEST_F(PolicyFramework, TheMeasuresOfSectionSixAsWritten) {
  const std::vector<Item> policy = items(text_, "## 6. 情報セキュリティ対策", "### 7.", true);
  ASSERT_EQ(policy.size(), 9u);
  ASSERT_EQ(pack_.measures.size(), policy.size());
  for (size_t i = 0; i < policy.size(); ++i) {
    EXPECT_EQ(pack_.measures[i].number, policy[i].number);
    EXPECT_EQ(pack_.measures[i].name, policy[i].name);
    EXPECT_EQ(pack_.measures[i].text, policy[i].body) << policy[i].name;
    EXPECT_EQ(pack_.measures[i].clause, "6(" + std::to_string(policy[i].number) + ")");
  }
}

TEST(PolicyFrameworkPack, NumbersFollowThePolicyWithoutGaps) {
  const std::string base =
      test::readFileOrDie(std::string(SANSO_SOURCE_DIR) + "/" + kDefaultPackPath);
  std::string gap = base;
  gap.replace(gap.find("    number: 2\n    name: \"内部不正"), 13, "    number: 3");
  auto pack = parsePack(gap, "gap.yaml");
  ASSERT_FALSE(pack.isOk());
  EXPECT_NE(pack.status().message().find("numbers follow the policy"), std::string::npos);
}

}  // namespace
}  // namespace sanso::policy
