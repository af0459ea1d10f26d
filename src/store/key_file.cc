#include "sanso/store/key_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "sanso/store/fs_util.h"
#include "sanso/common/file_io.h"
#include "sanso/store/unique_fd.h"

namespace sanso::store {

SecretKey::SecretKey(SecretKey&& other) noexcept : bytes_(other.bytes_) {
  sodium_memzero(other.bytes_.data(), kSize);
}

SecretKey& SecretKey::operator=(SecretKey&& other) noexcept {
  if (this != &other) {
    bytes_ = other.bytes_;
    sodium_memzero(other.bytes_.data(), kSize);
  }
  return *this;
}

SecretKey::~SecretKey() { sodium_memzero(bytes_.data(), kSize); }

Status initSodium() {
  static const int rc = sodium_init();  // 0: initialized now, 1: already
  if (rc < 0) return Status::internal("libsodium failed to initialize");
  return Status::ok();
}

Result<SecretKey> loadKeyFile(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY));
  if (!fd.valid()) return errnoStatus("cannot open key file " + path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return errnoStatus("cannot stat key file " + path);
  if (!S_ISREG(st.st_mode)) return Status::invalidArgument(path + " is not a regular file");
  if (st.st_uid != ::geteuid()) {
    return Status::invalidArgument("key file " + path + " belongs to another user");
  }
  if ((st.st_mode & 077) != 0) {
    return Status::invalidArgument("key file " + path +
                                   " is accessible to group or others (chmod 600 it)");
  }
  if (st.st_size != static_cast<off_t>(SecretKey::kSize)) {
    return Status::invalidArgument("key file " + path + " must hold exactly " +
                                   std::to_string(SecretKey::kSize) + " bytes");
  }
  SecretKey key;
  size_t done = 0;
  while (done < SecretKey::kSize) {
    ssize_t n = ::read(fd.get(), key.data() + done, SecretKey::kSize - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return errnoStatus("cannot read key file " + path);
    done += static_cast<size_t>(n);
  }
  return key;
}

Result<SecretKey> loadOrCreateKeyFile(const std::string& path) {
  SANSO_RETURN_IF_ERROR(initSodium());
  if (::access(path.c_str(), F_OK) == 0 || errno != ENOENT) return loadKeyFile(path);
  std::string parent = std::filesystem::path(path).parent_path().string();
  if (parent.empty()) parent = ".";
  SANSO_RETURN_IF_ERROR(ensureDirectory(parent, 0700));
  std::string temp = path + ".new-XXXXXX";
  UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));  // mode 0600
  if (!fd.valid()) return errnoStatus("cannot create key file in " + parent);
  SecretKey fresh;
  randombytes_buf(fresh.data(), SecretKey::kSize);
  Status written = writeAll(fd.get(), ByteView(fresh.data(), SecretKey::kSize));
  if (written.isOk() && ::fsync(fd.get()) != 0) written = errnoStatus("fsync " + temp);
  // link() never replaces: when another process won the race, its key is the one used.
  if (written.isOk() && ::link(temp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
    written = errnoStatus("cannot create key file " + path);
  }
  ::unlink(temp.c_str());
  SANSO_RETURN_IF_ERROR(written);
  SANSO_RETURN_IF_ERROR(syncDirectory(parent));
  return loadKeyFile(path);
}

}  // namespace sanso::store
