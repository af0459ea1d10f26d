// Temporary files of request handlers: fresh names nobody else chose, removed when the request
// ends whatever happened.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>

namespace sanso::http {

// Removes a file when it goes out of scope (nothing for an empty path).
class RemoveOnExit {
 public:
  explicit RemoveOnExit(std::string path) : path_(std::move(path)) {}
  ~RemoveOnExit() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove(path_, ignored);
  }
  RemoveOnExit(const RemoveOnExit&) = delete;
  RemoveOnExit& operator=(const RemoveOnExit&) = delete;

 private:
  std::string path_;
};

// "<dir>/<prefix>-<64 random bits>-<counter><suffix>": unique within the process and not
// guessable; nothing of the client's goes into it.
std::string uniqueFilePath(const std::string& dir, const std::string& prefix,
                           const std::string& suffix);

}  // namespace sanso::http
