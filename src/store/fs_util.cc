#include "sanso/store/fs_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sanso/common/file_io.h"
#include "sanso/store/unique_fd.h"

namespace sanso::store {

Status errnoStatus(const std::string& what) {
  return Status::ioError(what + ": " + std::strerror(errno));
}

Status ensureDirectory(const std::string& path, unsigned mode) {
  if (::mkdir(path.c_str(), mode) == 0) {
    std::string parent = std::filesystem::path(path).parent_path().string();
    return syncDirectory(parent.empty() ? "." : parent);
  }
  if (errno != EEXIST) return errnoStatus("cannot create directory " + path);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return errnoStatus("cannot stat " + path);
  if (!S_ISDIR(st.st_mode)) return Status::ioError(path + " exists and is not a directory");
  return Status::ok();
}

Status syncDirectory(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return errnoStatus("cannot open directory " + path);
  if (::fsync(fd.get()) != 0) return errnoStatus("fsync " + path);
  return Status::ok();
}

Status writeFileDurably(const std::string& path, ByteView data) {
  std::string parent = std::filesystem::path(path).parent_path().string();
  if (parent.empty()) parent = ".";
  std::string temp = path + ".new-XXXXXX";
  UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));  // mode 0600
  if (!fd.valid()) return errnoStatus("cannot create a temporary file in " + parent);
  Status written = writeAll(fd.get(), data);
  if (written.isOk() && ::fsync(fd.get()) != 0) written = errnoStatus("fsync " + temp);
  if (written.isOk() && ::rename(temp.c_str(), path.c_str()) != 0) {
    written = errnoStatus("cannot rename into " + path);
  }
  if (!written.isOk()) {
    ::unlink(temp.c_str());
    return written;
  }
  return syncDirectory(parent);
}

}  // namespace sanso::store
