// Bounds on one ISMS report. Reports are built from the registers, not from files users send,
// so these are constants rather than entries of sanso::Limits; they keep one request from
// making the server spend unbounded memory and time and they match what Excel can hold.
#pragma once

#include <cstddef>

namespace sanso::isms::report {

// Data rows over all tables of one report.
inline constexpr size_t kMaxReportRows = 100'000;
// Bytes of one cell's UTF-8 text: Excel's limit is 32,767 characters per cell, and a
// character is at least one byte.
inline constexpr size_t kMaxCellBytes = 32'767;
// Tables (worksheets, PDF sections) of one report.
inline constexpr size_t kMaxTables = 100;
// Columns of one table (a printable table has far fewer).
inline constexpr size_t kMaxColumns = 100;
// Bytes of a title, the organization, generated_at and a column title.
inline constexpr size_t kMaxLabelBytes = 1024;
// Column width, in characters (Excel's maximum is 255).
inline constexpr double kMinColumnWidth = 1;
inline constexpr double kMaxColumnWidth = 255;

}  // namespace sanso::isms::report
