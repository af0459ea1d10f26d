#include "sanso/audit/checkpoint.h"

#include <sodium.h>

#include "canonical.h"

namespace sanso::audit {
namespace {

static_assert(crypto_sign_PUBLICKEYBYTES == 32 && crypto_sign_SECRETKEYBYTES == 64);
static_assert(crypto_sign_SEEDBYTES == store::SecretKey::kSize);

std::string toHex(const uint8_t* data, size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), data, size);
  hex.pop_back();
  return hex;
}

// Decodes exactly `size` bytes from lower- or upper-case hex with nothing else around.
bool fromHex(std::string_view hex, uint8_t* out, size_t size) {
  size_t decoded = 0;
  const char* end = nullptr;
  return hex.size() == size * 2 &&
         sodium_hex2bin(out, size, hex.data(), hex.size(), nullptr, &decoded, &end) == 0 &&
         decoded == size && end == hex.data() + hex.size();
}

}  // namespace

std::string checkpointMessage(const Checkpoint& checkpoint) {
  std::string message;
  appendField(message, "sanso-audit-checkpoint-v1");
  appendField(message, std::to_string(checkpoint.seq));
  appendField(message, checkpoint.hash);
  appendField(message, checkpoint.time);
  return message;
}

Result<PublicKey> PublicKey::fromHex(std::string_view hex) {
  SANSO_RETURN_IF_ERROR(store::initSodium());
  PublicKey key;
  if (!audit::fromHex(hex, key.bytes_.data(), key.bytes_.size())) {
    return Status::invalidArgument("a public key is 64 hex digits");
  }
  return key;
}

std::string PublicKey::toHex() const { return audit::toHex(bytes_.data(), bytes_.size()); }

bool PublicKey::verifies(const Checkpoint& checkpoint) const {
  uint8_t signature[crypto_sign_BYTES];
  if (!audit::fromHex(checkpoint.signature, signature, sizeof signature)) return false;
  std::string message = checkpointMessage(checkpoint);
  return crypto_sign_verify_detached(signature, reinterpret_cast<const uint8_t*>(message.data()),
                                     message.size(), bytes_.data()) == 0;
}

SigningKey::SigningKey(const store::SecretKey& seed) {
  crypto_sign_seed_keypair(public_key_.bytes_.data(), secret_.data(), seed.data());
}

SigningKey::SigningKey(SigningKey&& other) noexcept
    : secret_(other.secret_), public_key_(other.public_key_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

Result<SigningKey> SigningKey::loadOrCreate(const std::string& path) {
  SANSO_ASSIGN_OR_RETURN(auto seed, store::loadOrCreateKeyFile(path));
  return SigningKey(seed);
}

Result<SigningKey> SigningKey::load(const std::string& path) {
  SANSO_RETURN_IF_ERROR(store::initSodium());
  SANSO_ASSIGN_OR_RETURN(auto seed, store::loadKeyFile(path));
  return SigningKey(seed);
}

void SigningKey::sign(Checkpoint& checkpoint) const {
  uint8_t signature[crypto_sign_BYTES];
  std::string message = checkpointMessage(checkpoint);
  crypto_sign_detached(signature, nullptr, reinterpret_cast<const uint8_t*>(message.data()),
                       message.size(), secret_.data());
  checkpoint.signature = audit::toHex(signature, sizeof signature);
}

}  // namespace sanso::audit
