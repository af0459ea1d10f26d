#include "sanso/store/secret_box.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "sanso/store/fs_util.h"
#include "sanso/common/file_io.h"

namespace sanso::store {
namespace {

constexpr char kMagic[8] = {'S', 'A', 'N', 'S', 'O', 'S', 'B', '1'};
constexpr size_t kChunk = 64 * 1024;
constexpr size_t kSealed = kChunk + crypto_secretstream_xchacha20poly1305_ABYTES;
constexpr size_t kHeader = crypto_secretstream_xchacha20poly1305_HEADERBYTES;

static_assert(SecretKey::kSize == crypto_secretstream_xchacha20poly1305_KEYBYTES);

// Reads until `buffer` is full or the input ends; returns the bytes read.
Result<size_t> readFull(int fd, uint8_t* buffer, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::read(fd, buffer + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errnoStatus("read failed");
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

Status corrupt(const std::string& what) {
  return Status::blocked("decrypt-failed", "encrypted blob is not authentic: " + what);
}

}  // namespace

Result<SecretBox> SecretBox::open(const std::string& key_path) {
  SANSO_ASSIGN_OR_RETURN(auto key, loadOrCreateKeyFile(key_path));
  return SecretBox(std::move(key));
}

Result<BlobInfo> SecretBox::encryptFile(const std::string& path, const BlobStore& blobs,
                                        uint64_t max_bytes) const {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) return errnoStatus("cannot open " + path);
  return encryptFd(fd.get(), blobs, max_bytes);
}

Result<BlobInfo> SecretBox::encryptFd(int fd, const BlobStore& blobs, uint64_t max_bytes) const {
  SANSO_ASSIGN_OR_RETURN(BlobWriter writer, encryptIntoWriter(fd, blobs, max_bytes));
  return writer.commit();
}

Result<StagedBlob> SecretBox::stageEncryptedFd(int fd, const BlobStore& blobs,
                                               uint64_t max_bytes) const {
  SANSO_ASSIGN_OR_RETURN(BlobWriter writer, encryptIntoWriter(fd, blobs, max_bytes));
  return writer.stage();
}

Result<BlobWriter> SecretBox::encryptIntoWriter(int fd, const BlobStore& blobs,
                                                uint64_t max_bytes) const {
  SANSO_ASSIGN_OR_RETURN(auto writer, blobs.create(UINT64_MAX));
  crypto_secretstream_xchacha20poly1305_state state;
  uint8_t header[kHeader];
  crypto_secretstream_xchacha20poly1305_init_push(&state, header, key_.data());
  SANSO_RETURN_IF_ERROR(writer.write(ByteView(reinterpret_cast<const uint8_t*>(kMagic), 8)));
  SANSO_RETURN_IF_ERROR(writer.write(ByteView(header, kHeader)));

  // One chunk of look-ahead: a full chunk is FINAL only when nothing follows it.
  std::vector<uint8_t> current(kChunk), next(kChunk), sealed(kSealed);
  SANSO_ASSIGN_OR_RETURN(size_t current_size, readFull(fd, current.data(), kChunk));
  uint64_t total = current_size;
  for (;;) {
    size_t next_size = 0;
    if (current_size == kChunk) {
      SANSO_ASSIGN_OR_RETURN(next_size, readFull(fd, next.data(), kChunk));
    }
    total += next_size;
    if (total > max_bytes) {
      return Status::blocked("limit-input-size",
                             "input exceeds the limit of " + std::to_string(max_bytes) + " bytes");
    }
    bool final = next_size == 0;
    unsigned long long sealed_size = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &state, sealed.data(), &sealed_size, current.data(), current_size, nullptr, 0,
        final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
              : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    SANSO_RETURN_IF_ERROR(writer.write(ByteView(sealed.data(), sealed_size)));
    if (final) break;
    std::swap(current, next);
    current_size = next_size;
  }
  sodium_memzero(current.data(), current.size());
  sodium_memzero(next.data(), next.size());
  return writer;
}

Status SecretBox::decryptToFile(const BlobStore& blobs, std::string_view hash,
                                const std::string& out_path) const {
  SANSO_ASSIGN_OR_RETURN(auto in, blobs.openRead(hash));
  SANSO_ASSIGN_OR_RETURN(auto pending, PendingOutput::forPath(out_path));
  UniqueFd out(::open(pending.tempPath().c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
  if (!out.valid()) return errnoStatus("cannot open " + pending.tempPath());
  SANSO_RETURN_IF_ERROR(decryptStream(in.get(), out.get()));
  out.reset();
  return pending.commit(false);  // a scratch copy: renamed into place, not fsync'd
}

Status SecretBox::decryptToFd(const BlobStore& blobs, std::string_view hash, int out_fd) const {
  SANSO_ASSIGN_OR_RETURN(auto in, blobs.openRead(hash));
  return decryptStream(in.get(), out_fd);
}

Status SecretBox::decryptStream(int in_fd, int out_fd) const {
  uint8_t prefix[sizeof kMagic + kHeader];
  SANSO_ASSIGN_OR_RETURN(size_t got, readFull(in_fd, prefix, sizeof prefix));
  if (got != sizeof prefix || std::memcmp(prefix, kMagic, sizeof kMagic) != 0) {
    return corrupt("missing header");
  }
  crypto_secretstream_xchacha20poly1305_state state;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&state, prefix + sizeof kMagic,
                                                      key_.data()) != 0) {
    return corrupt("invalid header");
  }
  std::vector<uint8_t> sealed(kSealed), plain(kChunk);
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(size_t size, readFull(in_fd, sealed.data(), kSealed));
    if (size == 0) return corrupt("truncated");
    unsigned long long plain_size = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&state, plain.data(), &plain_size, &tag,
                                                   sealed.data(), size, nullptr, 0) != 0) {
      return corrupt("chunk fails authentication");
    }
    SANSO_RETURN_IF_ERROR(writeAll(out_fd, ByteView(plain.data(), plain_size)));
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
      uint8_t extra = 0;
      SANSO_ASSIGN_OR_RETURN(size_t trailing, readFull(in_fd, &extra, 1));
      if (trailing != 0) return corrupt("data after the final chunk");
      sodium_memzero(plain.data(), plain.size());
      return Status::ok();
    }
    if (size != kSealed) return corrupt("truncated");
  }
}

}  // namespace sanso::store
