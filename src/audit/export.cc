#include "sanso/audit/export.h"

#include <unistd.h>

#include <climits>

#include "schema.h"

namespace sanso::audit {
namespace {

using nlohmann::json;

constexpr auto kReplaceInvalid = json::error_handler_t::replace;
// RFC 5424 PRI for facility 13 (log audit), severity 6 (informational).
constexpr int kSyslogPri = 13 * 8 + 6;
// The SD-ID: "sanso" under the enterprise number that RFC 5612 reserves for documentation;
// a deployment with its own number may change it.
constexpr const char* kSdId = "sanso@32473";

// An SD-PARAM value: '"', '\' and ']' escaped as RFC 5424 section 6.3.3 requires.
std::string sdValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '"' || c == '\\' || c == ']') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// 1 to `max` printable US-ASCII characters, else "-" (the NILVALUE).
std::string headerToken(std::string_view value, size_t max) {
  if (value.empty() || value.size() > max) return "-";
  for (char c : value) {
    if (c < 33 || c > 126) return "-";
  }
  return std::string(value);
}

std::string localHostname() {
  char name[HOST_NAME_MAX + 1] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "-";
  return name;
}

}  // namespace

std::string toJsonLine(const Record& record) {
  json line = {{"seq", record.seq},
               {"time", record.time},
               {"actor", record.actor},
               {"zone", record.zone},
               {"action", record.action},
               {"object_id", record.object_id},
               {"prev_hash", record.prev_hash},
               {"hash", record.hash}};
  // details as an object when it parses (it always does unless the file was altered), so that
  // SIEMs can index it; re-serialized compactly with sorted keys it is the hashed text again.
  json details = json::parse(record.details, nullptr, false);
  if (details.is_object()) {
    line["details"] = std::move(details);
  } else {
    line["details_text"] = record.details;
  }
  return line.dump(-1, ' ', false, kReplaceInvalid);
}

std::string toSyslogLine(const Record& record, const std::string& hostname) {
  std::string line = "<" + std::to_string(kSyslogPri) + ">1 " + headerToken(record.time, 128) +
                     " " + headerToken(hostname, 255) + " sanso - " +
                     headerToken(record.action, 32) + " [" + kSdId;
  auto param = [&line](const char* name, std::string_view value) {
    line += std::string(" ") + name + "=\"" + sdValue(value) + "\"";
  };
  param("seq", std::to_string(record.seq));
  param("hash", record.hash);
  param("prev_hash", record.prev_hash);
  param("actor", record.actor);
  param("zone", record.zone);
  param("action", record.action);
  param("object_id", record.object_id);
  line += "] ";
  // MSG: the details JSON on one line (a JSON dump never holds a raw newline).
  json details = json::parse(record.details, nullptr, false);
  line += details.is_discarded() ? json(record.details).dump(-1, ' ', false, kReplaceInvalid)
                                 : details.dump(-1, ' ', false, kReplaceInvalid);
  return line;
}

Status exportRecords(store::Database& db, ExportFormat format, uint64_t from_seq,
                     std::ostream& out) {
  if (from_seq > static_cast<uint64_t>(INT64_MAX)) {
    return Status::invalidArgument("--from is out of range");
  }
  std::string hostname = format == ExportFormat::kSyslog ? localHostname() : "";
  SANSO_ASSIGN_OR_RETURN(auto session, db.read());
  SANSO_ASSIGN_OR_RETURN(auto rows, session.prepare(std::string("SELECT ") + kRecordColumns +
                                                    " FROM audit_records WHERE seq >= ?"
                                                    " ORDER BY seq"));
  SANSO_RETURN_IF_ERROR(rows.bindInt64(1, static_cast<int64_t>(from_seq)));
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) break;
    Record record = readRecord(rows);
    out << (format == ExportFormat::kJsonLines ? toJsonLine(record)
                                               : toSyslogLine(record, hostname))
        << '\n';
    if (!out) return Status::ioError("cannot write the export");
  }
  out.flush();
  return out ? Status::ok() : Status::ioError("cannot write the export");
}

Result<std::vector<Record>> recentRecords(store::Database& db, uint64_t before_seq,
                                          uint64_t limit) {
  if (before_seq == 0 || before_seq > static_cast<uint64_t>(INT64_MAX)) {
    before_seq = static_cast<uint64_t>(INT64_MAX);
  }
  if (limit > 1000) limit = 1000;
  SANSO_ASSIGN_OR_RETURN(auto session, db.read());
  SANSO_ASSIGN_OR_RETURN(auto rows, session.prepare(std::string("SELECT ") + kRecordColumns +
                                                    " FROM audit_records WHERE seq < ?"
                                                    " ORDER BY seq DESC LIMIT ?"));
  SANSO_RETURN_IF_ERROR(rows.bindInt64(1, static_cast<int64_t>(before_seq)));
  SANSO_RETURN_IF_ERROR(rows.bindInt64(2, static_cast<int64_t>(limit)));
  std::vector<Record> records;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) break;
    records.push_back(readRecord(rows));
  }
  return records;
}

}  // namespace sanso::audit
