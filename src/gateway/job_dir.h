// A private working directory, removed with its contents when destroyed.
#pragma once

#include <sodium.h>

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
  // Removes everything inside, keeping the directory for the next job.
  Status clear() const {
    std::error_code ec;
    std::vector<std::filesystem::path> entries;
    for (std::filesystem::directory_iterator it(path_, ec), end; !ec && it != end;
         it.increment(ec)) {
      entries.push_back(it->path());
    }
    for (const auto& entry : entries) {
      if (!ec) std::filesystem::remove_all(entry, ec);
    }
    if (ec) return Status::ioError("cannot empty " + path_ + ": " + ec.message());
    return Status::ok();
  }

 private:
  explicit JobDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace sanso::gateway::detail
