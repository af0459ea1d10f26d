#include "link_policy.h"

#include <algorithm>
#include <iterator>
#include <string>

namespace sanso::sanitize {
namespace {

// Extensions that Windows runs, installs, mounts or hands to a script host when opened.
// clang-format off
constexpr std::string_view kLaunchExtensions[] = {
    "exe", "scr", "bat", "cmd", "com", "pif", "vbs", "vbe", "js", "jse", "wsf", "wsh", "ws",
    "wsc", "hta", "msi", "msp", "mst", "ps1", "psm1", "psd1", "ps1xml", "ps2", "lnk", "url",
    "website", "jar", "jnlp", "dll", "ocx", "cpl", "sys", "drv", "reg", "inf", "scf", "sct",
    "shb", "shs", "msc", "chm", "hlp", "gadget", "application", "appref-ms", "appx", "appxbundle",
    "msix", "msixbundle", "iso", "img", "vhd", "vhdx", "cab", "diagcab", "library-ms",
    "search-ms", "searchconnector-ms", "settingcontent-ms", "xbap", "xll", "vb"};
// clang-format on

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

// Drops surrounding spaces and every control character, as URL parsers and shells do.
std::string clean(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) continue;
    out.push_back(c);
  }
  size_t begin = out.find_first_not_of(' ');
  if (begin == std::string::npos) return {};
  size_t end = out.find_last_not_of(' ');
  return out.substr(begin, end - begin + 1);
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hexValue(s[i + 1]);
      int lo = hexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

bool validScheme(std::string_view scheme) {
  if (scheme.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(scheme.front())) return false;
  return std::all_of(scheme.begin(), scheme.end(), [&](char c) {
    return alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
  });
}

bool launchingPath(std::string_view path) {
  std::string segment(path.substr(path.find_last_of('/') + 1));
  segment = segment.substr(0, segment.find(';'));
  // Windows ignores trailing dots and spaces: "evil.exe. " opens evil.exe.
  while (!segment.empty() && (segment.back() == '.' || segment.back() == ' ')) segment.pop_back();
  size_t dot = segment.find_last_of('.');
  if (dot == std::string::npos) return false;
  std::string ext = lower(std::string_view(segment).substr(dot + 1));
  return std::find(std::begin(kLaunchExtensions), std::end(kLaunchExtensions), ext) !=
         std::end(kLaunchExtensions);
}

bool browsesWeb(std::string_view rest) {
  // Special schemes treat any run of slashes or backslashes before the host alike.
  size_t host_begin = rest.find_first_not_of("/\\");
  if (host_begin == std::string_view::npos) return false;
  rest.remove_prefix(host_begin);
  size_t authority_end = rest.find_first_of("/\\?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view host = authority.substr(authority.find_last_of('@') + 1);
  if (host.empty()) return false;
  if (authority_end == std::string_view::npos) return true;
  std::string path(rest.substr(authority_end));
  path = path.substr(0, path.find_first_of("?#"));
  std::replace(path.begin(), path.end(), '\\', '/');
  return !launchingPath(path);
}

// The browse rules on one (already cleaned) form of the target.
bool browses(std::string_view url) {
  size_t colon = url.find(':');
  if (colon == std::string_view::npos || !validScheme(url.substr(0, colon))) return false;
  std::string scheme = lower(url.substr(0, colon));
  std::string_view rest = url.substr(colon + 1);
  if (scheme == "http" || scheme == "https") return browsesWeb(rest);
  // Some mail clients honour attach=/attachment= and would send a local file.
  if (scheme == "mailto") return lower(rest).find("attach") == std::string::npos;
  return false;
}

}  // namespace

LinkVerdict classifyLink(std::string_view target) {
  std::string form = clean(target);
  // Percent-decoding can reveal a hidden extension or scheme: every decoding round must browse.
  // A target still changing after several rounds is an evasion attempt.
  for (int round = 0; round < 4; ++round) {
    if (!browses(form)) return LinkVerdict::kLaunch;
    std::string decoded = clean(percentDecode(form));
    if (decoded == form) return LinkVerdict::kBrowse;
    form = std::move(decoded);
  }
  return LinkVerdict::kLaunch;
}

}  // namespace sanso::sanitize
