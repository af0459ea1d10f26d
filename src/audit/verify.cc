#include "sanso/audit/verify.h"

#include <vector>

#include "schema.h"

namespace sanso::audit {
namespace {

Problem problem(ProblemKind kind, uint64_t seq, std::string message) {
  return Problem{kind, seq, std::move(message)};
}

// The seq of the row whose `column` equals `value`, or 0.
Result<uint64_t> findSeq(store::Session& session, const char* column, const std::string& value) {
  SANSO_ASSIGN_OR_RETURN(
      auto query, session.prepare(std::string("SELECT seq FROM audit_records WHERE ") + column +
                                  " = ? LIMIT 1"));
  SANSO_RETURN_IF_ERROR(query.bindText(1, value));
  SANSO_ASSIGN_OR_RETURN(bool found, query.step());
  return found ? static_cast<uint64_t>(query.columnInt64(0)) : 0;
}

// How far from its position a moved record is looked for, besides the positions its
// neighbours in the original chain point to.
constexpr uint64_t kMoveWindow = 64;

// For `record`, whose hash fails at its position: the seq at which its hash does hold (the
// record is intact but stands elsewhere), or 0 when none is found (it was edited).
Result<uint64_t> originalSeq(store::Session& session, const Record& record) {
  std::vector<uint64_t> candidates;
  if (record.prev_hash == kGenesisHash) candidates.push_back(1);
  SANSO_ASSIGN_OR_RETURN(uint64_t before, findSeq(session, "hash", record.prev_hash));
  if (before != 0) candidates.push_back(before + 1);
  SANSO_ASSIGN_OR_RETURN(uint64_t after, findSeq(session, "prev_hash", record.hash));
  if (after > 1) candidates.push_back(after - 1);
  for (uint64_t distance = 1; distance <= kMoveWindow; ++distance) {
    candidates.push_back(record.seq + distance);
    if (record.seq > distance) candidates.push_back(record.seq - distance);
  }
  Record moved = record;
  for (uint64_t seq : candidates) {
    moved.seq = seq;
    if (seq != record.seq && recordHash(moved) == record.hash) return seq;
  }
  return uint64_t{0};
}

// The problem with `record`, whose fields do not match its hash at its position.
Result<Problem> classifyMismatch(store::Session& session, const Record& record) {
  SANSO_ASSIGN_OR_RETURN(uint64_t original, originalSeq(session, record));
  if (original == 0) {
    return problem(ProblemKind::kEdited, record.seq, "the record's fields do not match its hash");
  }
  std::string holds = "this position holds record " + std::to_string(original);
  SANSO_ASSIGN_OR_RETURN(uint64_t predecessor, findSeq(session, "hash", record.prev_hash));
  if (predecessor == 0 && record.prev_hash != kGenesisHash) {
    return problem(ProblemKind::kRemoved, record.seq,
                   holds +
                       ", whose predecessor is gone: records were removed and the rest "
                       "renumbered");
  }
  return problem(ProblemKind::kReordered, record.seq, holds);
}

Result<std::vector<Checkpoint>> loadCheckpoints(store::Session& session) {
  SANSO_ASSIGN_OR_RETURN(auto query, session.prepare(std::string("SELECT ") + kCheckpointColumns +
                                                     " FROM audit_checkpoints ORDER BY seq, id"));
  std::vector<Checkpoint> checkpoints;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool row, query.step());
    if (!row) return checkpoints;
    checkpoints.push_back(readCheckpoint(query));
  }
}

// Checks `record` (already verified) against the checkpoint that claims to sign it.
std::optional<Problem> checkCheckpoint(const Checkpoint& checkpoint, const Record& record,
                                       const PublicKey& key) {
  if (!key.verifies(checkpoint)) {
    return problem(ProblemKind::kCheckpointInvalid, checkpoint.seq,
                   "checkpoint signature does not verify with public key " + key.toHex());
  }
  if (checkpoint.seq != record.seq || checkpoint.hash != record.hash) {
    return problem(ProblemKind::kCheckpointMismatch, checkpoint.seq,
                   "signed checkpoint disagrees with the chain: it signs hash " + checkpoint.hash +
                       ", the record has " + record.hash);
  }
  return std::nullopt;
}

// Checks one record against the chain so far (`expected` seq, `prev_hash`).
Result<std::optional<Problem>> checkRecord(store::Session& session, const Record& record,
                                           uint64_t expected, const std::string& prev_hash) {
  if (record.seq != expected) {
    return std::optional(problem(ProblemKind::kRemoved, expected,
                                 "records " + std::to_string(expected) + " to " +
                                     std::to_string(record.seq - 1) + " are missing"));
  }
  if (recordHash(record) != record.hash) {
    SANSO_ASSIGN_OR_RETURN(Problem mismatch, classifyMismatch(session, record));
    return std::optional(std::move(mismatch));
  }
  if (record.prev_hash != prev_hash) {
    return std::optional(
        problem(ProblemKind::kRemoved, record.seq,
                "prev_hash does not match the previous record: a record before it was removed "
                "or replaced"));
  }
  return std::optional<Problem>();
}

}  // namespace

std::string_view problemKindName(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kEdited:
      return "edited";
    case ProblemKind::kRemoved:
      return "removed";
    case ProblemKind::kReordered:
      return "reordered";
    case ProblemKind::kCheckpointInvalid:
      return "checkpoint-invalid";
    case ProblemKind::kCheckpointMismatch:
      return "checkpoint-mismatch";
  }
  return "unknown";
}

Result<VerifyReport> verifyChain(store::Database& db, const PublicKey& key) {
  SANSO_ASSIGN_OR_RETURN(auto session, db.read());
  SANSO_ASSIGN_OR_RETURN(auto checkpoints, loadCheckpoints(session));
  SANSO_ASSIGN_OR_RETURN(auto count, session.prepare("SELECT COUNT(*) FROM audit_records"));
  SANSO_ASSIGN_OR_RETURN(bool counted, count.step());
  VerifyReport report;
  report.records = counted ? static_cast<uint64_t>(count.columnInt64(0)) : 0;

  SANSO_ASSIGN_OR_RETURN(auto rows, session.prepare(std::string("SELECT ") + kRecordColumns +
                                                    " FROM audit_records ORDER BY seq"));
  std::string prev_hash(kGenesisHash);
  uint64_t expected = 1;
  size_t next_checkpoint = 0;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) break;
    Record record = readRecord(rows);
    SANSO_ASSIGN_OR_RETURN(report.problem, checkRecord(session, record, expected, prev_hash));
    if (report.problem) return report;
    report.verified = record.seq;
    prev_hash = record.hash;
    ++expected;
    for (; next_checkpoint < checkpoints.size() && checkpoints[next_checkpoint].seq <= record.seq;
         ++next_checkpoint) {
      const Checkpoint& checkpoint = checkpoints[next_checkpoint];
      report.problem = checkCheckpoint(checkpoint, record, key);
      if (report.problem) return report;
      ++report.checkpoints;
      report.last_checkpoint = checkpoint;
    }
  }
  // Checkpoints past the end sign records that are gone: the chain was cut short.
  if (next_checkpoint < checkpoints.size()) {
    const Checkpoint& checkpoint = checkpoints[next_checkpoint];
    if (!key.verifies(checkpoint)) {
      report.problem =
          problem(ProblemKind::kCheckpointInvalid, checkpoint.seq,
                  "checkpoint signature does not verify with public key " + key.toHex());
    } else {
      report.problem = problem(ProblemKind::kRemoved, expected,
                               "a signed checkpoint covers seq " + std::to_string(checkpoint.seq) +
                                   " but the chain ends at " + std::to_string(expected - 1));
    }
  }
  return report;
}

}  // namespace sanso::audit
