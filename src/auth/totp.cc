#include "sanso/auth/totp.h"

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include <memory>
#include <mutex>

namespace sanso::auth {
namespace {

constexpr unsigned kStepSeconds = 30;
constexpr unsigned kDigits = 6;
constexpr size_t kWindow = 1;

void oathReady() {
  static std::once_flag once;
  std::call_once(once, [] { oath_init(); });
}

std::string percentEncode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.' || c == '~';
    if (plain) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

}  // namespace

std::vector<uint8_t> newTotpSecret() {
  std::vector<uint8_t> secret(kTotpSecretBytes);
  randombytes_buf(secret.data(), secret.size());
  return secret;
}

std::string base32(const std::vector<uint8_t>& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (uint8_t byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

std::string otpauthUri(const std::string& issuer, const std::string& login,
                       const std::vector<uint8_t>& secret) {
  std::string label = percentEncode(issuer) + ":" + percentEncode(login);
  return "otpauth://totp/" + label + "?secret=" + base32(secret) +
         "&issuer=" + percentEncode(issuer) + "&algorithm=SHA1&digits=6&period=30";
}

Result<std::string> qrCodeSvg(const std::string& text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) return Status::internal("QR encoding failed");
  constexpr int kQuiet = 4;
  const int size = code->width + 2 * kQuiet;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(size) + " " + std::to_string(size) +
                    "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
                    "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width; ++x) {
      if (code->data[y * code->width + x] & 1) {
        svg += "M" + std::to_string(x + kQuiet) + "," + std::to_string(y + kQuiet) + "h1v1h-1z";
      }
    }
  }
  svg += "\"/></svg>";
  return svg;
}

Result<int64_t> verifyTotp(const std::vector<uint8_t>& secret, const std::string& code, time_t now,
                           int64_t last_used_step) {
  if (code.size() != kDigits || code.find_first_not_of("0123456789") != std::string::npos) {
    return Status::invalidArgument("the code must be 6 digits");
  }
  oathReady();
  int position = 0;
  int rc = oath_totp_validate2(reinterpret_cast<const char*>(secret.data()), secret.size(), now,
                               kStepSeconds, 0, kWindow, &position, code.c_str());
  if (rc < 0) return Status::denied("totp-wrong", "wrong code");
  const int64_t step = static_cast<int64_t>(now / kStepSeconds) + position;
  if (step <= last_used_step) return Status::denied("totp-replayed", "code already used");
  return step;
}

std::string totpCode(const std::vector<uint8_t>& secret, time_t now) {
  oathReady();
  char output[kDigits + 1] = {};
  oath_totp_generate(reinterpret_cast<const char*>(secret.data()), secret.size(), now, kStepSeconds,
                     0, kDigits, output);
  return output;
}

}  // namespace sanso::auth
