// Start-up recovery: what kill -9 at any moment can leave behind, put right before the workers
// start, each step audited (docs/gateway.md, "Crash recovery"). Also the collector of blobs no
// row refers to, which retention runs too, and the requeueing of a job that failed.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "repo.h"
#include "sanso/gateway/gateway.h"

namespace sanso::gateway {

using detail::Row;

namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxListedHashes = 20;  // in one audit record

Status noBind(store::Statement&) { return Status::ok(); }

// Creates `path` (0700) when missing and removes everything in it; returns the removed names.
Result<std::vector<std::string>> emptyDirectory(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (!ec) fs::permissions(path, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) return Status::ioError("cannot prepare " + path + ": " + ec.message());
  std::vector<std::string> names;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) return Status::ioError("cannot list " + path + ": " + ec.message());
  for (const std::string& name : names) {
    fs::remove_all(fs::path(path) / name, ec);
    if (ec) return Status::ioError("cannot remove " + path + "/" + name + ": " + ec.message());
  }
  return names;
}

// The transfer ids in upload file names "up-<id>-...", sorted and unique.
std::vector<int64_t> uploadIds(const std::vector<std::string>& names) {
  std::set<int64_t> ids;
  for (const std::string& name : names) {
    if (name.rfind("up-", 0) != 0) continue;
    const char* digits = name.c_str() + 3;
    char* end = nullptr;
    long long id = std::strtoll(digits, &end, 10);
    if (end != digits && *end == '-' && id > 0) ids.insert(id);
  }
  return {ids.begin(), ids.end()};
}

Status appendSystem(audit::AuditLog& log, const std::string& action, const std::string& object,
                    nlohmann::json details) {
  return log.append({"system", "", action, object, std::move(details)}).status();
}

// Sets `reason` on `id` and moves it from `from` to blocked with the timeline message
// "止めた: <reason>".
Status blockRow(store::Session& s, int64_t id, TransferState from, const std::string& reason,
                int64_t now) {
  SANSO_ASSIGN_OR_RETURN(store::Statement st,
                         s.prepare("UPDATE transfers SET reason = ?1 WHERE id = ?2"));
  SANSO_RETURN_IF_ERROR(st.bindText(1, reason));
  SANSO_RETURN_IF_ERROR(st.bindInt64(2, id));
  SANSO_RETURN_IF_ERROR(st.run());
  SANSO_ASSIGN_OR_RETURN(bool moved, detail::transition(s, id, from, TransferState::kBlocked,
                                                        "system", "止めた: " + reason, now));
  if (!moved) return Status::internal("recovered row changed state");
  return Status::ok();
}

// Moves a claimed row on (see Gateway::requeueOrBlock); returns the audit details.
Result<nlohmann::json> requeueOrBlockRow(store::Session& s, const Row& row,
                                         const std::string& cause, int max_attempts,
                                         const std::string& error, int64_t now) {
  const int64_t id = row.transfer.id;
  nlohmann::json details = {{"cause", cause},
                            {"from", stateName(TransferState::kSanitizing)},
                            {"attempts", row.attempts}};
  if (!error.empty()) details["error"] = error;
  if (row.attempts < max_attempts) {
    std::string message = cause == "restart" ? "再起動により無害化を再開する"
                                             : "処理中にエラーが起きたため無害化をやり直す";
    SANSO_ASSIGN_OR_RETURN(
        bool moved, detail::transition(s, id, TransferState::kSanitizing, TransferState::kUploaded,
                                       "system", message, now));
    if (!moved) return Status::internal("recovered row changed state");
    details["to"] = stateName(TransferState::kUploaded);
    return details;
  }
  std::string count = std::to_string(row.attempts);
  std::string reason = cause == "restart"
                           ? "無害化の途中でサーバーが停止することが " + count +
                                 " 回続いたため送信を止めた。ファイルを確かめてから送り直すこと"
                           : "無害化の途中で保存などのエラーが " + count +
                                 " 回続いたため送信を止めた。しばらくしてから送り直すこと";
  SANSO_RETURN_IF_ERROR(blockRow(s, id, TransferState::kSanitizing, reason, now));
  details["to"] = stateName(TransferState::kBlocked);
  return details;
}

bool inProgress(TransferState s) {
  return s == TransferState::kUploaded || s == TransferState::kSanitizing ||
         s == TransferState::kAwaitingApproval || s == TransferState::kAvailable;
}

}  // namespace

Status Gateway::recover() {
  SANSO_ASSIGN_OR_RETURN(size_t temporaries,
                         deps_.blobs.removeTemporaries(std::chrono::seconds(0)));
  SANSO_ASSIGN_OR_RETURN(std::vector<std::string> jobs, emptyDirectory(deps_.work_dir));
  std::vector<std::string> uploads;
  if (!deps_.upload_dir.empty()) {
    SANSO_ASSIGN_OR_RETURN(uploads, emptyDirectory(deps_.upload_dir));
  }
  if (temporaries + jobs.size() + uploads.size() > 0) {
    SANSO_RETURN_IF_ERROR(appendSystem(deps_.audit, "recovery.temporaries", "gateway",
                                       {{"blob_temporaries", temporaries},
                                        {"work_entries", jobs.size()},
                                        {"partial_uploads", uploads.size()}}));
  }
  SANSO_ASSIGN_OR_RETURN(std::vector<std::string> blobs, deps_.blobs.list());
  SANSO_RETURN_IF_ERROR(recoverRows(uploadIds(uploads), blobs));
  return collectOrphanBlobs(std::chrono::seconds(0), "start");
}

Status Gateway::recoverRows(const std::vector<int64_t>& partial_uploads,
                            const std::vector<std::string>& blobs) {
  const int64_t now = deps_.clock();
  const std::set<std::string> stored(blobs.begin(), blobs.end());
  std::vector<std::pair<int64_t, nlohmann::json>> steps;  // transfer id, audit details
  SANSO_ASSIGN_OR_RETURN(store::Transaction tx, deps_.db.begin());

  // Rows that refer to a blob that is not there (a damaged disk, a restore of the database
  // without the matching blobs): forget the blob; stop the transfer if it still needed it.
  SANSO_ASSIGN_OR_RETURN(
      std::vector<Row> referring,
      detail::selectRows(tx, "original_blob != '' OR output_blob != '' ORDER BY id", noBind));
  SANSO_ASSIGN_OR_RETURN(
      store::Statement forget,
      tx.prepare("UPDATE transfers SET original_blob = ?1, output_blob = ?2 WHERE id = ?3"));
  for (const Row& row : referring) {
    bool original_missing = !row.original_blob.empty() && stored.count(row.original_blob) == 0;
    bool output_missing = !row.output_blob.empty() && stored.count(row.output_blob) == 0;
    if (!original_missing && !output_missing) continue;
    const Transfer& t = row.transfer;
    SANSO_RETURN_IF_ERROR(forget.reset());
    SANSO_RETURN_IF_ERROR(forget.bindText(1, original_missing ? "" : row.original_blob));
    SANSO_RETURN_IF_ERROR(forget.bindText(2, output_missing ? "" : row.output_blob));
    SANSO_RETURN_IF_ERROR(forget.bindInt64(3, t.id));
    SANSO_RETURN_IF_ERROR(forget.run());
    nlohmann::json missing = nlohmann::json::array();
    if (original_missing) missing.push_back(row.original_blob);
    if (output_missing) missing.push_back(row.output_blob);
    nlohmann::json details = {
        {"cause", "missing-blob"}, {"from", stateName(t.state)}, {"missing", missing}};
    // The original matters until the output exists; the output until it is downloaded.
    bool needed = (original_missing && (t.state == TransferState::kUploaded ||
                                        t.state == TransferState::kSanitizing)) ||
                  (output_missing && inProgress(t.state));
    if (needed) {
      SANSO_RETURN_IF_ERROR(blockRow(tx, t.id, t.state,
                                     "保管していたファイルが見つからないため送信を止めた"
                                     "（再起動時の点検）",
                                     now));
      details["to"] = stateName(TransferState::kBlocked);
    } else {
      details["to"] = stateName(t.state);
    }
    steps.emplace_back(t.id, std::move(details));
  }

  // Jobs a crash interrupted: back to the queue, or blocked when they keep crashing.
  SANSO_ASSIGN_OR_RETURN(std::vector<Row> claimed,
                         detail::selectRows(tx, "state = 'sanitizing' ORDER BY id", noBind));
  for (const Row& row : claimed) {
    SANSO_ASSIGN_OR_RETURN(nlohmann::json details,
                           requeueOrBlockRow(tx, row, "restart", deps_.max_attempts, "", now));
    steps.emplace_back(row.transfer.id, std::move(details));
  }

  // Uploads a crash cut off: the row is still `created`; tell the sender.
  for (int64_t id : partial_uploads) {
    SANSO_ASSIGN_OR_RETURN(std::optional<Row> row, detail::loadRow(tx, id));
    if (!row || row->transfer.state != TransferState::kCreated) continue;
    SANSO_RETURN_IF_ERROR(detail::addEvent(
        tx, id, TransferState::kCreated, "system",
        "アップロードが途中で中断された（サーバーの停止）。もう一度アップロードできる", now));
    steps.emplace_back(id, nlohmann::json{{"cause", "partial-upload"},
                                          {"from", stateName(TransferState::kCreated)},
                                          {"to", stateName(TransferState::kCreated)}});
  }
  int64_t audited = 0;
  for (auto& [id, details] : steps) {
    SANSO_ASSIGN_OR_RETURN(audited,
                           queueAudit(tx, nullptr, "transfer.recover", id, std::move(details)));
  }
  SANSO_RETURN_IF_ERROR(tx.commit());
  return audited != 0 ? flushAudit(audited) : Status::ok();
}

Status Gateway::collectOrphanBlobs(std::chrono::seconds grace, const std::string& when) {
  std::vector<std::string> removed;
  {
    std::unique_lock lock(blob_refs_);  // no blob is between its write and its row now
    SANSO_ASSIGN_OR_RETURN(std::vector<std::string> stored, deps_.blobs.list());
    std::set<std::string> referenced;
    {
      SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
      SANSO_ASSIGN_OR_RETURN(
          store::Statement st,
          session.prepare("SELECT original_blob, output_blob FROM transfers "
                          "WHERE original_blob != '' OR output_blob != '' "
                          "UNION ALL SELECT original_blob, '' FROM mail_holds "
                          "WHERE original_blob != '' "
                          "UNION ALL SELECT blob, '' FROM mail_hold_files WHERE blob != ''"));
      for (;;) {
        SANSO_ASSIGN_OR_RETURN(bool more, st.step());
        if (!more) break;
        referenced.insert(st.columnText(0));
        referenced.insert(st.columnText(1));
      }
    }
    const int64_t cutoff = systemNow() - grace.count();
    for (const std::string& hash : stored) {
      if (referenced.count(hash) != 0) continue;
      if (grace.count() > 0) {
        auto modified = deps_.blobs.modifiedAt(hash);
        if (!modified.isOk() || *modified > cutoff) continue;
      }
      SANSO_RETURN_IF_ERROR(deps_.blobs.remove(hash));
      removed.push_back(hash);
    }
  }
  if (removed.empty()) return Status::ok();
  nlohmann::json hashes = nlohmann::json::array();
  for (size_t i = 0; i < removed.size() && i < kMaxListedHashes; ++i) hashes.push_back(removed[i]);
  return appendSystem(deps_.audit, "blob.remove_orphans", "blobs",
                      {{"when", when}, {"count", removed.size()}, {"hashes", hashes}});
}

Status Gateway::requeueOrBlock(int64_t id, const Status& error) {
  const int64_t now = deps_.clock();
  int64_t audited = 0;
  SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
    audited = 0;
    SANSO_ASSIGN_OR_RETURN(std::optional<Row> row, detail::loadRow(s, id));
    if (!row || row->transfer.state != TransferState::kSanitizing) return Status::ok();
    SANSO_ASSIGN_OR_RETURN(
        nlohmann::json step,
        requeueOrBlockRow(s, *row, "error", deps_.max_attempts, error.toString(), now));
    SANSO_ASSIGN_OR_RETURN(audited,
                           queueAudit(s, nullptr, "transfer.recover", id, std::move(step)));
    return Status::ok();
  }));
  return audited != 0 ? flushAudit(audited) : Status::ok();
}

}  // namespace sanso::gateway
