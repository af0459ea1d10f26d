#include "schema.h"

namespace sanso::gateway::detail {

const std::vector<store::Migration>& migrations() {
  static const std::vector<store::Migration> kMigrations = {
      {1, R"sql(
CREATE TABLE transfers (
  id INTEGER PRIMARY KEY,
  sender_id INTEGER NOT NULL,
  from_zone TEXT NOT NULL,
  to_zone TEXT NOT NULL,
  levels TEXT NOT NULL,
  note TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL DEFAULT '',
  size INTEGER NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL DEFAULT '',
  file_type TEXT NOT NULL DEFAULT '',
  output_name TEXT NOT NULL DEFAULT '',
  report TEXT NOT NULL DEFAULT '',
  dlp TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT '',
  original_blob TEXT NOT NULL DEFAULT '',
  output_blob TEXT NOT NULL DEFAULT '',
  output_size INTEGER NOT NULL DEFAULT 0,
  approval_kind TEXT NOT NULL DEFAULT '',
  approver_id INTEGER,
  max_downloads INTEGER NOT NULL,
  downloads INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  uploaded_at INTEGER NOT NULL DEFAULT 0,
  available_at INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX transfers_state ON transfers(state, id);
CREATE INDEX transfers_sender ON transfers(sender_id, id);
CREATE TABLE transfer_recipients (
  transfer_id INTEGER NOT NULL REFERENCES transfers(id),
  user_id INTEGER NOT NULL,
  PRIMARY KEY (transfer_id, user_id)
);
CREATE INDEX transfer_recipients_user ON transfer_recipients(user_id);
CREATE TABLE transfer_events (
  id INTEGER PRIMARY KEY,
  transfer_id INTEGER NOT NULL REFERENCES transfers(id),
  at INTEGER NOT NULL,
  state TEXT NOT NULL,
  actor TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX transfer_events_transfer ON transfer_events(transfer_id, id);
CREATE TABLE approvals (
  id INTEGER PRIMARY KEY,
  transfer_id INTEGER NOT NULL REFERENCES transfers(id),
  kind TEXT NOT NULL,
  decided_by INTEGER NOT NULL,
  verdict TEXT NOT NULL,
  comment TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE downloads (
  id INTEGER PRIMARY KEY,
  transfer_id INTEGER NOT NULL REFERENCES transfers(id),
  user_id INTEGER NOT NULL,
  zone TEXT NOT NULL,
  at INTEGER NOT NULL
);
)sql"},
      {2, R"sql(
ALTER TABLE transfers ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE approvals ADD COLUMN capacity TEXT NOT NULL DEFAULT '';
ALTER TABLE approvals ADD COLUMN on_behalf_of INTEGER;
)sql"},
      // Audit events kept with the change they record until the chain has them
      // (sanso/audit/outbox.h); blob lookups of retention and the orphan collector.
      {3, R"sql(
CREATE TABLE audit_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  actor TEXT NOT NULL,
  zone TEXT NOT NULL,
  action TEXT NOT NULL,
  object_id TEXT NOT NULL,
  details TEXT NOT NULL
);
CREATE INDEX transfers_original_blob ON transfers(original_blob);
CREATE INDEX transfers_output_blob ON transfers(output_blob);
)sql"},
      // Mail kept for `sanso milter` (mail_hold.h): one row per message, one per held file.
      {4, R"sql(
CREATE TABLE mail_holds (
  id INTEGER PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  direction TEXT NOT NULL,
  state TEXT NOT NULL,
  message_id TEXT NOT NULL,
  queue_id TEXT NOT NULL,
  sender TEXT NOT NULL,
  recipients TEXT NOT NULL,
  subject TEXT NOT NULL,
  reason TEXT NOT NULL,
  from_zone TEXT NOT NULL,
  to_zone TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  original_blob TEXT NOT NULL,
  original_size INTEGER NOT NULL,
  original_sha256 TEXT NOT NULL,
  decided_by INTEGER NOT NULL DEFAULT 0,
  decision_comment TEXT NOT NULL DEFAULT '',
  decided_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX mail_holds_received ON mail_holds(received_at);
CREATE TABLE mail_hold_recipients (
  hold_id INTEGER NOT NULL REFERENCES mail_holds(id),
  address TEXT NOT NULL,
  PRIMARY KEY (hold_id, address)
);
CREATE INDEX mail_hold_recipients_address ON mail_hold_recipients(address);
CREATE TABLE mail_hold_files (
  hold_id INTEGER NOT NULL REFERENCES mail_holds(id),
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  blob TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  transfer_id INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (hold_id, idx)
);
)sql"},
  };
  return kMigrations;
}

}  // namespace sanso::gateway::detail
