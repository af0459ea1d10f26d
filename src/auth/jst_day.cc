#include "sanso/auth/jst_day.h"

#include <chrono>
#include <cstdio>

namespace sanso::auth {
namespace {

using std::chrono::days;
using std::chrono::seconds;
using std::chrono::sys_days;

constexpr seconds kJstOffset = std::chrono::hours(9);

bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<int64_t> parseJstDay(const std::string& text, bool end_of_day) {
  bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-';
  for (size_t i = 0; shape && i < text.size(); ++i) shape = i == 4 || i == 7 || isDigit(text[i]);
  if (!shape) return Status::invalidArgument("expected a date YYYY-MM-DD");
  const int y = std::stoi(text.substr(0, 4));
  const auto m = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  const auto d = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  std::chrono::year_month_day day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!day.ok()) return Status::invalidArgument("no such date: " + text);
  seconds start = sys_days(day).time_since_epoch() - kJstOffset;
  if (end_of_day) start += days(1) - seconds(1);
  if (start.count() <= 0) return Status::invalidArgument("date before 1970: " + text);
  return static_cast<int64_t>(start.count());
}

std::string formatJstDay(int64_t unix_seconds) {
  if (unix_seconds == 0) return {};
  auto local = sys_days(std::chrono::floor<days>(seconds(unix_seconds) + kJstOffset));
  std::chrono::year_month_day day(local);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return text;
}

}  // namespace sanso::auth
