#include "sanso/common/sha256.h"

#include <openssl/evp.h>

#include <array>
#include <new>

namespace sanso {

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (context_ == nullptr || EVP_DigestInit_ex(context_, EVP_sha256(), nullptr) != 1) {
    throw std::bad_alloc();  // OpenSSL fails here only when out of memory
  }
}

Sha256::~Sha256() { EVP_MD_CTX_free(context_); }

void Sha256::update(ByteView data) { EVP_DigestUpdate(context_, data.data(), data.size()); }

std::string Sha256::finishHex() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_, digest.data(), &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

std::string sha256Hex(ByteView data) {
  Sha256 hash;
  hash.update(data);
  return hash.finishHex();
}

}  // namespace sanso
