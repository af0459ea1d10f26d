#include "sanso/store/data_dir.h"

#include <sys/stat.h>

#include <filesystem>

namespace sanso::store {

Status ensureDataDir(const std::string& path) {
  if (path.empty()) return Status::invalidArgument("no data directory given");
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return Status::ioError("cannot create data directory " + path + ": " + ec.message());
  if (!std::filesystem::is_directory(path, ec)) {
    return Status::invalidArgument(path + " is not a directory");
  }
  if (::chmod(path.c_str(), 0700) != 0) {
    return Status::ioError("cannot make " + path + " private (chmod 0700)");
  }
  return Status::ok();
}

}  // namespace sanso::store
