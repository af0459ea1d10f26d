// `sanso milter --config FILE`: the direction and the socket come only from this file.
#include "sanso/milter/milter_config.h"

#include <gtest/gtest.h>

#include "support/test_util.h"

namespace sanso::milter {
namespace {

Result<MilterConfig> load(const test::TempDir& dir, const std::string& text) {
  test::writeFileOrDie(dir.file("milter.toml"), text);
  return loadMilterConfig(dir.file("milter.toml"));
}

TEST(MilterConfig, ReadsADirectionAndItsZones) {
  test::TempDir dir;
  auto config = load(dir,
                     "data_dir = \"data\"\n[milter]\nsocket = \"inet:10025@127.0.0.1\"\n"
                     "direction = \"inbound\"\nsubject_tag = \"[無害化]\"\n"
                     "max_message_bytes = 2048\nmax_sanitize_seconds = 60\n");
  ASSERT_TRUE(config.isOk()) << config.status().toString();
  EXPECT_EQ(config->data_dir, dir.file("data"));
  EXPECT_EQ(config->direction, Direction::kInbound);
  EXPECT_EQ(config->from_zone, "internet");
  EXPECT_EQ(config->to_zone, "lgwan");
  EXPECT_EQ(config->subject_tag, "[無害化]");
  EXPECT_EQ(config->max_message_bytes, 2048u);
  EXPECT_EQ(config->max_sanitize_time.count(), 60);

  auto outbound = load(dir,
                       "data_dir = \"/d\"\n[milter]\nsocket = \"unix:/run/m.sock\"\n"
                       "direction = \"outbound\"\n");
  ASSERT_TRUE(outbound.isOk()) << outbound.status().toString();
  EXPECT_EQ(outbound->from_zone, "lgwan");
  EXPECT_EQ(outbound->to_zone, "internet");
}

TEST(MilterConfig, RefusesWhatIsMissingOrUnknown) {
  test::TempDir dir;
  const std::string base = "data_dir = \"d\"\n[milter]\nsocket = \"inet:1@127.0.0.1\"\n";
  EXPECT_FALSE(load(dir, base).isOk());  // no direction
  EXPECT_FALSE(load(dir, base + "direction = \"both\"\n").isOk());
  EXPECT_FALSE(
      load(dir, "data_dir = \"d\"\n[milter]\nsocket = \"10025\"\ndirection = \"inbound\"\n")
          .isOk());
  EXPECT_FALSE(load(dir, "[milter]\nsocket = \"inet:1@h\"\ndirection = \"inbound\"\n").isOk());
  EXPECT_FALSE(load(dir, base + "direction = \"inbound\"\nheader_direction = true\n").isOk());
  EXPECT_FALSE(
      load(dir, base + "direction = \"inbound\"\nsubject_tag = \"a\\r\\nBcc: x\"\n").isOk());
  EXPECT_FALSE(load(dir, base + "direction = \"inbound\"\nmax_message_bytes = 1\n").isOk());
  EXPECT_FALSE(load(dir, "bogus = 1\n" + base + "direction = \"inbound\"\n").isOk());
}

}  // namespace
}  // namespace sanso::milter
