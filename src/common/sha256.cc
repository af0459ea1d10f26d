#include "sanso/common/sha256.h"

#include <nettle/sha2.h>

#include <array>
#include <new>

namespace sanso {
namespace {

// Nettle rather than OpenSSL's EVP: the same SHA-NI code for large inputs, and no provider,
// configuration file or ENGINE set-up on the first digest of a process (about 5 M instructions,
// a sixth of `sanso sanitize`'s start-up). Nettle is already loaded through GnuTLS.
static_assert(sizeof(sha256_ctx) <= 128 && alignof(sha256_ctx) <= 8);

sha256_ctx* nettleContext(unsigned char* storage) {
  return std::launder(reinterpret_cast<sha256_ctx*>(storage));
}

}  // namespace

Sha256::Sha256() : context_{} { sha256_init(new (context_) sha256_ctx); }

void Sha256::update(ByteView data) {
  sha256_update(nettleContext(context_), data.size(), data.data());
}

std::string Sha256::finishHex() {
  std::array<uint8_t, SHA256_DIGEST_SIZE> digest{};
  sha256_digest(nettleContext(context_), digest.size(), digest.data());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (uint8_t byte : digest) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xf]);
  }
  return out;
}

std::string sha256Hex(ByteView data) {
  Sha256 hash;
  hash.update(data);
  return hash.finishHex();
}

}  // namespace sanso
