// The report of one sanitize job: what came in, what was done, what went out. Stable JSON
// schema, documented in docs/report.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sanso/common/limits.h"
#include "sanso/sanitize/file_type.h"
#include "sanso/sanitize/options.h"

namespace sanso::sanitize {

inline constexpr int kReportSchemaVersion = 1;

enum class Verdict { kClean, kSanitized, kBlocked };
std::string verdictName(Verdict verdict);

// One thing the engine did. `action` is one of: removed, neutralized, converted (these make the
// verdict "sanitized"), re-encoded, repaired, kept, added (informational; added: the OCR text
// layer of image-pdf).
struct Action {
  std::string action;
  std::string what;   // stable slug: "vba-project", "dde-field", "javascript", ...
  std::string where;  // part name, object id, page...
  std::string detail;
  uint64_t count = 1;
};

struct FileFacts {
  std::string sha256;
  uint64_t size = 0;
  std::string type;  // typeName()
};

// What happened to one member of a container (archive): its name as found (decoded to UTF-8),
// the name it has in the output, and its own outcome. Members of nested containers are listed
// under their parent member.
struct MemberReport {
  std::string name;
  std::string output_name;              // empty when the member was dropped
  std::string input_type;               // typeName(), "unknown" when not detected
  std::string output_type;              // empty when dropped
  Verdict verdict = Verdict::kBlocked;  // kBlocked: dropped from the output
  std::string reason;                   // when dropped: the block reason slug
  std::string message;
  std::string held_file;  // mail: the file an encrypted archive was held in (Options)
  std::vector<Action> actions;
  std::vector<MemberReport> members;
};

struct Report {
  int schema = kReportSchemaVersion;
  std::string engine_version;
  FileFacts input;
  std::string declared_name;
  std::optional<std::string> name_mismatch;  // "extension 'pdf' but content is 'docx'"
  Method method = Method::kCdr;
  Verdict verdict = Verdict::kBlocked;
  std::string reason;   // block reason slug, empty unless blocked
  std::string message;  // English detail for the reason
  std::vector<Action> actions;
  bool actions_truncated = false;
  std::vector<LimitEvent> limit_events;
  std::optional<FileFacts> output;
  uint64_t elapsed_ms = 0;
  // Containers (archives): one entry per member, in archive order; empty for other types.
  std::vector<MemberReport> members;
};

// The report as JSON (indented when `pretty`).
std::string toJson(const Report& report, bool pretty = true);

}  // namespace sanso::sanitize
