// The hand-over of mail from `sanso milter` to the gateway (`sanso serve`) on the same data
// directory: originals of sanitized inbound mail, encrypted attachments held for their
// password (PPAP) and outbound mail held by DLP.
//
// <data_dir>/mail-intake/blobs is a blob store of files sealed with the originals key
// (store::SecretBox, <data_dir>/keys/originals.key); <data_dir>/mail-intake/records/<ref>.json
// names them. The milter seals the files first, then writes the record durably, and only then
// answers the MTA, so nothing it reported in a notice can be lost. The gateway ingests records
// (Gateway::ingestMailIntake): it copies the sealed blobs into its own store, commits the rows,
// then removes the record and the intake blobs; a crash in between repeats the ingestion,
// which is idempotent (the reference is unique).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sanso/common/status.h"
#include "sanso/store/blob_store.h"
#include "sanso/store/secret_box.h"

namespace sanso::gateway {

// One sealed file of an intake record.
struct IntakeFile {
  std::string name;    // the attachment's file name (sanitized by the engine's name rules)
  std::string type;    // engine type name ("zip", "7z", "eml")
  std::string blob;    // SHA-256 of the sealed blob in the intake store
  uint64_t size = 0;   // of the plaintext
  std::string sha256;  // of the plaintext
};

struct MailIntake {
  std::string reference;  // newMailReference(); unique, shown to users in notices
  std::string direction;  // "inbound" or "outbound"
  std::string message_id;
  std::string queue_id;  // the MTA's queue id (outbound: the id in Postfix's hold queue)
  std::string sender;    // envelope sender
  std::vector<std::string> recipients;  // envelope recipients
  std::string subject;                  // decoded, at most kMaxIntakeSubject bytes
  std::string from_zone;
  std::string to_zone;
  std::string reason;  // outbound: why it is held (masked DLP findings, never the numbers)
  int64_t received_at = 0;
  IntakeFile original;           // the whole message as received
  std::vector<IntakeFile> held;  // inbound: encrypted archives held for their password
};

inline constexpr size_t kMaxIntakeSubject = 998;
inline constexpr size_t kMaxIntakeRecipients = 1000;
inline constexpr size_t kMaxIntakeHeld = 100;
inline constexpr uint64_t kMaxIntakeRecordBytes = 1u << 20;
inline constexpr uint64_t kMaxIntakeBlobBytes = 1ull << 30;  // one sealed file

// "M-" and 16 random lower-case hex digits.
std::string newMailReference();
// Whether `reference` has exactly that form (references become file names).
bool isMailReference(const std::string& reference);

// The intake folders of a data directory.
struct MailIntakeDirs {
  std::string root;     // <data_dir>/mail-intake
  std::string blobs;    // <root>/blobs
  std::string records;  // <root>/records
};
MailIntakeDirs mailIntakeDirs(const std::string& data_dir);

// The milter's side: seals files into the intake store and commits records.
class MailIntakeWriter {
 public:
  // Creates the intake folders of `data_dir` when missing and opens the originals key.
  static Result<MailIntakeWriter> open(const std::string& data_dir);

  // Seals the file at `path` (at most `max_bytes`) into the intake store.
  Result<IntakeFile> seal(const std::string& path, const std::string& name, const std::string& type,
                          uint64_t max_bytes) const;
  // Writes `record` durably; from then on the gateway will ingest it.
  Status commit(const MailIntake& record) const;

 private:
  MailIntakeWriter(MailIntakeDirs dirs, store::BlobStore blobs, store::SecretBox box)
      : dirs_(std::move(dirs)), blobs_(std::move(blobs)), box_(std::move(box)) {}
  MailIntakeDirs dirs_;
  store::BlobStore blobs_;
  store::SecretBox box_;
};

// The JSON text of a record, and back (invalidArgument for anything malformed or over the
// limits above).
std::string intakeToJson(const MailIntake& record);
Result<MailIntake> intakeFromJson(const std::string& text);

}  // namespace sanso::gateway
