// One TOML reader for every configuration file: positions in errors, defaults kept, bounds.
#include "sanso/common/toml_reader.h"

#include <gtest/gtest.h>

#include <string>

#include "support/test_util.h"

namespace sanso {
namespace {

struct Parsed {
  TomlReader reader;
  toml::table root;
};

Parsed parse(const test::TempDir& dir, const std::string& text) {
  test::writeFileOrDie(dir.file("c.toml"), text);
  TomlReader reader(dir.file("c.toml"));
  auto root = reader.parse();
  EXPECT_TRUE(root.isOk()) << root.status().toString();
  return {reader, root.isOk() ? std::move(root).value() : toml::table()};
}

TEST(TomlReader, SyntaxErrorsNameFileLineAndColumn) {
  test::TempDir dir;
  test::writeFileOrDie(dir.file("c.toml"), "a = 1\nb = = 2\n");
  auto root = TomlReader(dir.file("c.toml")).parse();
  ASSERT_FALSE(root.isOk());
  EXPECT_EQ(root.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(root.status().message().rfind(dir.file("c.toml") + ":2:", 0), 0u)
      << root.status().message();
}

TEST(TomlReader, RefusesMissingAndOversizeFiles) {
  test::TempDir dir;
  EXPECT_FALSE(TomlReader(dir.file("absent.toml")).parse().isOk());
  test::writeFileOrDie(dir.file("big.toml"),
                       "a = \"" + std::string(TomlReader::kMaxFileBytes, 'x') + "\"\n");
  EXPECT_FALSE(TomlReader(dir.file("big.toml")).parse().isOk());
}

TEST(TomlReader, UnknownKeysWithAndWithoutContext) {
  test::TempDir dir;
  Parsed p = parse(dir, "a = 1\n  bogus = 2\n");
  EXPECT_TRUE(p.reader.onlyKeys(p.root, {"a", "bogus"}).isOk());
  Status with = p.reader.onlyKeys(p.root, {"a"}, "[t]");
  EXPECT_EQ(with.message(), dir.file("c.toml") + ":2:11: unknown key 'bogus' in [t]");
  Status without = p.reader.onlyKeys(p.root, {"a"});
  EXPECT_EQ(without.message(), dir.file("c.toml") + ":2:11: unknown key 'bogus'");
}

TEST(TomlReader, AbsentKeysKeepTheDefault) {
  test::TempDir dir;
  Parsed p = parse(dir, "other = 1\n");
  std::string text = "default";
  int number = 7;
  bool flag = true;
  std::vector<std::string> list = {"x"};
  EXPECT_TRUE(p.reader.string(p.root, "s", text).isOk());
  EXPECT_TRUE(p.reader.path(p.root, "p", text).isOk());
  EXPECT_TRUE(p.reader.integer(p.root, "i", number, 0, 10).isOk());
  EXPECT_TRUE(p.reader.boolean(p.root, "b", flag).isOk());
  EXPECT_TRUE(p.reader.strings(p.root, "l", list).isOk());
  EXPECT_EQ(text, "default");
  EXPECT_EQ(number, 7);
  EXPECT_TRUE(flag);
  EXPECT_EQ(list, std::vector<std::string>{"x"});
  auto table = p.reader.table(p.root, "t");
  ASSERT_TRUE(table.isOk());
  EXPECT_EQ(*table, nullptr);
}

TEST(TomlReader, ReadsTypedValues) {
  test::TempDir dir;
  Parsed p = parse(dir,
                   "s = \"文字\"\nrel = \"data/x\"\nabs = \"/etc/y\"\nempty = \"\"\ni = 42\n"
                   "b = false\nl = [\"a\", \"b\"]\n[t]\nk = 1\n");
  std::string s, rel, abs, empty = "set";
  uint64_t i = 0;
  bool b = true;
  std::vector<std::string> l;
  EXPECT_TRUE(p.reader.string(p.root, "s", s).isOk());
  EXPECT_TRUE(p.reader.path(p.root, "rel", rel).isOk());
  EXPECT_TRUE(p.reader.path(p.root, "abs", abs).isOk());
  EXPECT_TRUE(p.reader.path(p.root, "empty", empty).isOk());
  EXPECT_TRUE(p.reader.integer(p.root, "i", i, 1, 100).isOk());
  EXPECT_TRUE(p.reader.boolean(p.root, "b", b).isOk());
  EXPECT_TRUE(p.reader.strings(p.root, "l", l).isOk());
  EXPECT_EQ(s, "文字");
  EXPECT_EQ(rel, dir.file("data/x"));
  EXPECT_EQ(abs, "/etc/y");
  EXPECT_EQ(empty, "");
  EXPECT_EQ(i, 42u);
  EXPECT_FALSE(b);
  EXPECT_EQ(l, (std::vector<std::string>{"a", "b"}));
  auto table = p.reader.table(p.root, "t");
  ASSERT_TRUE(table.isOk());
  ASSERT_NE(*table, nullptr);
  EXPECT_NE((*table)->get("k"), nullptr);
}

TEST(TomlReader, WrongTypesAndRangesAreErrorsAtTheValue) {
  test::TempDir dir;
  Parsed p = parse(dir, "s = 1\ni = 11\nj = \"1\"\nb = 1\nl = [1]\nm = \"a\"\nt = 3\n");
  const std::string at = dir.file("c.toml");
  std::string s;
  int i = 0;
  bool b = false;
  std::vector<std::string> l;
  EXPECT_EQ(p.reader.string(p.root, "s", s).message(), at + ":1:5: s must be a string");
  EXPECT_EQ(p.reader.path(p.root, "s", s).message(), at + ":1:5: s must be a string");
  EXPECT_EQ(p.reader.integer(p.root, "i", i, 0, 10).message(),
            at + ":2:5: i must be between 0 and 10");
  EXPECT_EQ(i, 0);
  EXPECT_EQ(p.reader.integer(p.root, "j", i, 0, 10).message(), at + ":3:5: j must be an integer");
  EXPECT_EQ(p.reader.boolean(p.root, "b", b).message(), at + ":4:5: b must be true or false");
  EXPECT_EQ(p.reader.strings(p.root, "l", l).message(), at + ":5:6: l must hold strings");
  EXPECT_EQ(p.reader.strings(p.root, "m", l).message(), at + ":6:5: m must be an array of strings");
  EXPECT_EQ(p.reader.table(p.root, "t").status().message(), at + ":7:5: [t] must be a table");
}

}  // namespace
}  // namespace sanso
