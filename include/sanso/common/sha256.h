// SHA-256 (Nettle) as lower-case hex.
#pragma once

#include <string>

#include "sanso/common/bytes.h"

namespace sanso {

// Incremental SHA-256, for data that arrives or is read in pieces.
class Sha256 {
 public:
  Sha256();
  ~Sha256() = default;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  // Adds `data` to the hash.
  void update(ByteView data);
  // The lower-case hex digest of everything added; the object must not be used afterwards.
  std::string finishHex();

 private:
  // Nettle's struct sha256_ctx, kept here so that hashing allocates nothing and callers need no
  // Nettle header; sha256.cc checks that it fits.
  alignas(8) unsigned char context_[128];
};

// Hex SHA-256 of `data`.
std::string sha256Hex(ByteView data);

}  // namespace sanso
