#include "download_name.h"

#include <vector>

namespace sanso::icap {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowerCase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string percentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hexValue(s[i + 1]);
      int lo = hexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

bool validUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t length = 1;
    if (c >= 0xc2 && c <= 0xdf) {
      length = 2;
    } else if ((c & 0xf0) == 0xe0) {
      length = 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      length = 4;
    } else if (c >= 0x80) {
      return false;
    }
    if (length > s.size() - i) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// The last path component of `name`, without control bytes; empty when nothing is left.
std::string cleanName(std::string name) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name.erase(0, slash + 1);
  std::string out;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) continue;
    out += c;
  }
  if (out.size() > 200 || !validUtf8(out) || out == "." || out == "..") return {};
  return std::string(trim(out));
}

// The parameters of a header value "type; a=b; c=\"d\"" (names lower case).
std::vector<std::pair<std::string, std::string>> parameters(std::string_view value,
                                                            std::string* type) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t semi = value.find(';');
  if (type != nullptr) *type = lowerCase(trim(value.substr(0, semi)));
  if (semi == std::string_view::npos) return out;
  size_t i = semi + 1;
  while (i < value.size() && out.size() < 32) {
    size_t eq = value.find('=', i);
    if (eq == std::string_view::npos) break;
    std::string name = lowerCase(trim(value.substr(i, eq - i)));
    std::string param;
    size_t j = eq + 1;
    while (j < value.size() && value[j] == ' ') ++j;
    if (j < value.size() && value[j] == '"') {
      for (++j; j < value.size() && value[j] != '"'; ++j) {
        if (value[j] == '\\' && j + 1 < value.size()) ++j;
        param += value[j];
      }
      size_t next = value.find(';', j);
      i = next == std::string_view::npos ? value.size() : next + 1;
    } else {
      size_t next = value.find(';', j);
      param = std::string(
          trim(value.substr(j, next == std::string_view::npos ? value.npos : next - j)));
      i = next == std::string_view::npos ? value.size() : next + 1;
    }
    out.emplace_back(std::move(name), std::move(param));
  }
  return out;
}

// The request target of "GET target HTTP/1.1".
std::string_view requestTarget(const HttpHead& request) {
  std::string_view line = request.start_line;
  size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return {};
  size_t sp2 = line.find(' ', sp1 + 1);
  return line.substr(sp1 + 1, sp2 == std::string_view::npos ? line.npos : sp2 - sp1 - 1);
}

}  // namespace

std::string downloadName(const std::optional<HttpHead>& request, const HttpHead& response) {
  if (const std::string* cd = findHeader(response.headers, "Content-Disposition")) {
    std::string plain;
    for (const auto& [name, value] : parameters(*cd, nullptr)) {
      if (name == "filename*") {
        size_t quote = value.find('\'');
        size_t quote2 = quote == std::string::npos ? quote : value.find('\'', quote + 1);
        if (quote2 != std::string::npos && lowerCase(value.substr(0, quote)) == "utf-8") {
          std::string decoded = cleanName(percentDecode(value.substr(quote2 + 1)));
          if (!decoded.empty()) return decoded;
        }
      } else if (name == "filename" && plain.empty()) {
        plain = cleanName(value);
      }
    }
    if (!plain.empty()) return plain;
  }
  if (request) {
    std::string_view target = requestTarget(*request);
    target = target.substr(0, target.find_first_of("?#"));
    if (size_t scheme = target.find("://"); scheme != std::string_view::npos) {
      size_t path = target.find('/', scheme + 3);
      target = path == std::string_view::npos ? std::string_view() : target.substr(path);
    }
    std::string name = cleanName(percentDecode(target.substr(target.find_last_of('/') + 1)));
    if (!name.empty()) return name;
  }
  return "download";
}

bool isAttachment(const HttpHead& response) {
  const std::string* cd = findHeader(response.headers, "Content-Disposition");
  if (cd == nullptr) return false;
  std::string type;
  parameters(*cd, &type);
  return type != "inline";  // RFC 6266: unknown types are treated as attachment
}

std::string requestHost(const std::optional<HttpHead>& request) {
  if (!request) return "unknown";
  std::string_view host;
  if (const std::string* h = findHeader(request->headers, "Host")) {
    host = *h;
  } else {
    std::string_view target = requestTarget(*request);
    size_t scheme = target.find("://");
    if (scheme != std::string_view::npos) {
      target.remove_prefix(scheme + 3);
      host = target.substr(0, target.find('/'));
    }
  }
  std::string out;
  for (char c : host.substr(0, 255)) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_';
    if (!ok) return "invalid";
    out += lower(c);
  }
  return out.empty() ? "unknown" : out;
}

std::string withExtension(const std::string& name, std::string_view extension) {
  size_t dot = name.find_last_of('.');
  std::string stem = (dot == std::string::npos || dot == 0) ? name : name.substr(0, dot);
  if (dot != std::string::npos && dot != 0 && lowerCase(name.substr(dot + 1)) == extension) {
    return name;
  }
  return stem + "." + std::string(extension);
}

std::string contentDisposition(std::string_view disposition, const std::string& name) {
  std::string ascii;
  std::string encoded;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    bool plain = u >= 0x20 && u < 0x7f && c != '"' && c != '\\' && c != '%' && c != ';';
    ascii += plain ? c : '_';
    bool attr = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
    if (attr) {
      encoded += c;
    } else {
      encoded += '%';
      encoded += kHex[u >> 4];
      encoded += kHex[u & 15];
    }
  }
  return std::string(disposition) + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

std::string mediaType(std::string_view content_type) {
  return lowerCase(trim(content_type.substr(0, content_type.find(';'))));
}

}  // namespace sanso::icap
