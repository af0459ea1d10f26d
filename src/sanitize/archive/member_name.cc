#include "archive/member_name.h"

#include <array>
#include <cwctype>

#include "archive/utf8_locale.h"
#include "text/charset.h"
#include "text/utf8.h"

namespace sanso::sanitize::archive {
namespace {

constexpr size_t kMaxNameBytes = 1024;
constexpr size_t kMaxSegmentBytes = 255;

Status unsafe(std::string_view name, const std::string& why) {
  return Status::blocked("archive-unsafe-name", why + ": " + std::string(name));
}

// Code points that change how a name displays or is parsed: C0/C1 controls, DEL, bidi marks,
// embeddings, overrides and isolates, zero-width and BOM characters.
bool isForbiddenCodePoint(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200B || cp == 0x200C ||
         cp == 0x200D || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061C || cp == 0xFEFF ||
         (cp >= 0xFFF9 && cp <= 0xFFFB);
}

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool isReservedDevice(std::string_view segment) {
  std::string base = lowerAscii(segment.substr(0, segment.find('.')));
  while (!base.empty() && base.back() == ' ') base.pop_back();
  static constexpr std::array<std::string_view, 4> kFixed = {"con", "prn", "aux", "nul"};
  for (auto fixed : kFixed) {
    if (base == fixed) return true;
  }
  if (base.size() == 4 && (base.starts_with("com") || base.starts_with("lpt")) &&
      base[3] >= '0' && base[3] <= '9') {
    return true;
  }
  return base == "conin$" || base == "conout$";
}

Status checkSegment(std::string_view name, std::string_view segment) {
  if (segment.empty()) return unsafe(name, "empty path segment");
  if (segment == "." || segment == "..") return unsafe(name, "path traversal");
  if (segment.size() > kMaxSegmentBytes) return unsafe(name, "path segment too long");
  if (segment.back() == '.' || segment.back() == ' ') {
    return unsafe(name, "segment ends in a dot or space");
  }
  if (isReservedDevice(segment)) return unsafe(name, "reserved device name");
  return Status::ok();
}

}  // namespace

std::optional<std::string> decodeName(std::string_view raw) {
  if (text::isValidUtf8(raw)) return std::string(raw);
  return text::toUtf8(asBytes(raw), text::Charset::kShiftJis);
}

Status checkName(std::string_view name) {
  if (name.empty()) return unsafe(name, "empty name");
  if (name.size() > kMaxNameBytes) return unsafe(name, "name too long");
  if (!text::isValidUtf8(name)) return unsafe(name, "invalid UTF-8");
  if (name.front() == '/') return unsafe(name, "absolute path");
  for (size_t pos = 0; pos < name.size();) {
    const text::Utf8Char c = text::decodeUtf8(name, pos);
    if (isForbiddenCodePoint(c.code_point)) return unsafe(name, "control or bidi character");
    switch (c.code_point) {
      case '\\': return unsafe(name, "backslash");
      case ':': return unsafe(name, "colon (drive letter or stream)");
      case '<': case '>': case '"': case '|': case '?': case '*':
        return unsafe(name, "character Windows refuses");
      default: break;
    }
    pos += c.length;
  }
  size_t start = 0;
  while (true) {
    const size_t end = name.find('/', start);
    const std::string_view segment =
        name.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    SANSO_RETURN_IF_ERROR(checkSegment(name, segment));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return Status::ok();
}

bool isExecutableName(std::string_view name) {
  static constexpr std::string_view kRunnable[] = {
      "exe", "scr", "com", "pif", "cpl", "dll", "sys", "drv", "ocx", "msi", "msp", "mst",
      "msc", "js", "jse", "vbs", "vbe", "wsf", "wsh", "wsc", "hta", "sct", "ps1", "psm1",
      "psd1", "ps1xml", "bat", "cmd", "reg", "inf", "lnk", "url", "scf", "iso", "img",
      "vhd", "vhdx", "one", "onepkg", "chm", "hlp", "jar", "appx", "appxbundle", "msix",
      "msixbundle", "application", "appref-ms", "gadget", "library-ms", "searchconnector-ms",
      "settingcontent-ms", "xll", "xbap", "mht", "mhtml", "desktop", "sh", "py", "pl"};
  const size_t slash = name.rfind('/');
  std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  const size_t dot = base.rfind('.');
  if (dot == std::string_view::npos) return false;
  const std::string ext = lowerAscii(base.substr(dot + 1));
  for (auto runnable : kRunnable) {
    if (ext == runnable) return true;
  }
  return false;
}

std::string collisionKey(std::string_view name) {
  std::string key;
  key.reserve(name.size());
  for (size_t pos = 0; pos < name.size();) {
    const text::Utf8Char c = text::decodeUtf8(name, pos);
    if (c.length == 0) {
      key.push_back(name[pos++]);
      continue;
    }
    char32_t cp = c.code_point;
    if (cp >= 'A' && cp <= 'Z') {
      cp += 'a' - 'A';
    } else if (cp >= 0xFF21 && cp <= 0xFF3A) {  // full-width A-Z
      cp += 0x20;
    } else if (cp > 0x7F && cp <= 0xFFFF && utf8Locale() != static_cast<locale_t>(0)) {
      cp = static_cast<char32_t>(towlower_l(static_cast<wint_t>(cp), utf8Locale()));
    }
    text::appendUtf8(cp, key);
    pos += c.length;
  }
  return key;
}

}  // namespace sanso::sanitize::archive
