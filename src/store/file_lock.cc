#include "sanso/store/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>

#include "sanso/store/fs_util.h"

namespace sanso::store {

Result<FileLock> FileLock::acquire(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600));
  if (!fd.valid()) return errnoStatus("cannot open lock file " + path);
  while (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno == EWOULDBLOCK) {
      return Status::blocked("locked", path + " is held by another process");
    }
    return errnoStatus("cannot lock " + path);
  }
  return FileLock(std::move(fd));
}

}  // namespace sanso::store
