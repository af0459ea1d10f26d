// Password storage: argon2id (libsodium's crypto_pwhash_str), with a bound on how many hashes
// run at once so that a flood of logins cannot exhaust memory (each costs 64 MiB).
#pragma once

#include <string>

#include "sanso/common/status.h"

namespace sanso::auth {

inline constexpr size_t kMinPasswordLength = 12;
inline constexpr size_t kMaxPasswordLength = 256;

// Refuses passwords shorter than kMinPasswordLength or longer than kMaxPasswordLength
// (in bytes of UTF-8), or containing control characters.
Status checkPasswordRules(const std::string& password);

// The encoded argon2id hash of `password` (salt and parameters included).
Result<std::string> hashPassword(const std::string& password);

// True when `password` matches `encoded`. A malformed `encoded` never matches.
bool verifyPassword(const std::string& encoded, const std::string& password);

// Spends the same time as verifyPassword() against nothing: used for unknown logins so that
// timing does not tell which login names exist.
void burnPasswordCheck(const std::string& password);

}  // namespace sanso::auth
