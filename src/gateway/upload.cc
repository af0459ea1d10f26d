// Taking the file of a transfer: limits, hash, encryption at rest, queueing.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mutex>
#include <shared_mutex>

#include "original_handoff.h"
#include "repo.h"
#include "sanso/common/file_io.h"
#include "sanso/common/file_name.h"
#include "sanso/gateway/gateway.h"

namespace sanso::gateway {

Status Gateway::mayUpload(const Actor& actor, int64_t id) {
  SANSO_ASSIGN_OR_RETURN(detail::Row row, loadVisible(actor, id));
  if (row.transfer.sender_id != actor.user_id || actor.zone != row.transfer.from_zone) {
    return Status::notFound("transfer " + std::to_string(id) + " not found");
  }
  if (row.transfer.state != TransferState::kCreated) {
    return Status::invalidArgument("the file of this transfer was already uploaded");
  }
  return Status::ok();
}

Result<Transfer> Gateway::upload(const Actor& actor, int64_t id, const std::string& path,
                                 const std::string& declared_name) {
  SANSO_RETURN_IF_ERROR(mayUpload(actor, id));
  uint64_t max = deps_.engine_options.limits.max_input_bytes;
  if (deps_.pack.uploads.max_bytes > 0) max = std::min(max, deps_.pack.uploads.max_bytes);
  // Opened once and read through the one descriptor (the path may name a memory file under
  // /proc/self/fd, which is why it is followed).
  store::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  struct stat st {};
  if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Status::ioError("upload is not a regular file");
  }
  if (static_cast<uint64_t>(st.st_size) > max) {
    return Status::blocked("limit-upload-size", "upload larger than " + std::to_string(max));
  }
  uint64_t size = 0;
  std::string sha256;
  {
    SANSO_ASSIGN_OR_RETURN(InputFile input, InputFile::fromFd(fd.get(), max));
    size = input.bytes().size();
    sha256 = input.sha256Hex();
  }
  if (::lseek(fd.get(), 0, SEEK_SET) != 0) return Status::ioError("cannot rewind the upload");
  // From the blob's write to the row's commit: the orphan collector must not run in between.
  std::shared_lock blob_refs(blob_refs_);
  // A small ciphertext is saved with the row below: one commit for both.
  SANSO_ASSIGN_OR_RETURN(store::StagedBlob staged,
                         deps_.secret_box.stageEncryptedFd(fd.get(), deps_.blobs, max));
  const store::BlobInfo& blob = staged.info();
  std::string name = safeFileName(declared_name);
  // The worker reads this very file rather than decrypting the stored copy again; offered
  // before the commit that queues the job, so that no worker can look for it too early.
  handoff_->offer(id, std::move(fd), size, sha256);
  int64_t now = deps_.clock();
  bool moved = false;
  int64_t audited = 0;
  Status written = deps_.db.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(
        store::Statement st,
        s.prepare("UPDATE transfers SET file_name = ?1, size = ?2, sha256 = ?3, "
                  "original_blob = ?4, uploaded_at = ?5 WHERE id = ?6 AND state = 'created'"));
    SANSO_RETURN_IF_ERROR(st.bindText(1, name));
    SANSO_RETURN_IF_ERROR(st.bindInt64(2, static_cast<int64_t>(size)));
    SANSO_RETURN_IF_ERROR(st.bindText(3, sha256));
    SANSO_RETURN_IF_ERROR(st.bindText(4, blob.sha256));
    SANSO_RETURN_IF_ERROR(st.bindInt64(5, now));
    SANSO_RETURN_IF_ERROR(st.bindInt64(6, id));
    SANSO_RETURN_IF_ERROR(st.run());
    SANSO_ASSIGN_OR_RETURN(
        moved, detail::transition(s, id, TransferState::kCreated, TransferState::kUploaded,
                                  std::to_string(actor.user_id), "ファイルを受け付けた", now));
    if (!moved) return Status::ok();
    SANSO_RETURN_IF_ERROR(staged.saveIn(s));
    SANSO_ASSIGN_OR_RETURN(audited,
                           queueAudit(s, &actor, "transfer.upload", id,
                                      {{"name", name}, {"size", size}, {"sha256", sha256}}));
    return Status::ok();
  });
  if (!written.isOk() || !moved) {
    handoff_->forget(id, sha256);  // no job will read this offer
    // The ciphertext has a random header: no other row can refer to it. A staged row went
    // with the undone write.
    if (!staged.isRow()) (void)deps_.blobs.remove(blob.sha256);
    SANSO_RETURN_IF_ERROR(written);
    return Status::invalidArgument("the file of this transfer was already uploaded");
  }
  blob_refs.unlock();
  watch_.changed(id);
  SANSO_RETURN_IF_ERROR(flushAudit(audited));
  {
    std::lock_guard lock(mutex_);
    queued_ = true;
  }
  wake_.notify_one();
  return get(actor, id);
}

}  // namespace sanso::gateway
