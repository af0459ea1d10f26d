// Signed checkpoints: Ed25519 signatures over (seq, hash, time) of a record in the chain.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "sanso/common/status.h"
#include "sanso/store/key_file.h"

namespace sanso::audit {

struct Checkpoint {
  uint64_t seq = 0;       // the record signed
  std::string hash;       // its hash
  std::string time;       // when the checkpoint was made (RFC 3339 UTC, milliseconds)
  std::string signature;  // Ed25519 signature of checkpointMessage(), 128 hex digits
};

// The bytes signed: the tag "sanso-audit-checkpoint-v1", seq (decimal), hash and time, each
// preceded by its byte length as an 8-byte big-endian integer.
std::string checkpointMessage(const Checkpoint& checkpoint);

// An Ed25519 public key, which an auditor keeps apart from the data it verifies.
class PublicKey {
 public:
  // Parses 64 hex digits.
  static Result<PublicKey> fromHex(std::string_view hex);
  std::string toHex() const;
  // Whether `checkpoint.signature` is this key's signature of the checkpoint.
  bool verifies(const Checkpoint& checkpoint) const;

 private:
  friend class SigningKey;
  std::array<uint8_t, 32> bytes_{};
};

// The log's signing key, derived from a 32-byte seed in a key file.
class SigningKey {
 public:
  // Loads the seed at `path`, creating it (0600) when missing.
  static Result<SigningKey> loadOrCreate(const std::string& path);
  // Loads the seed at `path`, which must exist.
  static Result<SigningKey> load(const std::string& path);

  SigningKey(SigningKey&& other) noexcept;
  SigningKey& operator=(SigningKey&&) = delete;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  ~SigningKey();

  const PublicKey& publicKey() const { return public_key_; }
  // Fills in `checkpoint.signature`.
  void sign(Checkpoint& checkpoint) const;

 private:
  explicit SigningKey(const store::SecretKey& seed);

  std::array<uint8_t, 64> secret_{};
  PublicKey public_key_;
};

}  // namespace sanso::audit
