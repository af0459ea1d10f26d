#include "html/defang.h"

#include <cctype>

namespace sanso::sanitize::html {
namespace {

constexpr size_t kMaxDefanged = 512;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Writes a host (or mail address) with its dots and at signs bracketed.
void appendHost(std::string& out, std::string_view host) {
  for (char c : host) {
    if (c == '.') {
      out += "[.]";
    } else if (c == '@') {
      out += "[@]";
    } else {
      out.push_back(c);
    }
  }
}

}  // namespace

std::string defangUrl(std::string_view url) {
  std::string clean;
  clean.reserve(url.size());
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) continue;
    clean.push_back(c);
  }
  std::string out;
  std::string_view rest = clean;
  const size_t colon = rest.find(':');
  const size_t slash = rest.find_first_of("/?#");
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash)) {
    const std::string scheme = lower(rest.substr(0, colon));
    if (scheme == "http") {
      out = "hxxp:";
    } else if (scheme == "https") {
      out = "hxxps:";
    } else if (scheme == "ftp") {
      out = "fxp:";
    } else {
      out = std::string(rest.substr(0, colon)) + "[:]";
    }
    rest.remove_prefix(colon + 1);
  }
  // The authority (or, without "//", everything up to the path) holds the host.
  size_t host_start = 0;
  if (rest.starts_with("//")) {
    out += "//";
    host_start = 2;
  }
  const size_t host_end = rest.find_first_of("/?#", host_start);
  appendHost(out, rest.substr(host_start, host_end == std::string_view::npos
                                              ? std::string_view::npos
                                              : host_end - host_start));
  if (host_end != std::string_view::npos) out.append(rest.substr(host_end));
  if (out.size() > kMaxDefanged) {
    size_t cut = kMaxDefanged;
    // Never cut a UTF-8 sequence in half.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += "...";
  }
  return out;
}

}  // namespace sanso::sanitize::html
