// Mail holds: ingestion of the milter's intake, the recipients' and security managers' views,
// passwords for held attachments (PPAP), release of originals and of held outbound mail.
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>
#include <shared_mutex>

#include "job_dir.h"
#include "sanso/common/ascii.h"
#include "sanso/common/file_io.h"
#include "sanso/gateway/flow_sanitize.h"
#include "sanso/gateway/gateway.h"
#include "sanso/store/fs_util.h"

namespace sanso::gateway {
namespace {

using nlohmann::json;

constexpr size_t kMaxRecordsPerIngest = 1000;
constexpr int64_t kMaxListedHolds = 200;
constexpr size_t kMaxPasswordBytes = 1024;
constexpr const char* kLockedText =
    "パスワードの誤りが多すぎるため、このファイルは保護されました。"
    "情報セキュリティ管理者に連絡してください。";

// The address inside an envelope path ("<a@b>" -> "a@b"), lower-cased.
std::string bareAddress(const std::string& path) {
  std::string out = path;
  if (out.size() >= 2 && out.front() == '<' && out.back() == '>')
    out = out.substr(1, out.size() - 2);
  return lowerAscii(out);
}

constexpr const char* kHoldColumns =
    "id, reference, direction, state, message_id, queue_id, sender, recipients, subject, reason, "
    "from_zone, to_zone, received_at, original_blob, original_size, decided_by, "
    "decision_comment, decided_at";

MailHold holdFromRow(const store::Statement& st) {
  MailHold h;
  h.reference = st.columnText(1);
  h.direction = st.columnText(2);
  h.state = st.columnText(3);
  h.message_id = st.columnText(4);
  h.queue_id = st.columnText(5);
  h.sender = st.columnText(6);
  json recipients = json::parse(st.columnText(7), nullptr, false);
  if (recipients.is_array()) {
    for (const json& r : recipients) {
      if (r.is_string()) h.recipients.push_back(r.get<std::string>());
    }
  }
  h.subject = st.columnText(8);
  h.reason = st.columnText(9);
  h.from_zone = st.columnText(10);
  h.to_zone = st.columnText(11);
  h.received_at = st.columnInt64(12);
  h.original_kept = !st.columnText(13).empty();
  h.original_size = static_cast<uint64_t>(st.columnInt64(14));
  h.decided_by = st.columnInt64(15);
  h.decision_comment = st.columnText(16);
  h.decided_at = st.columnInt64(17);
  return h;
}

// The files of hold `id`, in index order.
Status loadFiles(store::Session& s, int64_t id, MailHold& hold) {
  SANSO_ASSIGN_OR_RETURN(store::Statement st,
                         s.prepare("SELECT idx, name, type, size, sha256, state, attempts, "
                                   "transfer_id, reason FROM mail_hold_files WHERE hold_id = ?1 "
                                   "ORDER BY idx"));
  SANSO_RETURN_IF_ERROR(st.bindInt64(1, id));
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool more, st.step());
    if (!more) return Status::ok();
    HeldFile f;
    f.index = st.columnInt64(0);
    f.name = st.columnText(1);
    f.type = st.columnText(2);
    f.size = static_cast<uint64_t>(st.columnInt64(3));
    f.sha256 = st.columnText(4);
    f.state = st.columnText(5);
    f.attempts = st.columnInt64(6);
    f.transfer_id = st.columnInt64(7);
    f.reason = st.columnText(8);
    hold.files.push_back(std::move(f));
  }
}

// The block reason slug of an engine report (JSON text); empty when none.
std::string reportReason(const std::string& report_json) {
  json report = json::parse(report_json, nullptr, false);
  if (!report.is_object() || !report.contains("reason") || !report["reason"].is_string()) return "";
  return report["reason"].get<std::string>();
}

}  // namespace

Status Gateway::ingestMailIntake() {
  if (deps_.mail_intake.root.empty()) return Status::ok();
  std::lock_guard lock(intake_mutex_);
  SANSO_RETURN_IF_ERROR(store::ensureDirectory(deps_.mail_intake.root, 0700));
  SANSO_RETURN_IF_ERROR(store::ensureDirectory(deps_.mail_intake.records, 0700));
  SANSO_ASSIGN_OR_RETURN(store::BlobStore intake, store::BlobStore::open(deps_.mail_intake.blobs));
  std::vector<std::string> records;
  {
    DIR* dir = ::opendir(deps_.mail_intake.records.c_str());
    if (dir == nullptr) return Status::ioError("cannot list " + deps_.mail_intake.records);
    while (dirent* entry = ::readdir(dir)) {
      const std::string name = entry->d_name;
      // <reference>.json only: temporaries ("*.new-XXXXXX") and set-aside records are skipped.
      if (name.size() == 23 && name.ends_with(".json") && isMailReference(name.substr(0, 18))) {
        records.push_back(name);
      }
      if (records.size() >= kMaxRecordsPerIngest) break;
    }
    ::closedir(dir);
  }
  std::sort(records.begin(), records.end());
  for (const std::string& name : records) {
    SANSO_RETURN_IF_ERROR(ingestMailRecord(intake, deps_.mail_intake.records + "/" + name));
  }
  return Status::ok();
}

Status Gateway::ingestMailRecord(const store::BlobStore& intake, const std::string& path) {
  auto text = readFile(path, kMaxIntakeRecordBytes);
  Result<MailIntake> parsed =
      text.isOk() ? intakeFromJson(*text) : Result<MailIntake>(text.status());
  if (!parsed.isOk()) {
    const std::string base = path.substr(path.rfind('/') + 1);
    const std::string aside = deps_.mail_intake.records + "/bad-" + base;
    if (::rename(path.c_str(), aside.c_str()) != 0) {
      return Status::ioError("cannot set aside the mail intake record " + path);
    }
    return auditEvent(nullptr, "mail.intake_bad", 0,
                      {{"file", base}, {"error", parsed.status().toString()}});
  }
  const MailIntake& r = *parsed;
  std::vector<std::string> blobs = {r.original.blob};
  for (const IntakeFile& f : r.held) blobs.push_back(f.blob);
  int64_t audited = 0;
  {
    // Held from copying the blobs until the rows refer to them (orphan collection waits).
    std::shared_lock refs(blob_refs_);
    for (const std::string& hash : blobs) {
      SANSO_ASSIGN_OR_RETURN(bool have, deps_.blobs.contains(hash));
      if (have) continue;
      SANSO_ASSIGN_OR_RETURN(store::UniqueFd fd, intake.openRead(hash));
      SANSO_ASSIGN_OR_RETURN(store::BlobInfo copied,
                             deps_.blobs.putFd(fd.get(), kMaxIntakeBlobBytes));
      if (copied.sha256 != hash) {
        return Status::ioError("mail intake blob " + hash + " does not match its name");
      }
    }
    const std::string state = r.direction == "inbound" ? "kept" : "held";
    SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
      audited = 0;
      {
        SANSO_ASSIGN_OR_RETURN(store::Statement seen,
                               s.prepare("SELECT 1 FROM mail_holds WHERE reference = ?1"));
        SANSO_RETURN_IF_ERROR(seen.bindText(1, r.reference));
        SANSO_ASSIGN_OR_RETURN(bool exists, seen.step());
        if (exists) return Status::ok();  // ingested before a crash
      }
      SANSO_ASSIGN_OR_RETURN(
          store::Statement st,
          s.prepare("INSERT INTO mail_holds (reference, direction, state, message_id, queue_id, "
                    "sender, recipients, subject, reason, from_zone, to_zone, received_at, "
                    "original_blob, original_size, original_sha256) VALUES (?1, ?2, ?3, ?4, ?5, "
                    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"));
      SANSO_RETURN_IF_ERROR(st.bindText(1, r.reference));
      SANSO_RETURN_IF_ERROR(st.bindText(2, r.direction));
      SANSO_RETURN_IF_ERROR(st.bindText(3, state));
      SANSO_RETURN_IF_ERROR(st.bindText(4, r.message_id));
      SANSO_RETURN_IF_ERROR(st.bindText(5, r.queue_id));
      SANSO_RETURN_IF_ERROR(st.bindText(6, r.sender));
      SANSO_RETURN_IF_ERROR(
          st.bindText(7, json(r.recipients).dump(-1, ' ', false, json::error_handler_t::replace)));
      SANSO_RETURN_IF_ERROR(st.bindText(8, r.subject));
      SANSO_RETURN_IF_ERROR(st.bindText(9, r.reason));
      SANSO_RETURN_IF_ERROR(st.bindText(10, r.from_zone));
      SANSO_RETURN_IF_ERROR(st.bindText(11, r.to_zone));
      SANSO_RETURN_IF_ERROR(st.bindInt64(12, r.received_at));
      SANSO_RETURN_IF_ERROR(st.bindText(13, r.original.blob));
      SANSO_RETURN_IF_ERROR(st.bindInt64(14, static_cast<int64_t>(r.original.size)));
      SANSO_RETURN_IF_ERROR(st.bindText(15, r.original.sha256));
      SANSO_RETURN_IF_ERROR(st.run());
      const int64_t id = s.lastInsertRowid();
      SANSO_ASSIGN_OR_RETURN(
          store::Statement rcpt,
          s.prepare("INSERT OR IGNORE INTO mail_hold_recipients (hold_id, address) "
                    "VALUES (?1, ?2)"));
      for (const std::string& address : r.recipients) {
        SANSO_RETURN_IF_ERROR(rcpt.reset());
        SANSO_RETURN_IF_ERROR(rcpt.bindInt64(1, id));
        SANSO_RETURN_IF_ERROR(rcpt.bindText(2, bareAddress(address)));
        SANSO_RETURN_IF_ERROR(rcpt.run());
      }
      SANSO_ASSIGN_OR_RETURN(
          store::Statement file,
          s.prepare("INSERT INTO mail_hold_files (hold_id, idx, name, type, blob, size, sha256, "
                    "state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'held')"));
      int64_t index = 0;
      for (const IntakeFile& f : r.held) {
        SANSO_RETURN_IF_ERROR(file.reset());
        SANSO_RETURN_IF_ERROR(file.bindInt64(1, id));
        SANSO_RETURN_IF_ERROR(file.bindInt64(2, ++index));
        SANSO_RETURN_IF_ERROR(file.bindText(3, f.name));
        SANSO_RETURN_IF_ERROR(file.bindText(4, f.type));
        SANSO_RETURN_IF_ERROR(file.bindText(5, f.blob));
        SANSO_RETURN_IF_ERROR(file.bindInt64(6, static_cast<int64_t>(f.size)));
        SANSO_RETURN_IF_ERROR(file.bindText(7, f.sha256));
        SANSO_RETURN_IF_ERROR(file.run());
      }
      json held = json::array();
      for (const IntakeFile& f : r.held) held.push_back({{"sha256", f.sha256}, {"size", f.size}});
      SANSO_ASSIGN_OR_RETURN(audited, queueAudit(s, nullptr, "mail.hold", "mail:" + r.reference,
                                                 {{"direction", r.direction},
                                                  {"message_id", r.message_id},
                                                  {"queue_id", r.queue_id},
                                                  {"state", state},
                                                  {"original_sha256", r.original.sha256},
                                                  {"original_size", r.original.size},
                                                  {"held_files", held}}));
      return Status::ok();
    }));
  }
  if (audited != 0) SANSO_RETURN_IF_ERROR(flushAudit(audited));
  if (::unlink(path.c_str()) != 0) return Status::ioError("cannot remove " + path);
  SANSO_RETURN_IF_ERROR(store::syncDirectory(deps_.mail_intake.records));
  for (const std::string& hash : blobs) SANSO_RETURN_IF_ERROR(intake.remove(hash));
  return Status::ok();
}

Result<std::optional<MailHold>> Gateway::loadMailHold(const std::string& reference) {
  if (!isMailReference(reference)) return std::optional<MailHold>();
  SANSO_ASSIGN_OR_RETURN(store::ReadSession s, deps_.db.read());
  SANSO_ASSIGN_OR_RETURN(store::Statement st, s.prepare(std::string("SELECT ") + kHoldColumns +
                                                        " FROM mail_holds WHERE reference = ?1"));
  SANSO_RETURN_IF_ERROR(st.bindText(1, reference));
  SANSO_ASSIGN_OR_RETURN(bool found, st.step());
  if (!found) return std::optional<MailHold>();
  MailHold hold = holdFromRow(st);
  SANSO_RETURN_IF_ERROR(loadFiles(s, st.columnInt64(0), hold));
  return std::optional<MailHold>(std::move(hold));
}

bool Gateway::isMailRecipient(const Actor& actor, const MailHold& hold) {
  if (hold.direction != "inbound" || actor.zone != hold.to_zone) return false;
  auto user = deps_.accounts.user(actor.user_id);
  if (!user.isOk() || user->disabled || user->email.empty()) return false;
  const std::string email = lowerAscii(user->email);
  return std::any_of(hold.recipients.begin(), hold.recipients.end(),
                     [&](const std::string& r) { return bareAddress(r) == email; });
}

Result<std::vector<MailHold>> Gateway::mailHolds(const Actor& actor) {
  SANSO_RETURN_IF_ERROR(ingestMailIntake());
  const bool manager = isSecurityManager(actor.user_id);
  std::string email;
  if (!manager) {
    SANSO_ASSIGN_OR_RETURN(auth::User user, deps_.accounts.user(actor.user_id));
    if (user.disabled || user.email.empty()) return std::vector<MailHold>();
    email = lowerAscii(user.email);
  }
  std::vector<MailHold> out;
  SANSO_ASSIGN_OR_RETURN(store::ReadSession s, deps_.db.read());
  std::string sql = std::string("SELECT ") + kHoldColumns + " FROM mail_holds";
  if (!manager) {
    sql +=
        " WHERE direction = 'inbound' AND to_zone = ?2 AND id IN (SELECT hold_id FROM "
        "mail_hold_recipients WHERE address = ?1)";
  }
  sql += " ORDER BY received_at DESC, id DESC LIMIT " + std::to_string(kMaxListedHolds);
  SANSO_ASSIGN_OR_RETURN(store::Statement st, s.prepare(sql));
  if (!manager) {
    SANSO_RETURN_IF_ERROR(st.bindText(1, email));
    SANSO_RETURN_IF_ERROR(st.bindText(2, actor.zone));
  }
  std::vector<int64_t> ids;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool more, st.step());
    if (!more) break;
    ids.push_back(st.columnInt64(0));
    out.push_back(holdFromRow(st));
  }
  for (size_t i = 0; i < out.size(); ++i) SANSO_RETURN_IF_ERROR(loadFiles(s, ids[i], out[i]));
  return out;
}

Result<Transfer> Gateway::openHeldFile(const Actor& actor, const std::string& reference,
                                       int64_t index, const std::string& password) {
  if (password.empty() || password.size() > kMaxPasswordBytes) {
    return Status::invalidArgument("a password of 1-1024 bytes is required");
  }
  SANSO_ASSIGN_OR_RETURN(std::optional<MailHold> hold, loadMailHold(reference));
  if (!hold || !isMailRecipient(actor, *hold)) return Status::notFound("no such held mail");
  // One attempt at a time per file: parallel guesses would outrun the attempt counter.
  const std::string key = reference + "/" + std::to_string(index);
  {
    std::lock_guard lock(mutex_);
    if (!opening_.insert(key).second) {
      return Status::blocked("busy",
                             "このファイルは処理中です。しばらくしてから画面を更新してください。");
    }
  }
  struct Release {
    Gateway* gateway;
    std::string key;
    ~Release() {
      std::lock_guard lock(gateway->mutex_);
      gateway->opening_.erase(key);
    }
  } release{this, key};
  // Read under the guard: another attempt may have just changed the file.
  SANSO_ASSIGN_OR_RETURN(hold, loadMailHold(reference));
  if (!hold) return Status::notFound("no such held mail");
  auto file = std::find_if(hold->files.begin(), hold->files.end(),
                           [&](const HeldFile& f) { return f.index == index; });
  if (file == hold->files.end()) return Status::notFound("no such held file");
  if (file->state == "locked") return Status::blocked("locked", kLockedText);
  if (file->state != "held") {
    return Status::blocked("not-held",
                           "このファイルは既に処理されています（" + file->state + "）。");
  }
  std::string blob;
  int64_t hold_id = 0;
  {
    SANSO_ASSIGN_OR_RETURN(store::ReadSession s, deps_.db.read());
    SANSO_ASSIGN_OR_RETURN(
        store::Statement st,
        s.prepare("SELECT f.blob, h.id FROM mail_hold_files f JOIN mail_holds h ON h.id = "
                  "f.hold_id WHERE h.reference = ?1 AND f.idx = ?2"));
    SANSO_RETURN_IF_ERROR(st.bindText(1, reference));
    SANSO_RETURN_IF_ERROR(st.bindInt64(2, index));
    SANSO_ASSIGN_OR_RETURN(bool found, st.step());
    if (!found) return Status::notFound("no such held file");
    blob = st.columnText(0);
    hold_id = st.columnInt64(1);
  }
  if (blob.empty())
    return Status::blocked("original-purged", "保存期間が過ぎたため削除されました。");
  SANSO_ASSIGN_OR_RETURN(detail::JobDir dir, detail::JobDir::create(deps_.work_dir, "mail"));
  const std::string encrypted = dir.path() + "/held";
  SANSO_RETURN_IF_ERROR(deps_.secret_box.decryptToFile(deps_.blobs, blob, encrypted));
  sanitize::Options options = deps_.engine_options;
  options.password = password;
  FlowQuery query{hold->from_zone, hold->to_zone, file->name, {}};
  SANSO_ASSIGN_OR_RETURN(FlowOutcome outcome,
                         sanitizeForFlow(deps_.pack, options, query, encrypted, dir.path()));
  const std::string object = "mail:" + reference;
  json details = {{"index", index}, {"name", file->name}};
  if (outcome.blocked) {
    const bool wrong = reportReason(outcome.report_json) == "wrong-password";
    const int64_t attempts = file->attempts + (wrong ? 1 : 0);
    const std::string state =
        wrong ? (attempts >= kMaxPasswordAttempts ? "locked" : "held") : "blocked";
    int64_t audited = 0;
    SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
      SANSO_ASSIGN_OR_RETURN(
          store::Statement st,
          s.prepare("UPDATE mail_hold_files SET attempts = ?1, state = ?2, reason = ?3 "
                    "WHERE hold_id = ?4 AND idx = ?5"));
      SANSO_RETURN_IF_ERROR(st.bindInt64(1, attempts));
      SANSO_RETURN_IF_ERROR(st.bindText(2, state));
      SANSO_RETURN_IF_ERROR(st.bindText(3, wrong ? "" : outcome.reason));
      SANSO_RETURN_IF_ERROR(st.bindInt64(4, hold_id));
      SANSO_RETURN_IF_ERROR(st.bindInt64(5, index));
      SANSO_RETURN_IF_ERROR(st.run());
      details["state"] = state;
      details["attempts"] = attempts;
      if (!wrong) details["reason"] = outcome.reason;
      SANSO_ASSIGN_OR_RETURN(
          audited, queueAudit(s, &actor, wrong ? "mail.password_wrong" : "mail.held_blocked",
                              object, details));
      return Status::ok();
    }));
    SANSO_RETURN_IF_ERROR(flushAudit(audited));
    if (!wrong) return Status::blocked("sanitize-failed", outcome.reason);
    if (state == "locked") return Status::blocked("locked", kLockedText);
    return Status::blocked(
        "wrong-password",
        "パスワードが違います（あと" + std::to_string(kMaxPasswordAttempts - attempts) + "回）。");
  }
  // The sanitized content becomes a transfer to the recipient, from the mail's source zone.
  Actor on_behalf{actor.user_id, hold->from_zone};
  NewTransfer request;
  request.to_zone = hold->to_zone;
  request.recipients = {actor.user_id};
  request.note = "メール添付「" + file->name + "」（受付番号 " + reference + "）";
  if (request.note.size() > kMaxNoteBytes)
    request.note = "メール添付（受付番号 " + reference + "）";
  SANSO_ASSIGN_OR_RETURN(Transfer created, create(on_behalf, request));
  SANSO_ASSIGN_OR_RETURN(Transfer uploaded,
                         upload(on_behalf, created.id, outcome.output_path, file->name));
  int64_t audited = 0;
  SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(
        store::Statement st,
        s.prepare("UPDATE mail_hold_files SET state = 'opened', transfer_id = ?1 "
                  "WHERE hold_id = ?2 AND idx = ?3"));
    SANSO_RETURN_IF_ERROR(st.bindInt64(1, uploaded.id));
    SANSO_RETURN_IF_ERROR(st.bindInt64(2, hold_id));
    SANSO_RETURN_IF_ERROR(st.bindInt64(3, index));
    SANSO_RETURN_IF_ERROR(st.run());
    details["transfer"] = uploaded.id;
    details["output_sha256"] = outcome.output_sha256;
    SANSO_ASSIGN_OR_RETURN(audited, queueAudit(s, &actor, "mail.held_opened", object, details));
    return Status::ok();
  }));
  SANSO_RETURN_IF_ERROR(flushAudit(audited));
  return uploaded;
}

Result<ReleasedOriginal> Gateway::releaseMailOriginal(const Actor& actor,
                                                      const std::string& reference,
                                                      const std::string& reason) {
  if (!isSecurityManager(actor.user_id)) return Status::notFound("no such held mail");
  if (reason.empty() || reason.size() > kMaxNoteBytes) {
    return Status::invalidArgument("a release needs a reason (at most 2000 bytes)");
  }
  std::string blob;
  {
    SANSO_ASSIGN_OR_RETURN(store::ReadSession s, deps_.db.read());
    SANSO_ASSIGN_OR_RETURN(store::Statement st,
                           s.prepare("SELECT original_blob FROM mail_holds WHERE reference = ?1"));
    SANSO_RETURN_IF_ERROR(st.bindText(1, reference));
    SANSO_ASSIGN_OR_RETURN(bool found, st.step());
    if (!found) return Status::notFound("no such held mail");
    blob = st.columnText(0);
  }
  if (blob.empty()) return Status::blocked("original-purged", "the original is gone");
  SANSO_ASSIGN_OR_RETURN(detail::JobDir dir, detail::JobDir::create(deps_.work_dir, "release"));
  // The file outlives the directory object: moved beside it before the directory goes.
  const std::string inner = dir.path() + "/original.eml";
  SANSO_RETURN_IF_ERROR(deps_.secret_box.decryptToFile(deps_.blobs, blob, inner));
  const std::string path = dir.path() + ".eml";
  if (::rename(inner.c_str(), path.c_str()) != 0) return Status::ioError("cannot move " + inner);
  ReleasedOriginal released(path, reference + ".eml");
  SANSO_RETURN_IF_ERROR(auditEvent(&actor, "mail.original_release", 0,
                                   {{"reference", reference}, {"reason", reason}}));
  return released;
}

Status Gateway::decideHeldMail(const Actor& actor, const std::string& reference, bool release,
                               const std::string& comment) {
  if (!isSecurityManager(actor.user_id)) return Status::notFound("no such held mail");
  if (comment.size() > kMaxNoteBytes || (!release && comment.empty())) {
    return Status::invalidArgument("a discard needs a comment (at most 2000 bytes)");
  }
  SANSO_ASSIGN_OR_RETURN(std::optional<MailHold> hold, loadMailHold(reference));
  if (!hold || hold->direction != "outbound" || hold->state != "held") {
    return Status::notFound("no held outbound mail " + reference);
  }
  if (deps_.mail_queue == nullptr) {
    return Status::blocked("no-mail-queue", "the MTA's queue is not configured ([mail] postsuper)");
  }
  SANSO_RETURN_IF_ERROR(release ? deps_.mail_queue->release(hold->queue_id)
                                : deps_.mail_queue->discard(hold->queue_id));
  const int64_t now = deps_.clock();
  int64_t audited = 0;
  SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(
        store::Statement st,
        s.prepare("UPDATE mail_holds SET state = ?1, decided_by = ?2, decision_comment = ?3, "
                  "decided_at = ?4 WHERE reference = ?5 AND state = 'held'"));
    SANSO_RETURN_IF_ERROR(st.bindText(1, release ? "released" : "discarded"));
    SANSO_RETURN_IF_ERROR(st.bindInt64(2, actor.user_id));
    SANSO_RETURN_IF_ERROR(st.bindText(3, comment));
    SANSO_RETURN_IF_ERROR(st.bindInt64(4, now));
    SANSO_RETURN_IF_ERROR(st.bindText(5, reference));
    SANSO_RETURN_IF_ERROR(st.run());
    SANSO_ASSIGN_OR_RETURN(
        audited,
        queueAudit(s, &actor, release ? "mail.outbound_release" : "mail.outbound_discard",
                   "mail:" + reference, {{"queue_id", hold->queue_id}, {"comment", comment}}));
    return Status::ok();
  }));
  return flushAudit(audited);
}

Status Gateway::purgeMailHolds(int64_t cutoff) {
  return deps_.db.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(
        store::Statement files,
        s.prepare("UPDATE mail_hold_files SET blob = '', state = CASE WHEN state = 'held' OR "
                  "state = 'locked' THEN 'purged' ELSE state END WHERE blob != '' AND hold_id IN "
                  "(SELECT id FROM mail_holds WHERE received_at <= ?1)"));
    SANSO_RETURN_IF_ERROR(files.bindInt64(1, cutoff));
    SANSO_RETURN_IF_ERROR(files.run());
    SANSO_ASSIGN_OR_RETURN(
        store::Statement holds,
        s.prepare("UPDATE mail_holds SET original_blob = '', state = CASE WHEN state = 'kept' "
                  "THEN 'purged' ELSE state END WHERE original_blob != '' AND received_at <= ?1"));
    SANSO_RETURN_IF_ERROR(holds.bindInt64(1, cutoff));
    return holds.run();
  });
}

}  // namespace sanso::gateway
