// Exporting the audit chain for SIEMs and auditors.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sanso/audit/record.h"
#include "sanso/common/status.h"
#include "sanso/store/database.h"

namespace sanso::audit {

enum class ExportFormat {
  kJsonLines,  // one JSON object per line: every field of the record, details as an object
  kSyslog,     // RFC 5424 lines, seq/hash/prev_hash and the fields as structured data
};

// One record as a JSON Lines line (without the newline).
std::string toJsonLine(const Record& record);
// One record as an RFC 5424 line (without the newline); `hostname` is the HOSTNAME field.
std::string toSyslogLine(const Record& record, const std::string& hostname);

// Writes the records with seq >= `from_seq`, in order, one per line, from one read snapshot.
Status exportRecords(store::Database& db, ExportFormat format, uint64_t from_seq,
                     std::ostream& out);

// One page of the chain, newest first: up to `limit` (at most 1000) records with seq < `before_seq`
// (0: from the newest record). For the audit log page of the web UI.
Result<std::vector<Record>> recentRecords(store::Database& db, uint64_t before_seq, uint64_t limit);

}  // namespace sanso::audit
