#include "sanso/gateway/mail_intake.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "sanso/common/file_io.h"
#include "sanso/store/fs_util.h"

namespace sanso::gateway {
namespace {

using nlohmann::json;

constexpr size_t kMaxTextField = 2000;

json fileJson(const IntakeFile& f) {
  return {
      {"name", f.name}, {"type", f.type}, {"blob", f.blob}, {"size", f.size}, {"sha256", f.sha256}};
}

// A string member of `j` (absent: empty), at most `max` bytes.
Result<std::string> text(const json& j, const char* key, size_t max = kMaxTextField) {
  if (!j.contains(key)) return std::string();
  if (!j[key].is_string()) return Status::invalidArgument(std::string(key) + " is not a string");
  std::string value = j[key].get<std::string>();
  if (value.size() > max) return Status::invalidArgument(std::string(key) + " is too long");
  return value;
}

Result<IntakeFile> fileFromJson(const json& j) {
  if (!j.is_object()) return Status::invalidArgument("a file is not an object");
  IntakeFile f;
  SANSO_ASSIGN_OR_RETURN(f.name, text(j, "name", 1024));
  SANSO_ASSIGN_OR_RETURN(f.type, text(j, "type", 32));
  SANSO_ASSIGN_OR_RETURN(f.blob, text(j, "blob", 64));
  SANSO_ASSIGN_OR_RETURN(f.sha256, text(j, "sha256", 64));
  if (!store::isValidBlobHash(f.blob) || !store::isValidBlobHash(f.sha256)) {
    return Status::invalidArgument("a file has no valid hash");
  }
  if (!j.contains("size") || !j["size"].is_number_unsigned()) {
    return Status::invalidArgument("a file has no size");
  }
  f.size = j["size"].get<uint64_t>();
  return f;
}

}  // namespace

std::string newMailReference() {
  unsigned char bytes[8];
  randombytes_buf(bytes, sizeof bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "M-";
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

bool isMailReference(const std::string& reference) {
  if (reference.size() != 18 || reference.compare(0, 2, "M-") != 0) return false;
  for (size_t i = 2; i < reference.size(); ++i) {
    const char c = reference[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

MailIntakeDirs mailIntakeDirs(const std::string& data_dir) {
  const std::string root = data_dir + "/mail-intake";
  return {root, root + "/blobs", root + "/records"};
}

Result<MailIntakeWriter> MailIntakeWriter::open(const std::string& data_dir) {
  MailIntakeDirs dirs = mailIntakeDirs(data_dir);
  SANSO_RETURN_IF_ERROR(store::ensureDirectory(dirs.root, 0700));
  SANSO_RETURN_IF_ERROR(store::ensureDirectory(dirs.records, 0700));
  SANSO_ASSIGN_OR_RETURN(store::BlobStore blobs, store::BlobStore::open(dirs.blobs));
  SANSO_ASSIGN_OR_RETURN(store::SecretBox box,
                         store::SecretBox::open(data_dir + "/keys/originals.key"));
  return MailIntakeWriter(std::move(dirs), std::move(blobs), std::move(box));
}

Result<IntakeFile> MailIntakeWriter::seal(const std::string& path, const std::string& name,
                                          const std::string& type, uint64_t max_bytes) const {
  SANSO_ASSIGN_OR_RETURN(InputFile input, InputFile::open(path, max_bytes));
  IntakeFile file;
  file.name = name;
  file.type = type;
  file.size = input.bytes().size();
  file.sha256 = input.sha256Hex();
  SANSO_ASSIGN_OR_RETURN(store::BlobInfo sealed, box_.encryptFile(path, blobs_, max_bytes));
  file.blob = sealed.sha256;
  return file;
}

Status MailIntakeWriter::commit(const MailIntake& record) const {
  if (!isMailReference(record.reference)) return Status::invalidArgument("bad mail reference");
  return store::writeFileDurably(dirs_.records + "/" + record.reference + ".json",
                                 asBytes(intakeToJson(record)));
}

std::string intakeToJson(const MailIntake& r) {
  json held = json::array();
  for (const IntakeFile& f : r.held) held.push_back(fileJson(f));
  json j = {{"reference", r.reference},
            {"direction", r.direction},
            {"message_id", r.message_id},
            {"queue_id", r.queue_id},
            {"sender", r.sender},
            {"recipients", r.recipients},
            {"subject", r.subject},
            {"from_zone", r.from_zone},
            {"to_zone", r.to_zone},
            {"reason", r.reason},
            {"received_at", r.received_at},
            {"original", fileJson(r.original)},
            {"held", held}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<MailIntake> intakeFromJson(const std::string& text_in) {
  if (text_in.size() > kMaxIntakeRecordBytes) return Status::invalidArgument("record too large");
  json j = json::parse(text_in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::invalidArgument("record is not JSON");
  MailIntake r;
  SANSO_ASSIGN_OR_RETURN(r.reference, text(j, "reference", 18));
  if (!isMailReference(r.reference)) return Status::invalidArgument("bad mail reference");
  SANSO_ASSIGN_OR_RETURN(r.direction, text(j, "direction", 16));
  if (r.direction != "inbound" && r.direction != "outbound") {
    return Status::invalidArgument("bad direction");
  }
  SANSO_ASSIGN_OR_RETURN(r.message_id, text(j, "message_id", 998));
  SANSO_ASSIGN_OR_RETURN(r.queue_id, text(j, "queue_id", 64));
  SANSO_ASSIGN_OR_RETURN(r.sender, text(j, "sender", 998));
  SANSO_ASSIGN_OR_RETURN(r.subject, text(j, "subject", kMaxIntakeSubject));
  SANSO_ASSIGN_OR_RETURN(r.from_zone, text(j, "from_zone", 64));
  SANSO_ASSIGN_OR_RETURN(r.to_zone, text(j, "to_zone", 64));
  SANSO_ASSIGN_OR_RETURN(r.reason, text(j, "reason"));
  if (!j.contains("recipients") || !j["recipients"].is_array() ||
      j["recipients"].size() > kMaxIntakeRecipients) {
    return Status::invalidArgument("bad recipients");
  }
  for (const json& rcpt : j["recipients"]) {
    if (!rcpt.is_string() || rcpt.get<std::string>().size() > 998) {
      return Status::invalidArgument("bad recipient");
    }
    r.recipients.push_back(rcpt.get<std::string>());
  }
  if (!j.contains("received_at") || !j["received_at"].is_number_integer()) {
    return Status::invalidArgument("no received_at");
  }
  r.received_at = j["received_at"].get<int64_t>();
  if (!j.contains("original")) return Status::invalidArgument("no original");
  SANSO_ASSIGN_OR_RETURN(r.original, fileFromJson(j["original"]));
  if (!j.contains("held") || !j["held"].is_array() || j["held"].size() > kMaxIntakeHeld) {
    return Status::invalidArgument("bad held list");
  }
  for (const json& f : j["held"]) {
    SANSO_ASSIGN_OR_RETURN(IntakeFile file, fileFromJson(f));
    r.held.push_back(std::move(file));
  }
  return r;
}

}  // namespace sanso::gateway
