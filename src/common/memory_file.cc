#include "sanso/common/memory_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sanso {

Result<MemoryFile> MemoryFile::create(const char* label) {
  int fd = ::memfd_create(label, MFD_CLOEXEC);
  if (fd < 0) return Status::ioError(std::string("memfd_create: ") + std::strerror(errno));
  MemoryFile file(fd, "/proc/self/fd/" + std::to_string(fd));
  int probe = ::open(file.path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (probe < 0) {
    return Status::ioError("cannot open " + file.path_ + ": " + std::strerror(errno));
  }
  ::close(probe);
  return file;
}

MemoryFile::~MemoryFile() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace sanso
