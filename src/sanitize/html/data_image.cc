#include "html/data_image.h"

#include <cctype>
#include <cstring>

#include "media/media.h"

namespace sanso::sanitize::html {
namespace {

int base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Base64 with percent escapes and whitespace ignored (as browsers read data: URLs); nullopt on
// any other character.
std::optional<std::string> decodeBase64(std::string_view in) {
  std::string out;
  out.reserve(in.size() / 4 * 3);
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%' && i + 2 < in.size() && hexValue(in[i + 1]) >= 0 && hexValue(in[i + 2]) >= 0) {
      c = static_cast<char>(hexValue(in[i + 1]) * 16 + hexValue(in[i + 2]));
      i += 2;
    }
    if (c == '=') break;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') continue;
    const int v = base64Value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

std::string encodeBase64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(in[i]) << 16) |
                       (static_cast<uint8_t>(in[i + 1]) << 8) | static_cast<uint8_t>(in[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < in.size()) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<uint8_t>(in[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

FileType sniffImage(std::string_view bytes) {
  if (bytes.starts_with("\x89PNG\r\n\x1A\n")) return FileType::kPng;
  if (bytes.starts_with("\xFF\xD8\xFF")) return FileType::kJpeg;
  if (bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a")) return FileType::kGif;
  return FileType::kUnknown;
}

}  // namespace

Result<std::string> reencodeDataImage(std::string_view url, Budget& budget,
                                      const std::string& where) {
  const size_t comma = url.find(',');
  if (comma == std::string_view::npos || url.size() < 5) {
    return Status::blocked("unsupported-data-url", "data: URL without data");
  }
  std::string header(url.substr(5, comma - 5));
  for (char& c : header) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool image = header.starts_with("image/png") || header.starts_with("image/jpeg") ||
                     header.starts_with("image/jpg") || header.starts_with("image/gif");
  if (!image || !header.ends_with(";base64")) {
    return Status::blocked("unsupported-data-url", "data: URL is not a base64 PNG/JPEG/GIF");
  }
  SANSO_RETURN_IF_ERROR(budget.chargeExpanded(url.size() - comma, where));
  auto bytes = decodeBase64(url.substr(comma + 1));
  if (!bytes) return Status::blocked("unsupported-data-url", "data: URL is not valid base64");
  const FileType type = sniffImage(*bytes);
  if (type == FileType::kUnknown) {
    return Status::blocked("unsupported-data-url", "data: URL bytes are not PNG/JPEG/GIF");
  }
  SANSO_ASSIGN_OR_RETURN(image::Encoded encoded,
                         media::reencode(asBytes(*bytes), type, budget, where));
  const char* mime = encoded.type == FileType::kJpeg ? "image/jpeg" : "image/png";
  return std::string("data:") + mime + ";base64," + encodeBase64(encoded.bytes);
}

}  // namespace sanso::sanitize::html
