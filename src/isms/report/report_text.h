// The text checks shared by the XLSX and PDF writers.
#pragma once

#include <string>
#include <string_view>

#include "sanso/common/status.h"
#include "sanso/isms/report.h"

namespace sanso::isms::report {

// True when `text` is well-formed UTF-8: no overlong forms, surrogates or code points past
// U+10FFFF.
bool isValidUtf8(std::string_view text);

// `text` (valid UTF-8) with what neither XML 1.0 nor a printed page can hold replaced:
// CR LF and lone CR become LF, other C0 controls (tab and LF are kept), DEL, U+FFFE and U+FFFF
// become U+FFFD.
std::string printableText(std::string_view text);

// Checks `input` against the bounds of report_limits.h, UTF-8 and row widths, and returns a
// copy with every text passed through printableText() and column widths clamped. The reason of
// a refusal is "report-invalid" or "report-too-large".
Result<Report> checkedReport(const Report& input);

}  // namespace sanso::isms::report
