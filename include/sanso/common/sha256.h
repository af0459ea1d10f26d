// SHA-256 (OpenSSL) as lower-case hex.
#pragma once

#include <string>

#include "sanso/common/bytes.h"

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace sanso {

// Incremental SHA-256, for data that arrives or is read in pieces.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  // Adds `data` to the hash.
  void update(ByteView data);
  // The lower-case hex digest of everything added; the object must not be used afterwards.
  std::string finishHex();

 private:
  ::evp_md_ctx_st* context_;
};

// Hex SHA-256 of `data`.
std::string sha256Hex(ByteView data);

}  // namespace sanso
