#include "sanso/store/blob_store.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <functional>
#include <vector>

#include "blob_rows.h"
#include "sanso/common/file_io.h"
#include "sanso/store/fs_util.h"

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

int64_t unixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// An anonymous file holding `data`, positioned at its start: in memory, or when the system
// has no memfd, a nameless file in `folder`.
Result<UniqueFd> anonymousCopy(ByteView data, const std::string& folder) {
  UniqueFd fd(::memfd_create("sanso-blob", MFD_CLOEXEC));
  if (!fd.valid()) fd = UniqueFd(::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
  if (!fd.valid()) return errnoStatus("cannot create a file for a blob read from the database");
  SANSO_RETURN_IF_ERROR(writeAll(fd.get(), data));
  if (::lseek(fd.get(), 0, SEEK_SET) != 0) return errnoStatus("cannot rewind a blob copy");
  return fd;
}

}  // namespace

bool isValidBlobHash(std::string_view hash) { return hash.size() == 64 && isLowerHex(hash); }

Result<BlobStore::WorkingFile> BlobStore::openWorkingFile(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW));
  if (!fd.valid()) return errnoStatus("cannot open " + path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return errnoStatus("cannot stat " + path);
  if (!S_ISREG(st.st_mode)) return Status::ioError(path + " is not a regular file");
  return WorkingFile{std::move(fd), static_cast<uint64_t>(st.st_size),
                     static_cast<uint64_t>(st.st_nlink)};
}

Result<BlobStore> BlobStore::open(const std::string& root) {
  if (root.empty()) return Status::invalidArgument("blob store root is empty");
  SANSO_RETURN_IF_ERROR(ensureDirectory(root, 0700));
  SANSO_RETURN_IF_ERROR(ensureDirectory(root + "/" + kTempFolder, 0700));
  return BlobStore(root);
}

Result<BlobStore> BlobStore::open(const std::string& root, Database& db, uint64_t max_row_bytes) {
  SANSO_ASSIGN_OR_RETURN(BlobStore store, open(root));
  SANSO_RETURN_IF_ERROR(detail::migrateBlobRows(db));
  store.db_ = &db;
  store.max_row_bytes_ = max_row_bytes;
  return store;
}

std::string BlobStore::pathFor(std::string_view hash) const {
  return root_ + "/" + std::string(hash.substr(0, 2)) + "/" + std::string(hash.substr(2));
}

Result<std::pair<UniqueFd, std::string>> BlobStore::createTemporary() const {
  std::string temp = root_ + "/" + kTempFolder + "/blob-XXXXXX";
  UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));  // mode 0600
  if (!fd.valid()) return errnoStatus("cannot create a temporary blob in " + root_);
  return std::make_pair(std::move(fd), std::move(temp));
}

Result<BlobWriter> BlobStore::create(uint64_t max_bytes) const {
  if (fitsRow(0)) return BlobWriter(this, UniqueFd(), "", max_bytes);  // in memory at first
  SANSO_ASSIGN_OR_RETURN(auto temp, createTemporary());
  return BlobWriter(this, std::move(temp.first), std::move(temp.second), max_bytes);
}

Result<BlobInfo> BlobStore::putFile(const std::string& path, uint64_t max_bytes) const {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) return errnoStatus("cannot open " + path);
  return putFd(fd.get(), max_bytes);
}

Result<BlobInfo> BlobStore::putFd(int fd, uint64_t max_bytes) const {
  SANSO_ASSIGN_OR_RETURN(StagedBlob staged, stageFd(fd, max_bytes));
  return save(staged);
}

Result<StagedBlob> BlobStore::stageFd(int fd, uint64_t max_bytes) const {
  SANSO_ASSIGN_OR_RETURN(auto writer, create(max_bytes));
  SANSO_RETURN_IF_ERROR(writer.copyFrom(fd));
  return writer.stage();
}

Result<StagedBlob> BlobStore::stageFile(const std::string& path, uint64_t max_bytes) const {
  SANSO_ASSIGN_OR_RETURN(WorkingFile file, openWorkingFile(path));
  if (fitsRow(file.size)) return stageFd(file.fd.get(), max_bytes);
  SANSO_ASSIGN_OR_RETURN(BlobInfo adopted, adoptOpened(path, file, max_bytes));
  return StagedBlob(std::move(adopted), std::nullopt);
}

Result<BlobInfo> BlobStore::save(const StagedBlob& staged) const {
  if (staged.isRow()) {
    SANSO_RETURN_IF_ERROR(db_->write([&](Session& s) { return staged.saveIn(s); }));
  }
  return staged.info();
}

Status StagedBlob::saveIn(Session& session) const {
  if (!row_) return Status::ok();
  return detail::insertBlobRow(session, info_.sha256, ByteView(row_->data(), row_->size()),
                               unixNow());
}

Result<BlobInfo> BlobStore::adoptFile(const std::string& path, uint64_t max_bytes) const {
  SANSO_ASSIGN_OR_RETURN(WorkingFile file, openWorkingFile(path));
  return adoptOpened(path, file, max_bytes);
}

Result<BlobInfo> BlobStore::adoptOpened(const std::string& path, const WorkingFile& file,
                                        uint64_t max_bytes) const {
  const UniqueFd& fd = file.fd;
  // Copies the file into the store from its start, then removes the working file (a small
  // one becomes a row: moving it would cost the very file and flushes a row saves).
  auto copyInstead = [&]() -> Result<BlobInfo> {
    if (::lseek(fd.get(), 0, SEEK_SET) != 0) return errnoStatus("cannot rewind " + path);
    SANSO_ASSIGN_OR_RETURN(BlobInfo copied, putFd(fd.get(), max_bytes));
    ::unlink(path.c_str());
    return copied;
  };
  if (file.links != 1 || fitsRow(file.size)) return copyInstead();
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
  if (db_ != nullptr) {
    SANSO_ASSIGN_OR_RETURN(auto row, detail::readBlobRow(*db_, hash));
    if (row) return anonymousCopy(ByteView(row->data(), row->size()), root_ + "/" + kTempFolder);
  }
  std::string path = pathFor(hash);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY));
  if (!fd.valid()) return errnoStatus("cannot open blob " + std::string(hash));
  return fd;
}

Result<bool> BlobStore::contains(std::string_view hash) const {
  SANSO_RETURN_IF_ERROR(checkHash(hash));
  if (db_ != nullptr) {
    SANSO_ASSIGN_OR_RETURN(auto written, detail::blobRowWrittenAt(*db_, hash));
    if (written) return true;
  }
  struct stat st {};
  if (::lstat(pathFor(hash).c_str(), &st) == 0) return S_ISREG(st.st_mode);
  if (errno == ENOENT) return false;
  return errnoStatus("cannot stat blob " + std::string(hash));
}

Status BlobStore::remove(std::string_view hash) const {
  SANSO_RETURN_IF_ERROR(checkHash(hash));
  if (db_ != nullptr) SANSO_RETURN_IF_ERROR(detail::removeBlobRow(*db_, hash));
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
  if (db_ != nullptr) {
    SANSO_ASSIGN_OR_RETURN(std::vector<std::string> rows, detail::listBlobRows(*db_));
    hashes.insert(hashes.end(), rows.begin(), rows.end());
  }
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());  // in both tiers
  return hashes;
}

Result<int64_t> BlobStore::modifiedAt(std::string_view hash) const {
  SANSO_RETURN_IF_ERROR(checkHash(hash));
  if (db_ != nullptr) {
    SANSO_ASSIGN_OR_RETURN(auto written, detail::blobRowWrittenAt(*db_, hash));
    if (written) return *written;
  }
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
      hash_(std::move(other.hash_)),
      memory_(std::move(other.memory_)) {
  other.temp_path_.clear();
}

BlobWriter::~BlobWriter() {
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
}

Status BlobWriter::write(ByteView data) {
  if (!hash_) return Status::internal("blob writer already committed");
  if (data.size() > max_bytes_ - size_) return tooLarge(max_bytes_);
  if (!fd_.valid() && !store_->fitsRow(size_ + data.size())) SANSO_RETURN_IF_ERROR(spill());
  hash_->update(data);
  if (fd_.valid()) {
    SANSO_RETURN_IF_ERROR(writeAll(fd_.get(), data));
  } else {
    memory_.insert(memory_.end(), data.begin(), data.end());
  }
  size_ += data.size();
  return Status::ok();
}

Status BlobWriter::spill() {
  SANSO_ASSIGN_OR_RETURN(auto temp, store_->createTemporary());
  fd_ = std::move(temp.first);
  temp_path_ = std::move(temp.second);
  SANSO_RETURN_IF_ERROR(writeAll(fd_.get(), ByteView(memory_.data(), memory_.size())));
  std::vector<uint8_t>().swap(memory_);
  return Status::ok();
}

Status BlobWriter::copyFrom(int fd) {
  return forEachChunk(fd, [this](ByteView chunk) { return write(chunk); });
}

Result<BlobInfo> BlobWriter::commit() {
  SANSO_ASSIGN_OR_RETURN(StagedBlob staged, stage());
  return store_->save(staged);
}

Result<StagedBlob> BlobWriter::stage() {
  if (!hash_) return Status::internal("blob writer already committed");
  BlobInfo info{hash_->finishHex(), size_};
  hash_.reset();
  if (!fd_.valid()) return StagedBlob(std::move(info), std::move(memory_));
  if (::fsync(fd_.get()) != 0) return errnoStatus("fsync blob");
  SANSO_ASSIGN_OR_RETURN(bool moved, store_->moveIntoPlace(temp_path_, info.sha256));
  if (!moved) return Status::internal("the blob's temporary is on another file system");
  temp_path_.clear();
  return StagedBlob(std::move(info), std::nullopt);
}

}  // namespace sanso::store
