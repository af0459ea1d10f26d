// ISMS files over HTTP: reports and register exports (CSV, XLSX, PDF) and register imports.
#pragma once

#include <cstdint>
#include <string>

#include "sanso/http/isms_api.h"
#include "sanso/http/server.h"

namespace sanso::http {

inline constexpr uint64_t kMaxImportBytes = 16ull << 20;
inline constexpr size_t kMaxImportRows = 20000;

// The file of report `what` ("soa", "rollup" with `campaign`, or a register kind) in `format`
// ("csv", "xlsx", "pdf"; CSV for one table only) as an attachment, or the error response.
Response reportFile(isms::Isms& isms, const isms::Actor& actor, const IsmsApiConfig& config,
                    const std::string& what, const std::string& format, int64_t campaign);

// A fresh path for an import upload under config.work_dir.
std::string importPath(const IsmsApiConfig& config);

// Imports the CSV or XLSX file at `path` into register `kind` (all rows or none).
Result<int64_t> importRecords(isms::Isms& isms, const isms::Actor& actor, const std::string& kind,
                              const std::string& path);

}  // namespace sanso::http
