#include "report/atomic_output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "sanso/store/fs_util.h"
#include "sanso/store/unique_fd.h"

namespace sanso::isms::report {
namespace {

// Flushes the temporary that `write` produced; it must still be a regular file.
Status syncFile(const std::string& temp) {
  store::UniqueFd fd(::open(temp.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return store::errnoStatus("cannot reopen " + temp);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return store::errnoStatus("cannot stat " + temp);
  if (!S_ISREG(st.st_mode) || st.st_size == 0) {
    return Status::internal("the report writer left no file at " + temp);
  }
  if (::fsync(fd.get()) != 0) return store::errnoStatus("fsync " + temp);
  return Status::ok();
}

}  // namespace

Status writeAtomically(const std::string& path, const std::function<Status(const char*)>& write) {
  if (path.empty()) return Status::invalidArgument("no output path");
  std::string parent = std::filesystem::path(path).parent_path().string();
  if (parent.empty()) parent = ".";
  std::string temp = path + ".new-XXXXXX";
  {
    store::UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));  // mode 0600
    if (!fd.valid()) return store::errnoStatus("cannot create a temporary file in " + parent);
  }
  Status status = write(temp.c_str());
  if (status.isOk()) status = syncFile(temp);
  if (status.isOk() && ::rename(temp.c_str(), path.c_str()) != 0) {
    status = store::errnoStatus("cannot rename into " + path);
  }
  if (!status.isOk()) {
    ::unlink(temp.c_str());
    return status;
  }
  return store::syncDirectory(parent);
}

}  // namespace sanso::isms::report
