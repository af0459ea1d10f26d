// Sanitizing one member of a container (archive member, later mail attachment) with the engine
// itself: the same options and budget as the container, type detected from content.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "job.h"
#include "sanso/common/bytes.h"
#include "sanso/common/status.h"
#include "sanso/sanitize/report.h"

namespace sanso::sanitize {

// Where a job sits inside containers.
struct Nesting {
  uint64_t depth = 0;               // 1 for the members of the top-level container
  std::vector<std::string> chain;   // SHA-256 of every enclosing container, outermost first
  uint64_t* members_seen = nullptr;  // members of all containers of the job, counted together
};

// The nesting for the members of `container` (one level deeper, its hash added to the chain;
// members_seen is inherited, nullptr under the top-level container).
Nesting memberNesting(const Job& container);

struct MemberResult {
  Status status;       // ok, or blocked with the reason the member is refused
  std::string output;  // the sanitized member (when ok)
  FileType output_type = FileType::kUnknown;
  std::string output_name;  // `name` with the extension of the output type (docm -> docx)
  MemberReport report;      // the member's outcome for the container's report
};

// Sanitizes `data`, found as `name` (decoded, already checked) in `container`, at `nesting`.
// The method, password and other options are the container's; limits are charged to the
// container's budget. A member equal to one of its enclosing containers is refused
// ("archive-cycle"). A blocked member comes back in an ok Result with a blocked status; a
// non-ok Result means sanso or the environment failed.
Result<MemberResult> sanitizeMember(ByteView data, const std::string& name, const Job& container,
                                    const Nesting& nesting);

// `report` as the report of a member refused for `why`: blocked, with the reason and message,
// and no output name or type.
MemberReport refusedMember(MemberReport report, const Status& why);

// `name` with its extension changed to the canonical one of `type` when it does not already
// fit (report.docm -> report.docx, notes -> notes.txt).
std::string fitName(const std::string& name, FileType type);

}  // namespace sanso::sanitize
