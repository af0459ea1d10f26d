// `sanso icap --config`: the keys of [icap] and their bounds.
#include "sanso/icap/config.h"

#include <gtest/gtest.h>

#include "support/test_util.h"

namespace sanso::icap {
namespace {

Result<IcapConfig> load(const std::string& icap_table) {
  static test::TempDir dir;
  const std::string path = dir.file("icap.toml");
  test::writeFileOrDie(path, "data_dir = \"data\"\n[icap]\n" + icap_table);
  return loadConfig(path);
}

TEST(IcapConfig, EarlyResponseDefaultsTo200MsAndCanBeTurnedOff) {
  auto defaults = load("");
  ASSERT_TRUE(defaults.isOk()) << defaults.status().toString();
  EXPECT_EQ(defaults->early_response_ms, 200u);
  auto off = load("early_response_ms = 0\n");
  ASSERT_TRUE(off.isOk()) << off.status().toString();
  EXPECT_EQ(off->early_response_ms, 0u);
  auto bad = load("early_response_ms = -1\n");
  ASSERT_FALSE(bad.isOk());
  EXPECT_NE(bad.status().message().find("early_response_ms must be between 0 and 60000"),
            std::string::npos)
      << bad.status().message();
  EXPECT_FALSE(load("early_response_ms = \"fast\"\n").isOk());
}

}  // namespace
}  // namespace sanso::icap
