#include "spool.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <memory>

namespace sanso::milter {

Result<std::unique_ptr<MessageSpool>> MessageSpool::create(const std::string& spool_dir) {
  std::string pattern = spool_dir + "/msg-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Status::ioError("cannot create a spool directory in " + spool_dir);
  }
  std::FILE* file = std::fopen((pattern + "/message.eml").c_str(), "wbxe");
  if (file == nullptr) {
    std::error_code ignored;
    std::filesystem::remove_all(pattern, ignored);
    return Status::ioError("cannot create the spool file in " + pattern);
  }
  return std::unique_ptr<MessageSpool>(new MessageSpool(pattern, file));
}

MessageSpool::~MessageSpool() {
  if (file_ != nullptr) std::fclose(file_);
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

bool MessageSpool::append(std::string_view data) {
  if (failed_ || file_ == nullptr) return false;
  if (!data.empty() && std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    failed_ = true;
    return false;
  }
  size_ += data.size();
  return true;
}

bool MessageSpool::finish() {
  if (file_ == nullptr) return !failed_;
  const bool ok = std::fclose(file_) == 0;
  file_ = nullptr;
  failed_ = failed_ || !ok;
  return !failed_;
}

Status resetSpoolDir(const std::string& spool_dir) {
  std::error_code error;
  std::filesystem::remove_all(spool_dir, error);
  if (error) return Status::ioError("cannot empty " + spool_dir + ": " + error.message());
  std::filesystem::create_directories(spool_dir, error);
  if (error) return Status::ioError("cannot create " + spool_dir + ": " + error.message());
  if (::chmod(spool_dir.c_str(), 0700) != 0) return Status::ioError("cannot chmod " + spool_dir);
  return Status::ok();
}

}  // namespace sanso::milter
