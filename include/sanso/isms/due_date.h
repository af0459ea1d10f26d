// Due dates of recurring ISMS work (review cycles) and deadlines, on JST calendar days.
#pragma once

#include <cstdint>
#include <string>

#include "sanso/common/status.h"

namespace sanso::isms {

// The day `months` calendar months after `day` ("YYYY-MM-DD", JST), clamped to the end of
// the month (2026-01-31 + 1 month = 2026-02-28). invalidArgument for a malformed day or a
// negative or absurd (> 1200) number of months.
Result<std::string> addMonths(const std::string& day, int months);

// Whole days from `from` to `to` (both "YYYY-MM-DD"); negative when `to` is earlier.
Result<int64_t> daysBetween(const std::string& from, const std::string& to);

// Today's JST day of `unix_seconds`.
std::string jstToday(int64_t unix_seconds);

}  // namespace sanso::isms
