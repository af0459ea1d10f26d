// docs/openapi.yaml documents exactly the API that `sanso serve` registers: every route the
// real binary lists (`sanso serve --list-routes`) has an operation in the file, every operation
// in the file is served, every $ref resolves, and state-changing operations declare the CSRF
// header with their session cookie.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/serve_process.h"
#include "support/test_util.h"

namespace sanso {
namespace {

using test::shellQuote;

const char* const kMethods[] = {"get",   "put",  "post",    "delete",
                                "patch", "head", "options", "trace"};

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

YAML::Node loadSpec() {
  return YAML::LoadFile(std::string(SANSO_SOURCE_DIR) + "/docs/openapi.yaml");
}

// "METHOD /path" of every route the server registers with the default pack.
std::set<std::string> servedRoutes() {
  test::TempDir dir;
  test::writeServeConfig(dir.file("sanso.toml"), test::defaultPackPath());
  int code = -1;
  std::string out = test::runCommand(shellQuote(SANSO_BINARY) + " serve --list-routes --config " +
                                         shellQuote(dir.file("sanso.toml")),
                                     &code);
  EXPECT_EQ(code, 0) << out;
  std::set<std::string> routes;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) routes.insert(line);
  }
  return routes;
}

// "METHOD /path" of every operation under `paths`.
std::set<std::string> documentedRoutes(const YAML::Node& spec) {
  std::set<std::string> routes;
  for (const auto& path : spec["paths"]) {
    for (const char* method : kMethods) {
      if (path.second[method]) routes.insert(upper(method) + " " + path.first.as<std::string>());
    }
  }
  return routes;
}

// The keys of a local reference: "#/components/schemas/X" -> components, schemas, X.
std::vector<std::string> refKeys(const std::string& ref) {
  std::vector<std::string> keys;
  size_t start = 2;
  while (start <= ref.size()) {
    size_t end = ref.find('/', start);
    if (end == std::string::npos) end = ref.size();
    std::string key = ref.substr(start, end - start);
    for (size_t at; (at = key.find("~1")) != std::string::npos;) key.replace(at, 2, "/");
    for (size_t at; (at = key.find("~0")) != std::string::npos;) key.replace(at, 2, "~");
    keys.push_back(key);
    start = end + 1;
  }
  return keys;
}

// True when `keys[i..]` lead from `node` to a defined node.
bool defines(const YAML::Node& node, const std::vector<std::string>& keys, size_t i = 0) {
  if (i == keys.size()) return true;
  if (!node.IsMap()) return false;
  const YAML::Node child = node[keys[i]];
  return child.IsDefined() && defines(child, keys, i + 1);
}

void collectRefs(const YAML::Node& node, std::set<std::string>& refs) {
  if (node.IsMap()) {
    for (const auto& entry : node) {
      if (entry.first.as<std::string>() == "$ref" && entry.second.IsScalar()) {
        refs.insert(entry.second.as<std::string>());
      } else {
        collectRefs(entry.second, refs);
      }
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) collectRefs(item, refs);
  }
}

TEST(OpenApi, DocumentsExactlyTheRoutesTheServerRegisters) {
  YAML::Node spec = loadSpec();
  ASSERT_TRUE(spec["openapi"]);
  EXPECT_EQ(spec["openapi"].as<std::string>().rfind("3.1.", 0), 0u);
  std::set<std::string> served = servedRoutes();
  ASSERT_GE(served.size(), 10u) << "sanso serve --list-routes listed too little";
  std::set<std::string> documented = documentedRoutes(spec);
  for (const std::string& route : served) {
    EXPECT_TRUE(documented.count(route)) << route << " is served but not in docs/openapi.yaml";
  }
  for (const std::string& route : documented) {
    EXPECT_TRUE(served.count(route)) << route << " is in docs/openapi.yaml but not served";
  }
}

TEST(OpenApi, ReferencesResolveAndOperationsDeclareResponsesAndCsrf) {
  const YAML::Node spec = loadSpec();
  std::set<std::string> refs;
  collectRefs(spec, refs);
  EXPECT_FALSE(refs.empty());
  for (const std::string& ref : refs) {
    ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref << ": only local references";
    EXPECT_TRUE(defines(spec, refKeys(ref))) << ref << " is not defined";
  }
  for (const auto& path : spec["paths"]) {
    for (const char* method : kMethods) {
      YAML::Node operation = path.second[method];
      if (!operation) continue;
      const std::string where = upper(method) + " " + path.first.as<std::string>();
      EXPECT_TRUE(operation["responses"] && operation["responses"]["200"]) << where;
      EXPECT_TRUE(operation["operationId"]) << where;
      if (std::string(method) == "get") continue;
      // A state-changing call states how it authenticates (the top-level default has no CSRF
      // header): each way includes the CSRF header, or the list is empty (public: login).
      ASSERT_TRUE(operation["security"]) << where << " inherits the cookie-only default";
      for (const auto& requirement : operation["security"]) {
        EXPECT_TRUE(requirement["csrfToken"]) << where << " accepts a session without CSRF";
      }
    }
  }
}

}  // namespace
}  // namespace sanso
