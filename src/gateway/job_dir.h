// A private working directory, removed with its contents when destroyed.
#pragma once

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "sanso/common/status.h"

namespace sanso::gateway::detail {

class JobDir {
 public:
  // <work_dir>/<prefix>-<random>, created empty.
  static Result<JobDir> create(const std::string& work_dir, const std::string& prefix) {
    char random[17];
    uint64_t r = 0;
    randombytes_buf(&r, sizeof r);
    std::snprintf(random, sizeof random, "%016llx", static_cast<unsigned long long>(r));
    std::string path = work_dir + "/" + prefix + "-" + random;
    std::error_code ec;
    if (!std::filesystem::create_directory(path, ec) || ec) {
      return Status::ioError("cannot create " + path);
    }
    return JobDir(path);
  }
  JobDir(JobDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  JobDir& operator=(JobDir&&) = delete;
  ~JobDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  // Removes everything inside except the regular files named in `kept`, which are emptied and
  // stay for the next job (where file creation is dear, reusing a file costs less than
  // creating and removing one per job). The directory itself stays too.
  Status clear(const std::vector<std::string>& kept = {}) const {
    std::error_code ec;
    std::vector<std::filesystem::path> entries;
    for (std::filesystem::directory_iterator it(path_, ec), end; !ec && it != end;
         it.increment(ec)) {
      entries.push_back(it->path());
    }
    for (const auto& entry : entries) {
      if (ec) break;
      const bool named =
          std::find(kept.begin(), kept.end(), entry.filename().string()) != kept.end();
      if (!named || !emptyRegularFile(entry)) std::filesystem::remove_all(entry, ec);
    }
    if (ec) return Status::ioError("cannot empty " + path_ + ": " + ec.message());
    return Status::ok();
  }

 private:
  explicit JobDir(std::string path) : path_(std::move(path)) {}
  // Empties `path` when it is a regular file (never through a symlink); false otherwise.
  static bool emptyRegularFile(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return false;
    struct stat st {};
    bool emptied = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ::ftruncate(fd, 0) == 0;
    ::close(fd);
    return emptied;
  }
  std::string path_;
};

}  // namespace sanso::gateway::detail
