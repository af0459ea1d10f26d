// SHA-256 (OpenSSL) as lower-case hex.
#pragma once

#include <string>

#include "sanso/common/bytes.h"

namespace sanso {

// Hex SHA-256 of `data`.
std::string sha256Hex(ByteView data);

}  // namespace sanso
