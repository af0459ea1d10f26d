// A private working directory, removed with its contents when destroyed.
#pragma once

#include <sodium.h>

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
    std::vector<std::filesystem::directory_entry> entries;
    for (std::filesystem::directory_iterator it(path_, ec), end; !ec && it != end;
         it.increment(ec)) {
      entries.push_back(*it);
    }
    for (const auto& entry : entries) {
      if (ec) break;
      const bool reused =
          std::find(kept.begin(), kept.end(), entry.path().filename().string()) != kept.end() &&
          entry.symlink_status(ec).type() == std::filesystem::file_type::regular;
      if (reused) {
        std::filesystem::resize_file(entry.path(), 0, ec);
      } else if (!ec) {
        std::filesystem::remove_all(entry.path(), ec);
      }
    }
    if (ec) return Status::ioError("cannot empty " + path_ + ": " + ec.message());
    return Status::ok();
  }

 private:
  explicit JobDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace sanso::gateway::detail
