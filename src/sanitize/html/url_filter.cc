#include "html/url_filter.h"

#include <cctype>

namespace sanso::sanitize::html {
namespace {

bool isSchemeStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool isSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

}  // namespace

CleanUrl cleanUrl(std::string_view value) {
  size_t begin = 0;
  size_t end = value.size();
  while (begin < end && static_cast<unsigned char>(value[begin]) <= 0x20) ++begin;
  while (end > begin && static_cast<unsigned char>(value[end - 1]) <= 0x20) --end;
  CleanUrl out;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (size_t i = begin; i < end; ++i) {
    const auto u = static_cast<unsigned char>(value[i]);
    if (u == '\t' || u == '\n' || u == '\r') continue;
    if (u <= 0x20 || u == 0x7F || u == '"' || u == '<' || u == '>' || u == '`' || u == '\\') {
      out.url += '%';
      out.url += kHex[u >> 4];
      out.url += kHex[u & 0xF];
      continue;
    }
    out.url.push_back(static_cast<char>(u));
  }
  if (out.url.empty()) return out;
  if (out.url.front() == '#') {
    out.kind = UrlKind::kFragment;
    return out;
  }
  size_t i = 0;
  if (isSchemeStart(out.url[0])) {
    while (i < out.url.size() && isSchemeChar(out.url[i])) ++i;
  }
  if (i == 0 || i >= out.url.size() || out.url[i] != ':') {
    out.kind = UrlKind::kRelative;
    return out;
  }
  for (size_t k = 0; k < i; ++k) {
    out.scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(out.url[k]))));
  }
  if (out.scheme == "http" || out.scheme == "https") {
    out.kind = UrlKind::kHttp;
  } else if (out.scheme == "mailto") {
    out.kind = UrlKind::kMailto;
  } else if (out.scheme == "data") {
    out.kind = UrlKind::kData;
  } else {
    out.kind = UrlKind::kOther;
  }
  return out;
}

}  // namespace sanso::sanitize::html
