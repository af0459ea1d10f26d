#include "original_copy.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sanso/common/memory_file.h"

namespace sanso::gateway::detail {

Result<OriginalCopy> OriginalCopy::adopt(store::UniqueFd fd) {
  if (!fd.valid()) return Status::invalidArgument("no descriptor for the original's copy");
  std::string path = "/proc/self/fd/" + std::to_string(fd.get());
  store::UniqueFd probe(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!probe.valid()) {
    return Status::ioError("cannot open " + path + ": " + std::strerror(errno));
  }
  return OriginalCopy(std::move(fd), std::move(path));
}

Result<OriginalCopy> OriginalCopy::decrypt(const store::SecretBox& box,
                                           const store::BlobStore& blobs, std::string_view hash,
                                           uint64_t size, const std::string& dir) {
  if (size <= kMaxInMemoryBytes) {
    auto memory = MemoryFile::create("sanso-original");
    if (memory.isOk()) {
      SANSO_RETURN_IF_ERROR(box.decryptToFd(blobs, hash, memory->fd()));
      auto held = adopt(store::UniqueFd(::fcntl(memory->fd(), F_DUPFD_CLOEXEC, 0)));
      if (held.isOk()) return held;  // otherwise (out of descriptors): on disk after all
    }
  }
  std::string path = dir + "/original";
  SANSO_RETURN_IF_ERROR(box.decryptToFile(blobs, hash, path));
  return OriginalCopy(store::UniqueFd(), std::move(path));
}

Result<store::StagedBlob> OriginalCopy::stage(const store::BlobStore& blobs,
                                              uint64_t max_bytes) const {
  if (!held_.valid()) return blobs.stageFile(path_, max_bytes);
  if (::lseek(held_.get(), 0, SEEK_SET) != 0) {
    return Status::ioError("cannot rewind the original's copy");
  }
  return blobs.stageFd(held_.get(), max_bytes);
}

}  // namespace sanso::gateway::detail
