#include "sanso/store/blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <functional>
#include <vector>

#include "sanso/store/fs_util.h"
#include "sanso/common/file_io.h"

namespace sanso::store {
namespace {

namespace fs = std::filesystem;

constexpr size_t kCopyBuffer = 256 * 1024;
constexpr const char* kTempFolder = ".tmp";

bool isLowerHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Calls `each` with what `fd` yields from its position to its end, a buffer at a time.
Status forEachChunk(int fd, const std::function<Status(ByteView)>& each) {
  std::vector<uint8_t> buffer(kCopyBuffer);
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errnoStatus("read failed");
    if (n == 0) return Status::ok();
    SANSO_RETURN_IF_ERROR(each(ByteView(buffer.data(), static_cast<size_t>(n))));
  }
}

Status tooLarge(uint64_t max_bytes) {
  return Status::blocked("limit-input-size",
                         "blob exceeds the limit of " + std::to_string(max_bytes) + " bytes");
}

Status checkHash(std::string_view hash) {
  if (isValidBlobHash(hash)) return Status::ok();
  return Status::invalidArgument("not a blob hash (64 lower-case hex digits expected)");
}

}  // namespace

bool isValidBlobHash(std::string_view hash) { return hash.size() == 64 && isLowerHex(hash); }

Result<BlobStore> BlobStore::open(const std::string& root) {
  if (root.empty()) return Status::invalidArgument("blob store root is empty");
  SANSO_RETURN_IF_ERROR(ensureDirectory(root, 0700));
  SANSO_RETURN_IF_ERROR(ensureDirectory(root + "/" + kTempFolder, 0700));
  return BlobStore(root);
}

std::string BlobStore::pathFor(std::string_view hash) const {
  return root_ + "/" + std::string(hash.substr(0, 2)) + "/" + std::string(hash.substr(2));
}

Result<BlobWriter> BlobStore::create(uint64_t max_bytes) const {
  std::string temp = root_ + "/" + kTempFolder + "/blob-XXXXXX";
  UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));  // mode 0600
  if (!fd.valid()) return errnoStatus("cannot create a temporary blob in " + root_);
  return BlobWriter(this, std::move(fd), std::move(temp), max_bytes);
}

Result<BlobInfo> BlobStore::putFile(const std::string& path, uint64_t max_bytes) const {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) return errnoStatus("cannot open " + path);
  return putFd(fd.get(), max_bytes);
}

Result<BlobInfo> BlobStore::putFd(int fd, uint64_t max_bytes) const {
  SANSO_ASSIGN_OR_RETURN(auto writer, create(max_bytes));
  SANSO_RETURN_IF_ERROR(writer.copyFrom(fd));
  return writer.commit();
}

Result<BlobInfo> BlobStore::adoptFile(const std::string& path, uint64_t max_bytes) const {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW));
  if (!fd.valid()) return errnoStatus("cannot open " + path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return errnoStatus("cannot stat " + path);
  if (!S_ISREG(st.st_mode)) return Status::ioError(path + " is not a regular file");
  // Copies the file into the store from its start, then removes the working file.
  auto copyInstead = [&]() -> Result<BlobInfo> {
    if (::lseek(fd.get(), 0, SEEK_SET) != 0) return errnoStatus("cannot rewind " + path);
    SANSO_ASSIGN_OR_RETURN(BlobInfo copied, putFd(fd.get(), max_bytes));
    ::unlink(path.c_str());
    return copied;
  };
  if (st.st_nlink != 1) return copyInstead();  // another name could change the blob later
  Sha256 hash;
  uint64_t size = 0;
  SANSO_RETURN_IF_ERROR(forEachChunk(fd.get(), [&](ByteView chunk) -> Status {
    if (chunk.size() > max_bytes - size) return tooLarge(max_bytes);
    hash.update(chunk);
    size += chunk.size();
    return Status::ok();
  }));
  if (::fchmod(fd.get(), 0600) != 0) return errnoStatus("cannot chmod " + path);
  if (::fsync(fd.get()) != 0) return errnoStatus("fsync blob");
  BlobInfo info{hash.finishHex(), size};
  SANSO_ASSIGN_OR_RETURN(bool moved, moveIntoPlace(path, info.sha256));
  if (moved) return info;
  return copyInstead();  // on another file system
}

Result<bool> BlobStore::moveIntoPlace(const std::string& from, const std::string& hash) const {
  std::string folder = root_ + "/" + hash.substr(0, 2);
  SANSO_RETURN_IF_ERROR(ensureDirectory(folder, 0700));
  // Same content, same name: replacing an existing blob is harmless.
  if (::rename(from.c_str(), pathFor(hash).c_str()) != 0) {
    if (errno == EXDEV) return false;
    return errnoStatus("cannot move blob into place");
  }
  SANSO_RETURN_IF_ERROR(syncDirectory(folder));
  return true;
}

Result<UniqueFd> BlobStore::openRead(std::string_view hash) const {
  SANSO_RETURN_IF_ERROR(checkHash(hash));
  std::string path = pathFor(hash);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY));
  if (!fd.valid()) return errnoStatus("cannot open blob " + std::string(hash));
  return fd;
}

Result<bool> BlobStore::contains(std::string_view hash) const {
  SANSO_RETURN_IF_ERROR(checkHash(hash));
  struct stat st {};
  if (::lstat(pathFor(hash).c_str(), &st) == 0) return S_ISREG(st.st_mode);
  if (errno == ENOENT) return false;
  return errnoStatus("cannot stat blob " + std::string(hash));
}

Status BlobStore::remove(std::string_view hash) const {
  SANSO_RETURN_IF_ERROR(checkHash(hash));
  if (::unlink(pathFor(hash).c_str()) != 0) {
    if (errno == ENOENT) return Status::ok();
    return errnoStatus("cannot remove blob " + std::string(hash));
  }
  return syncDirectory(root_ + "/" + std::string(hash.substr(0, 2)));
}

Result<std::vector<std::string>> BlobStore::list() const {
  std::vector<std::string> hashes;
  std::error_code ec;
  for (fs::directory_iterator dir(root_, ec), end; !ec && dir != end; dir.increment(ec)) {
    std::string prefix = dir->path().filename().string();
    if (prefix.size() != 2 || !isLowerHex(prefix) || !dir->is_directory(ec)) continue;
    for (fs::directory_iterator file(dir->path(), ec); !ec && file != end; file.increment(ec)) {
      std::string hash = prefix + file->path().filename().string();
      if (isValidBlobHash(hash) && file->is_regular_file(ec)) hashes.push_back(std::move(hash));
    }
  }
  if (ec) return Status::ioError("cannot list blobs in " + root_ + ": " + ec.message());
  std::sort(hashes.begin(), hashes.end());
  return hashes;
}

Result<int64_t> BlobStore::modifiedAt(std::string_view hash) const {
  SANSO_RETURN_IF_ERROR(checkHash(hash));
  struct stat st {};
  if (::lstat(pathFor(hash).c_str(), &st) != 0) {
    return errnoStatus("cannot stat blob " + std::string(hash));
  }
  return static_cast<int64_t>(st.st_mtime);
}

Result<size_t> BlobStore::removeTemporaries(std::chrono::seconds min_age) const {
  std::string folder = root_ + "/" + kTempFolder;
  auto cutoff = fs::file_time_type::clock::now() - min_age;
  size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code item_ec;
    if (it->last_write_time(item_ec) <= cutoff && !item_ec && fs::remove(it->path(), item_ec)) {
      ++removed;
    }
  }
  if (ec) return Status::ioError("cannot clean " + folder + ": " + ec.message());
  if (removed > 0) SANSO_RETURN_IF_ERROR(syncDirectory(folder));
  return removed;
}

BlobWriter::BlobWriter(const BlobStore* store, UniqueFd fd, std::string temp_path,
                       uint64_t max_bytes)
    : store_(store),
      fd_(std::move(fd)),
      temp_path_(std::move(temp_path)),
      max_bytes_(max_bytes),
      hash_(std::make_unique<Sha256>()) {}

BlobWriter::BlobWriter(BlobWriter&& other) noexcept
    : store_(other.store_),
      fd_(std::move(other.fd_)),
      temp_path_(std::move(other.temp_path_)),
      max_bytes_(other.max_bytes_),
      size_(other.size_),
      hash_(std::move(other.hash_)) {
  other.temp_path_.clear();
}

BlobWriter::~BlobWriter() {
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
}

Status BlobWriter::write(ByteView data) {
  if (!hash_) return Status::internal("blob writer already committed");
  if (data.size() > max_bytes_ - size_) return tooLarge(max_bytes_);
  hash_->update(data);
  SANSO_RETURN_IF_ERROR(writeAll(fd_.get(), data));
  size_ += data.size();
  return Status::ok();
}

Status BlobWriter::copyFrom(int fd) {
  return forEachChunk(fd, [this](ByteView chunk) { return write(chunk); });
}

Result<BlobInfo> BlobWriter::commit() {
  if (!hash_) return Status::internal("blob writer already committed");
  if (::fsync(fd_.get()) != 0) return errnoStatus("fsync blob");
  BlobInfo info{hash_->finishHex(), size_};
  hash_.reset();
  SANSO_ASSIGN_OR_RETURN(bool moved, store_->moveIntoPlace(temp_path_, info.sha256));
  if (!moved) return Status::internal("the blob's temporary is on another file system");
  temp_path_.clear();
  return info;
}

}  // namespace sanso::store
