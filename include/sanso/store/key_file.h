// Secret keys kept in files: 32 random bytes, mode 0600, owned by the user running sanso.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "sanso/common/bytes.h"
#include "sanso/common/status.h"

namespace sanso::store {

// 32 secret bytes, wiped from memory when destroyed.
class SecretKey {
 public:
  static constexpr size_t kSize = 32;

  SecretKey() = default;
  SecretKey(SecretKey&& other) noexcept;
  SecretKey& operator=(SecretKey&& other) noexcept;
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;
  ~SecretKey();

  const uint8_t* data() const { return bytes_.data(); }
  uint8_t* data() { return bytes_.data(); }

 private:
  std::array<uint8_t, kSize> bytes_{};
};

// Initializes libsodium once; safe to call from any thread, any number of times.
Status initSodium();

// Reads the key at `path`. Refuses anything but a regular file (no symlink) of exactly 32
// bytes, owned by the effective user, with no permission bits for group or others.
Result<SecretKey> loadKeyFile(const std::string& path);

// loadKeyFile(), first creating the key when `path` does not exist: random bytes written to a
// temporary file (0600), flushed, then linked to `path` so that no reader ever sees a partial
// key. The parent directory is created (0700) when missing. Concurrent creators agree on one key.
Result<SecretKey> loadOrCreateKeyFile(const std::string& path);

}  // namespace sanso::store
