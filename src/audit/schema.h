// The audit database's tables and how their rows map to Record and Checkpoint.
#pragma once

#include <vector>

#include "sanso/audit/checkpoint.h"
#include "sanso/audit/record.h"
#include "sanso/store/database.h"

namespace sanso::audit {

// Migrations of module "audit".
const std::vector<store::Migration>& auditMigrations();

// The columns readRecord() expects, in order, for "SELECT <kRecordColumns> FROM audit_records".
inline constexpr const char* kRecordColumns =
    "seq, time, actor, zone, action, object_id, details, prev_hash, hash";
Record readRecord(const store::Statement& row);

// The same for checkpoints.
inline constexpr const char* kCheckpointColumns = "seq, hash, time, signature";
Checkpoint readCheckpoint(const store::Statement& row);

}  // namespace sanso::audit
