#include "sanso/isms/due_date.h"

#include <cstdio>

#include "sanso/auth/jst_day.h"

namespace sanso::isms {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

bool leapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int daysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leapYear(year) ? 29 : kDays[month - 1];
}

}  // namespace

Result<std::string> addMonths(const std::string& day, int months) {
  SANSO_RETURN_IF_ERROR(auth::parseJstDay(day, false).status());
  if (months < 0 || months > 1200) {
    return Status::invalidArgument("months must be between 0 and 1200");
  }
  int year = std::stoi(day.substr(0, 4));
  int month = std::stoi(day.substr(5, 2));
  int dom = std::stoi(day.substr(8, 2));
  int index = year * 12 + (month - 1) + months;
  year = index / 12;
  month = index % 12 + 1;
  if (dom > daysInMonth(year, month)) dom = daysInMonth(year, month);
  char out[40];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, dom);
  return std::string(out);
}

Result<int64_t> daysBetween(const std::string& from, const std::string& to) {
  SANSO_ASSIGN_OR_RETURN(int64_t a, auth::parseJstDay(from, false));
  SANSO_ASSIGN_OR_RETURN(int64_t b, auth::parseJstDay(to, false));
  return (b - a) / kSecondsPerDay;
}

std::string jstToday(int64_t unix_seconds) { return auth::formatJstDay(unix_seconds); }

}  // namespace sanso::isms
