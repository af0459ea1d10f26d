#include "sanso/common/file_io.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "sanso/common/sha256.h"

namespace sanso {
namespace {

std::string errnoText() { return std::strerror(errno); }

Status tooLarge(uint64_t size, uint64_t max) {
  return Status::blocked("limit-input-size", "input is " + std::to_string(size) + " bytes, limit " +
                                                 std::to_string(max));
}

}  // namespace

Result<InputFile> InputFile::open(const std::string& path, uint64_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return Status::ioError("cannot open " + path + ": " + errnoText());
  auto result = fromFd(fd, max_bytes);
  ::close(fd);
  return result;
}

Result<InputFile> InputFile::fromFd(int fd, uint64_t max_bytes) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return Status::ioError("fstat failed: " + errnoText());
  InputFile file;
  if (S_ISREG(st.st_mode)) {
    auto size = static_cast<uint64_t>(st.st_size);
    if (size > max_bytes) return tooLarge(size, max_bytes);
    if (size == 0) return file;
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) return Status::ioError("mmap failed: " + errnoText());
    file.data_ = static_cast<const uint8_t*>(map);
    file.size_ = size;
    file.mapped_ = true;
    return file;
  }
  if (S_ISDIR(st.st_mode)) return Status::invalidArgument("input is a directory");
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::ioError("read failed: " + errnoText());
    }
    if (n == 0) break;
    if (file.owned_.size() + static_cast<size_t>(n) > max_bytes) {
      return tooLarge(file.owned_.size() + static_cast<size_t>(n), max_bytes);
    }
    file.owned_.append(buffer, static_cast<size_t>(n));
  }
  file.data_ = reinterpret_cast<const uint8_t*>(file.owned_.data());
  file.size_ = file.owned_.size();
  return file;
}

InputFile::InputFile(InputFile&& other) noexcept { *this = std::move(other); }

InputFile& InputFile::operator=(InputFile&& other) noexcept {
  if (this == &other) return *this;
  release();
  mapped_ = other.mapped_;
  size_ = other.size_;
  owned_ = std::move(other.owned_);
  data_ = mapped_ ? other.data_ : reinterpret_cast<const uint8_t*>(owned_.data());
  other.data_ = nullptr;
  other.size_ = 0;
  other.mapped_ = false;
  return *this;
}

InputFile::~InputFile() { release(); }

std::string InputFile::sha256Hex() const {
  constexpr size_t kStep = 8u << 20;  // a multiple of any page size
  Sha256 hash;
  for (size_t offset = 0; offset < size_; offset += kStep) {
    const size_t length = std::min(kStep, size_ - offset);
    hash.update(ByteView(data_ + offset, length));
    // Advice only: when it fails the pages simply stay resident.
    if (mapped_) ::madvise(const_cast<uint8_t*>(data_) + offset, length, MADV_DONTNEED);
  }
  return hash.finishHex();
}

void InputFile::release() {
  if (mapped_ && data_ != nullptr) ::munmap(const_cast<uint8_t*>(data_), size_);
  data_ = nullptr;
  size_ = 0;
  mapped_ = false;
}

Result<PendingOutput> PendingOutput::forPath(const std::string& path) {
  std::filesystem::path final_path(path);
  auto dir = final_path.parent_path();
  if (dir.empty()) dir = ".";
  std::string pattern = (dir / ".sanso-out-XXXXXX").string();
  int fd = ::mkstemp(pattern.data());
  if (fd < 0)
    return Status::ioError("cannot create a file in " + dir.string() + ": " + errnoText());
  ::close(fd);
  PendingOutput out;
  out.temp_path_ = pattern;
  out.final_path_ = path;
  return out;
}

Result<PendingOutput> PendingOutput::inPlace(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Status::ioError("cannot create " + path + ": " + errnoText());
  ::close(fd);
  PendingOutput out;
  out.temp_path_ = path;
  out.final_path_ = path;
  out.in_place_ = true;
  return out;
}

Result<PendingOutput> PendingOutput::forFd(int fd) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/sanso-out-XXXXXX";
  int temp_fd = ::mkstemp(pattern.data());
  if (temp_fd < 0) return Status::ioError("cannot create a temporary file: " + errnoText());
  ::close(temp_fd);
  PendingOutput out;
  out.temp_path_ = pattern;
  out.target_fd_ = fd;
  return out;
}

PendingOutput::PendingOutput(PendingOutput&& other) noexcept
    : temp_path_(std::move(other.temp_path_)),
      final_path_(std::move(other.final_path_)),
      target_fd_(other.target_fd_),
      in_place_(other.in_place_),
      committed_(other.committed_) {
  other.temp_path_.clear();
  other.committed_ = true;
}

PendingOutput::~PendingOutput() {
  if (!committed_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
}

Status PendingOutput::commit(bool durable) {
  if (target_fd_ < 0) {
    if (durable) {
      int fd = ::open(temp_path_.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) return Status::ioError("output vanished: " + errnoText());
      int rc = ::fsync(fd);
      ::close(fd);
      if (rc != 0) return Status::ioError("fsync failed: " + errnoText());
    }
    if (in_place_) {
      committed_ = true;
      return Status::ok();
    }
    ::chmod(temp_path_.c_str(), 0644);
    if (::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
      return Status::ioError("cannot move output into place: " + errnoText());
    }
    committed_ = true;
    return Status::ok();
  }
  int fd = ::open(temp_path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::ioError("output vanished: " + errnoText());
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return Status::ioError("read failed: " + errnoText());
    }
    if (n == 0) break;
    Status st = writeAll(
        target_fd_, ByteView(reinterpret_cast<const uint8_t*>(buffer), static_cast<size_t>(n)));
    if (!st.isOk()) {
      ::close(fd);
      return st;
    }
  }
  ::close(fd);
  if (durable && ::fsync(target_fd_) != 0 && errno != EINVAL) {
    return Status::ioError("fsync failed: " + errnoText());
  }
  ::unlink(temp_path_.c_str());
  committed_ = true;
  return Status::ok();
}

Result<SpoolFile> SpoolFile::createBeside(const std::string& path) {
  auto dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {  // file systems without O_TMPFILE: create, then remove the name at once
    std::string pattern = (dir / ".sanso-spool-XXXXXX").string();
    fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd < 0)
      return Status::ioError("cannot create a spool file in " + dir.string() + ": " + errnoText());
    ::unlink(pattern.c_str());
  }
  SpoolFile spool;
  spool.fd_ = fd;
  return spool;
}

SpoolFile::SpoolFile(SpoolFile&& other) noexcept : fd_(other.fd_), size_(other.size_) {
  other.fd_ = -1;
}

SpoolFile::~SpoolFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<SpoolFile::Range> SpoolFile::append(ByteView data) {
  Range range{size_, data.size()};
  // pwrite at the recorded end: a failed append leaves earlier ranges and the next one intact.
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n =
        ::pwrite(fd_, data.data() + done, data.size() - done, static_cast<off_t>(size_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::ioError("spool write failed: " + errnoText());
    done += static_cast<size_t>(n);
  }
  size_ += data.size();
  return range;
}

Status writeAll(int fd, ByteView data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::ioError("write failed: " + errnoText());
    }
    data = data.subspan(static_cast<size_t>(n));
  }
  return Status::ok();
}

Result<std::string> readFile(const std::string& path, uint64_t max_bytes) {
  auto input = InputFile::open(path, max_bytes);
  if (!input.isOk()) return input.status();
  return std::string(asChars(input->bytes()));
}

Status writeFile(const std::string& path, ByteView data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::ioError("cannot create " + path + ": " + errnoText());
  Status st = writeAll(fd, data);
  if (::close(fd) != 0 && st.isOk()) st = Status::ioError("close failed: " + errnoText());
  return st;
}

}  // namespace sanso
