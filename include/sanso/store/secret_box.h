// store::SecretBox: originals at rest, encrypted into the blob store.
//
// Format of an encrypted blob: the 8-byte magic "SANSOSB1", the 24-byte
// crypto_secretstream_xchacha20poly1305 header, then the plaintext in 64 KiB chunks, each
// sealed (plaintext + 17 bytes); every chunk is full except the last, which carries the FINAL
// tag (an empty input is one empty FINAL chunk). Truncation, reordering, extension and any
// changed byte make decryption fail, and nothing is written then.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sanso/common/status.h"
#include "sanso/store/blob_store.h"
#include "sanso/store/key_file.h"

namespace sanso::store {

class SecretBox {
 public:
  // Uses the key at `key_path`, creating it when missing (see loadOrCreateKeyFile).
  static Result<SecretBox> open(const std::string& key_path);

  // Encrypts the file at `path` (refused, "limit-input-size", past `max_bytes` of plaintext)
  // into `blobs`; the returned hash and size are those of the ciphertext blob.
  Result<BlobInfo> encryptFile(const std::string& path, const BlobStore& blobs,
                               uint64_t max_bytes) const;
  // The same for what `fd` yields from its current position to its end.
  Result<BlobInfo> encryptFd(int fd, const BlobStore& blobs, uint64_t max_bytes) const;
  // As encryptFd, but a ciphertext small enough for a row is only staged: the caller saves it
  // in the database write that refers to it (StagedBlob::saveIn).
  Result<StagedBlob> stageEncryptedFd(int fd, const BlobStore& blobs, uint64_t max_bytes) const;
  // Decrypts blob `hash` into `out_path`, which appears only when the whole stream was
  // authentic; otherwise no file is left behind. The file is a working copy: it is not
  // fsync'd (the blob is the durable original).
  Status decryptToFile(const BlobStore& blobs, std::string_view hash,
                       const std::string& out_path) const;
  // Decrypts blob `hash` into `out_fd` (a private file such as a memfd) from its position. On
  // failure the bytes written are not authentic: the caller discards the file.
  Status decryptToFd(const BlobStore& blobs, std::string_view hash, int out_fd) const;

 private:
  explicit SecretBox(SecretKey key) : key_(std::move(key)) {}
  // Writes the ciphertext of what `fd` yields into a new blob of `blobs`, not yet finished.
  Result<BlobWriter> encryptIntoWriter(int fd, const BlobStore& blobs, uint64_t max_bytes) const;
  Status decryptStream(int in_fd, int out_fd) const;

  SecretKey key_;
};

}  // namespace sanso::store
