// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) through liboath,
// with enrolment material (base32 secret, otpauth URI, QR code as SVG) and replay protection.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "sanso/common/status.h"

namespace sanso::auth {

inline constexpr size_t kTotpSecretBytes = 20;

// A fresh random secret.
std::vector<uint8_t> newTotpSecret();

// RFC 4648 base32 (no padding), as authenticator apps expect it.
std::string base32(const std::vector<uint8_t>& bytes);

// "otpauth://totp/ISSUER:LOGIN?secret=...&issuer=ISSUER&algorithm=SHA1&digits=6&period=30",
// with ISSUER and LOGIN percent-encoded.
std::string otpauthUri(const std::string& issuer, const std::string& login,
                       const std::vector<uint8_t>& secret);

// An SVG image of `text` as a QR code (error correction M), for the enrolment page.
Result<std::string> qrCodeSvg(const std::string& text);

// Checks `code` (exactly 6 ASCII digits) at `now`, accepting one step of clock drift either
// way. Returns the time step it matched; a step at or before `last_used_step` is refused, so a
// code cannot be used twice.
Result<int64_t> verifyTotp(const std::vector<uint8_t>& secret, const std::string& code, time_t now,
                           int64_t last_used_step);

// The code for `secret` at `now` (tests and the enrolment check).
std::string totpCode(const std::vector<uint8_t>& secret, time_t now);

}  // namespace sanso::auth
