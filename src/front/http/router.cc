#include "sanso/http/router.h"

#include <filesystem>

namespace sanso::http {
namespace {

constexpr size_t kMaxStaticPath = 256;

void addSecurityHeaders(Response& response, bool api) {
  auto set = [&](const char* name, const char* value) {
    for (const auto& header : response.headers) {
      if (header.first == name) return;
    }
    response.headers.emplace_back(name, value);
  };
  set("X-Content-Type-Options", "nosniff");
  set("X-Frame-Options", "DENY");
  set("Referrer-Policy", "no-referrer");
  set("Content-Security-Policy",
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
      "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  set("Cache-Control", api ? "no-store" : "no-cache");
}

std::string contentTypeFor(const std::string& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"}};
  auto it = kTypes.find(std::filesystem::path(file).extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool isPlainSegmentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

}  // namespace

std::string staticFileFor(const std::string& web_root, const std::string& path) {
  if (web_root.empty() || path.empty() || path.front() != '/' || path.size() > kMaxStaticPath) {
    return {};
  }
  std::string relative;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string segment = path.substr(start, end - start);
    if (!segment.empty()) {
      if (segment.front() == '.') return {};  // "..", ".env", ".git"
      for (char c : segment) {
        if (!isPlainSegmentChar(c)) return {};
      }
      if (!relative.empty()) relative += '/';
      relative += segment;
    }
    start = end + 1;
  }
  if (relative.empty() || std::filesystem::path(relative).extension().empty()) {
    relative = "index.html";
  }
  std::filesystem::path file = std::filesystem::path(web_root) / relative;
  std::error_code ec;
  // Regular files only, and not through a symbolic link that leaves the web root.
  auto status = std::filesystem::symlink_status(file, ec);
  if (ec || !std::filesystem::is_regular_file(status)) return {};
  return file.string();
}

Router::Router(std::string web_root) : web_root_(std::move(web_root)) {}

void Router::add(const std::string& method, const std::string& path, Route route, Admission admit) {
  routes_[{method, path}] = Entry{std::move(route), std::move(admit)};
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, unused] : routes_) out.push_back(key);
  return out;
}

const Router::Entry* Router::find(const Request& request) const {
  auto it = routes_.find({request.method, request.path});
  return it == routes_.end() ? nullptr : &it->second;
}

std::pair<BodyPolicy, std::unique_ptr<Response>> Router::admit(const Request& head) {
  const Entry* entry = find(head);
  if (entry == nullptr || !entry->admit) return {BodyPolicy{}, nullptr};
  return entry->admit(head);
}

Response Router::handle(Request& request) {
  const bool api = request.path.starts_with("/api/");
  Response response;
  if (const Entry* entry = find(request)) {
    response = entry->route(request);
  } else if (api) {
    bool path_known = false;
    for (const auto& [key, unused] : routes_) path_known = path_known || key.second == request.path;
    response = path_known ? Response::json(405, "{\"error\":\"method-not-allowed\"}")
                          : Response::json(404, "{\"error\":\"not-found\"}");
  } else {
    response = serveStatic(request);
  }
  addSecurityHeaders(response, api);
  return response;
}

Response Router::serveStatic(const Request& request) const {
  if (request.method != "GET") {
    return Response::text(405, "method not allowed");
  }
  std::string file = staticFileFor(web_root_, request.path);
  if (file.empty()) return Response::text(404, "not found");
  Response response;
  response.file = file;
  response.headers.emplace_back("Content-Type", contentTypeFor(file));
  return response;
}

}  // namespace sanso::http
