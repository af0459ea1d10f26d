// Verifying an audit chain and its checkpoints.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sanso/audit/checkpoint.h"
#include "sanso/common/status.h"
#include "sanso/store/database.h"

namespace sanso::audit {

enum class ProblemKind {
  kEdited,              // a record's hash does not match its fields
  kRemoved,             // a seq gap; a prev_hash that does not link; an intact record whose
                        // predecessor is gone (removed, the rest renumbered); or records
                        // missing up to a signed checkpoint (truncation)
  kReordered,           // an intact record stands at another record's position
  kCheckpointInvalid,   // a checkpoint's signature does not verify with the public key
  kCheckpointMismatch,  // a validly signed checkpoint disagrees with the chain
};

// "edited", "removed", "reordered", "checkpoint-invalid", "checkpoint-mismatch".
std::string_view problemKindName(ProblemKind kind);

struct Problem {
  ProblemKind kind = ProblemKind::kEdited;
  uint64_t seq = 0;  // the record (or checkpoint's record) where it was found
  std::string message;
};

struct VerifyReport {
  uint64_t records = 0;      // rows in the chain
  uint64_t verified = 0;     // seq of the last record verified before any problem
  uint64_t checkpoints = 0;  // checkpoints verified (signature and position in the chain)
  std::optional<Checkpoint> last_checkpoint;  // the last of those
  std::optional<Problem> problem;             // the first problem, in seq order
  bool intact() const { return !problem.has_value(); }
};

// Walks the whole chain in `db` (an audit database) in one read snapshot, checking every
// record's hash and link and every checkpoint against `key`. Stops at the first problem.
Result<VerifyReport> verifyChain(store::Database& db, const PublicKey& key);

}  // namespace sanso::audit
