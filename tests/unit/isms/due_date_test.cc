#include "sanso/isms/due_date.h"

#include <gtest/gtest.h>

namespace sanso::isms {
namespace {

TEST(IsmsDueDate, AddsMonthsAndClampsToTheEndOfTheMonth) {
  EXPECT_EQ(*addMonths("2026-04-01", 12), "2027-04-01");
  EXPECT_EQ(*addMonths("2026-01-31", 1), "2026-02-28");
  EXPECT_EQ(*addMonths("2027-12-31", 2), "2028-02-29");
  EXPECT_EQ(*addMonths("2026-11-30", 0), "2026-11-30");
}

TEST(IsmsDueDate, RefusesBadInput) {
  EXPECT_FALSE(addMonths("2026-02-30", 1).isOk());
  EXPECT_FALSE(addMonths("2026-4-1", 1).isOk());
  EXPECT_FALSE(addMonths("2026-04-01", -1).isOk());
  EXPECT_FALSE(addMonths("2026-04-01", 5000).isOk());
}

TEST(IsmsDueDate, CountsDays) {
  EXPECT_EQ(*daysBetween("2026-11-30", "2026-12-07"), 7);
  EXPECT_EQ(*daysBetween("2026-12-07", "2026-11-30"), -7);
  EXPECT_EQ(jstToday(1764514800), "2025-12-01");  // 2025-11-30T15:00Z = 12-01 00:00 JST
}

}  // namespace
}  // namespace sanso::isms
