#include "schema.h"

namespace sanso::isms::detail {

const std::vector<store::Migration>& migrations() {
  static const std::vector<store::Migration> steps = {
      // Records of every register kind (registers.h): the fields as a validated JSON object.
      // Removed records stay (deleted_at) so the audit trail can name them.
      {1, R"sql(
CREATE TABLE isms_records (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  department_id INTEGER NOT NULL DEFAULT 0,
  parent_id INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_by INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_by INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX isms_records_kind ON isms_records(kind, deleted_at, department_id);
CREATE INDEX isms_records_parent ON isms_records(parent_id, kind);
CREATE TABLE isms_audit_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  actor TEXT NOT NULL,
  zone TEXT NOT NULL,
  action TEXT NOT NULL,
  object_id TEXT NOT NULL,
  details TEXT NOT NULL
);
)sql"},
      // Evidence files of records (controls, answers, findings, incidents...): blobs in the
      // gateway's blob store, named by their SHA-256; the name is for display only.
      {2, R"sql(
CREATE TABLE isms_evidence (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_by INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  deleted_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX isms_evidence_record ON isms_evidence(record_id);
)sql"},
      // The JST day each user was last sent a reminder of what is due.
      {3, R"sql(
CREATE TABLE isms_reminders (
  user_id INTEGER PRIMARY KEY,
  day TEXT NOT NULL
);
)sql"},
  };
  return steps;
}

}  // namespace sanso::isms::detail
