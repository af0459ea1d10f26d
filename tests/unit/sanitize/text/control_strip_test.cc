// stripControlsInPlace(): stripControls() without a second copy, with counts per kind.
#include "text/control_strip.h"

#include <gtest/gtest.h>

#include <vector>

namespace sanso::sanitize::text {
namespace {

std::string stripped(std::string text, StripCounts& counts) {
  stripControlsInPlace(text, counts);
  return text;
}

TEST(TextStripInPlace, CountsEachKind) {
  StripCounts counts;
  EXPECT_EQ(stripped("\xEF\xBB\xBF"
                     "a\r\nb\rc\x07\u202Ed\u2066\xFF\n",
                     counts),
            "a\nb\nc"
            "d\uFFFD\n");
  EXPECT_EQ(counts.controls, 3u);  // BOM, BEL, invalid byte
  EXPECT_EQ(counts.bidi, 2u);
  EXPECT_EQ(counts.line_endings, 2u);
}

TEST(TextStripInPlace, AddsToGivenCounts) {
  StripCounts counts;
  counts.controls = 5;
  EXPECT_EQ(stripped("a\x01", counts), "a");
  EXPECT_EQ(counts.controls, 6u);
}

std::string replacements(size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += "\uFFFD";
  return out;
}

TEST(TextStripInPlace, GrowsForInvalidBytesWithoutRoomToSpare) {
  // Invalid bytes at the start (no removed bytes before them to reuse), between kept text,
  // after removals that leave only a little room, and cut short at the end.
  struct Case {
    std::string input;
    std::string expected;
    uint64_t controls;
  };
  const std::vector<Case> cases = {
      {"\xFF\xFE\xFD", replacements(3), 3},
      {"\x80"
       "abc\xC0\xAF"
       "def\xFF",
       "\uFFFDabc\uFFFD\uFFFDdef\uFFFD", 4},
      {"\x01\xFF\x02\x03\xFF\xFF\xFF"
       "x",
       replacements(4) + "x", 7},
      {"\r\n\xFF\xFF"
       "ok\r\n\xED\xA0\x80"
       "end\xE3\x81",
       "\n" + replacements(2) + "ok\n" + replacements(3) + "end" + replacements(2), 7},
      {std::string(100, '\xFF') + "tail" + std::string(3, '\x7F') + "\xFF",
       replacements(100) + "tail" + replacements(1), 104},
  };
  for (const Case& c : cases) {
    StripCounts counts;
    EXPECT_EQ(stripped(c.input, counts), c.expected) << c.input;
    EXPECT_EQ(counts.controls, c.controls) << c.input;
  }
}

TEST(TextStripInPlace, EmptyAndCleanTextAreUnchanged) {
  StripCounts counts;
  EXPECT_EQ(stripped("", counts), "");
  EXPECT_EQ(stripped("宗像市\t情報,=1\n", counts), "宗像市\t情報,=1\n");
  EXPECT_EQ(counts.controls + counts.bidi + counts.line_endings, 0u);
}

}  // namespace
}  // namespace sanso::sanitize::text
