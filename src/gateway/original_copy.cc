#include "original_copy.h"

#include <sys/mman.h>
#include <unistd.h>

namespace sanso::gateway::detail {

Result<OriginalCopy> OriginalCopy::decrypt(const store::SecretBox& box,
                                           const store::BlobStore& blobs, std::string_view hash,
                                           uint64_t size, const std::string& dir) {
  if (size <= kMaxInMemoryBytes) {
    store::UniqueFd memory(::memfd_create("sanso-original", MFD_CLOEXEC));
    if (memory.valid()) {
      SANSO_RETURN_IF_ERROR(box.decryptToFd(blobs, hash, memory.get()));
      std::string path = "/proc/self/fd/" + std::to_string(memory.get());
      return OriginalCopy(std::move(memory), std::move(path));
    }
  }
  std::string path = dir + "/original";
  SANSO_RETURN_IF_ERROR(box.decryptToFile(blobs, hash, path));
  return OriginalCopy(store::UniqueFd(), std::move(path));
}

Result<store::BlobInfo> OriginalCopy::store(const store::BlobStore& blobs,
                                            uint64_t max_bytes) const {
  if (!memory_.valid()) return blobs.adoptFile(path_, max_bytes);
  if (::lseek(memory_.get(), 0, SEEK_SET) != 0) {
    return Status::ioError("cannot rewind the original's copy");
  }
  return blobs.putFd(memory_.get(), max_bytes);
}

}  // namespace sanso::gateway::detail
