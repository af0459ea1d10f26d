#include "file_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "sanso/common/file_io.h"

namespace sanso::sanitize::text {

namespace {

std::string errnoText() { return std::strerror(errno); }

}  // namespace

Result<FileSink> FileSink::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::ioError("cannot create " + path + ": " + errnoText());
  return FileSink(fd);
}

FileSink::FileSink(int fd) : fd_(fd), buffer_(std::make_unique<char[]>(kBufferSize)) {}

FileSink::FileSink(FileSink&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      buffer_(std::move(other.buffer_)),
      used_(std::exchange(other.used_, 0)) {}

FileSink::~FileSink() {
  if (fd_ >= 0) ::close(fd_);
}

Status FileSink::write(std::string_view bytes) {
  if (fd_ < 0) return Status::internal("write to a closed output");
  if (used_ + bytes.size() <= kBufferSize) {
    std::memcpy(buffer_.get() + used_, bytes.data(), bytes.size());
    used_ += bytes.size();
    return Status::ok();
  }
  SANSO_RETURN_IF_ERROR(flush());
  if (bytes.size() >= kBufferSize) return writeAll(fd_, asBytes(bytes));
  std::memcpy(buffer_.get(), bytes.data(), bytes.size());
  used_ = bytes.size();
  return Status::ok();
}

Status FileSink::close() {
  if (fd_ < 0) return Status::internal("output closed twice");
  Status status = flush();
  if (::close(std::exchange(fd_, -1)) != 0 && status.isOk()) {
    status = Status::ioError("close failed: " + errnoText());
  }
  return status;
}

Status FileSink::flush() {
  Status status = writeAll(fd_, asBytes(std::string_view(buffer_.get(), used_)));
  used_ = 0;
  return status;
}

}  // namespace sanso::sanitize::text
