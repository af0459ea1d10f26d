#include "original_copy.h"

#include <unistd.h>

namespace sanso::gateway::detail {

Result<OriginalCopy> OriginalCopy::decrypt(const store::SecretBox& box,
                                           const store::BlobStore& blobs, std::string_view hash,
                                           uint64_t size, const std::string& dir) {
  if (size <= kMaxInMemoryBytes) {
    auto memory = MemoryFile::create("sanso-original");
    if (memory.isOk()) {
      SANSO_RETURN_IF_ERROR(box.decryptToFd(blobs, hash, memory->fd()));
      std::string path = memory->path();
      return OriginalCopy(std::move(*memory), std::move(path));
    }
  }
  std::string path = dir + "/original";
  SANSO_RETURN_IF_ERROR(box.decryptToFile(blobs, hash, path));
  return OriginalCopy(std::nullopt, std::move(path));
}

Result<store::StagedBlob> OriginalCopy::stage(const store::BlobStore& blobs,
                                              uint64_t max_bytes) const {
  if (!memory_) return blobs.stageFile(path_, max_bytes);
  if (::lseek(memory_->fd(), 0, SEEK_SET) != 0) {
    return Status::ioError("cannot rewind the original's copy");
  }
  return blobs.stageFd(memory_->fd(), max_bytes);
}

}  // namespace sanso::gateway::detail
