// The front door's request handler: JSON API routes under /api/v1/, the built web UI for
// everything else, and the security headers every response carries.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sanso/http/server.h"

namespace sanso::http {

class Router : public Handler {
 public:
  using Route = std::function<Response(Request&)>;
  using Admission = std::function<std::pair<BodyPolicy, std::unique_ptr<Response>>(const Request&)>;

  // Serves the files under `web_root` (empty: no UI) for paths outside /api/.
  explicit Router(std::string web_root);

  // Adds an API route for METHOD and an exact path (e.g. "GET", "/api/v1/health"). `admit`
  // decides how the body is read; without it the route takes no body.
  void add(const std::string& method, const std::string& path, Route route,
           Admission admit = nullptr);

  // Every API route added, as {METHOD, path}, sorted (the web UI's files are not routes).
  std::vector<std::pair<std::string, std::string>> routes() const;

  std::pair<BodyPolicy, std::unique_ptr<Response>> admit(const Request& head) override;
  Response handle(Request& request) override;

 private:
  struct Entry {
    Route route;
    Admission admit;
  };
  const Entry* find(const Request& request) const;
  Response serveStatic(const Request& request) const;

  std::string web_root_;
  std::map<std::pair<std::string, std::string>, Entry> routes_;
};

// The file under `web_root` that URL path `path` names, or empty when the path is not a plain
// relative file path (no "..", no dot-files, no percent-escapes, no backslashes, bounded length).
// "/" and unknown paths without an extension map to index.html (the UI routes itself).
std::string staticFileFor(const std::string& web_root, const std::string& path);

}  // namespace sanso::http
