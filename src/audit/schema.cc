#include "schema.h"

namespace sanso::audit {

const std::vector<store::Migration>& auditMigrations() {
  // The triggers refuse UPDATE and DELETE so that no code path can change the log by
  // mistake; they do not stop someone with the file, which is what the chain is for.
  static const std::vector<store::Migration> kMigrations = {
      {1,
       "CREATE TABLE audit_records ("
       " seq INTEGER PRIMARY KEY,"
       " time TEXT NOT NULL,"
       " actor TEXT NOT NULL,"
       " zone TEXT NOT NULL,"
       " action TEXT NOT NULL,"
       " object_id TEXT NOT NULL,"
       " details TEXT NOT NULL,"
       " prev_hash TEXT NOT NULL,"
       " hash TEXT NOT NULL);"
       "CREATE TABLE audit_checkpoints ("
       " id INTEGER PRIMARY KEY,"
       " seq INTEGER NOT NULL,"
       " hash TEXT NOT NULL,"
       " time TEXT NOT NULL,"
       " signature TEXT NOT NULL);"
       "CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (seq);"
       "CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records"
       " BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
       "CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records"
       " BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
       "CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints"
       " BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;"
       "CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints"
       " BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;"},
      // How far each outbox (AuditLog::appendRelayed) has been appended.
      {2,
       "CREATE TABLE audit_relay ("
       " source TEXT PRIMARY KEY,"
       " through INTEGER NOT NULL);"},
  };
  return kMigrations;
}

Record readRecord(const store::Statement& row) {
  Record record;
  record.seq = static_cast<uint64_t>(row.columnInt64(0));
  record.time = row.columnText(1);
  record.actor = row.columnText(2);
  record.zone = row.columnText(3);
  record.action = row.columnText(4);
  record.object_id = row.columnText(5);
  record.details = row.columnText(6);
  record.prev_hash = row.columnText(7);
  record.hash = row.columnText(8);
  return record;
}

Checkpoint readCheckpoint(const store::Statement& row) {
  Checkpoint checkpoint;
  checkpoint.seq = static_cast<uint64_t>(row.columnInt64(0));
  checkpoint.hash = row.columnText(1);
  checkpoint.time = row.columnText(2);
  checkpoint.signature = row.columnText(3);
  return checkpoint;
}

}  // namespace sanso::audit
