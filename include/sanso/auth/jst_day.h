// Calendar days in Japan Standard Time (UTC+9, no daylight saving), as administrators enter
// the periods of substitute approvers (`sanso dept substitute-add --from/--until`, the admin API).
#pragma once

#include <cstdint>
#include <string>

#include "sanso/common/status.h"

namespace sanso::auth {

// The first second of day `text` (exactly "YYYY-MM-DD", JST) in Unix seconds, or with
// `end_of_day` its last second. invalidArgument for another shape, a date that does not exist
// or one before 1970.
Result<int64_t> parseJstDay(const std::string& text, bool end_of_day);

// The JST day "YYYY-MM-DD" of `unix_seconds`; empty for 0 (an open end of a period).
std::string formatJstDay(int64_t unix_seconds);

}  // namespace sanso::auth
