#include "sanso/icap/config.h"

#include <toml++/toml.h>

#include <filesystem>

#include "sanso/http/serve_config.h"

namespace sanso::icap {
namespace {

class TableReader {
 public:
  TableReader(std::string path, const toml::table& table) : path_(std::move(path)), table_(table) {}

  Status error(const toml::node& node, const std::string& reason) const {
    const auto& where = node.source().begin;
    return Status::invalidArgument(path_ + ":" + std::to_string(where.line) + ":" +
                                   std::to_string(where.column) + ": " + reason);
  }

  Status onlyKeys(std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, value] : table_) {
      bool known = false;
      for (std::string_view name : allowed) known = known || key.str() == name;
      if (!known) return error(value, "unknown key '" + std::string(key.str()) + "'");
    }
    return Status::ok();
  }

  Status string(std::string_view key, std::string& out) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return Status::ok();
    if (!node->is_string()) return error(*node, std::string(key) + " must be a string");
    out = node->as_string()->get();
    return Status::ok();
  }

  Status path(std::string_view key, std::string& out) const {
    SANSO_RETURN_IF_ERROR(string(key, out));
    if (out.empty()) return Status::ok();
    std::filesystem::path p(out);
    if (p.is_relative()) p = std::filesystem::path(path_).parent_path() / p;
    out = p.lexically_normal().string();
    return Status::ok();
  }

  Status integer(std::string_view key, uint64_t& out, int64_t min, int64_t max) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return Status::ok();
    if (!node->is_integer()) return error(*node, std::string(key) + " must be an integer");
    int64_t value = node->as_integer()->get();
    if (value < min || value > max) {
      return error(*node, std::string(key) + " must be between " + std::to_string(min) + " and " +
                              std::to_string(max));
    }
    out = static_cast<uint64_t>(value);
    return Status::ok();
  }

  Status strings(std::string_view key, std::vector<std::string>& out) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return Status::ok();
    if (!node->is_array()) return error(*node, std::string(key) + " must be an array of strings");
    out.clear();
    for (const toml::node& item : *node->as_array()) {
      if (!item.is_string()) return error(item, std::string(key) + " must hold strings");
      out.push_back(item.as_string()->get());
    }
    return Status::ok();
  }

 private:
  std::string path_;
  const toml::table& table_;
};

}  // namespace

Result<IcapConfig> loadConfig(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return Status::invalidArgument(path + ":" + std::to_string(where.line) + ":" +
                                   std::to_string(where.column) + ": " +
                                   std::string(e.description()));
  }
  IcapConfig config;
  TableReader top(path, root);
  SANSO_RETURN_IF_ERROR(top.onlyKeys({"data_dir", "policy", "icap", "scan"}));
  SANSO_RETURN_IF_ERROR(top.path("data_dir", config.data_dir));
  SANSO_RETURN_IF_ERROR(top.path("policy", config.policy_file));
  if (config.data_dir.empty()) return Status::invalidArgument(path + ": data_dir is required");
  if (const toml::node* node = root.get("icap")) {
    if (!node->is_table()) return top.error(*node, "[icap] must be a table");
    TableReader icap(path, *node->as_table());
    SANSO_RETURN_IF_ERROR(
        icap.onlyKeys({"listen", "from_zone", "to_zone", "max_connections", "timeout_seconds",
                       "max_body_mb", "pass_types", "pass_media_types"}));
    std::string listen;
    SANSO_RETURN_IF_ERROR(icap.string("listen", listen));
    if (!listen.empty()) {
      auto address = http::parseListenAddress(listen);
      if (!address.isOk())
        return icap.error(*node->as_table()->get("listen"), address.status().message());
      config.host = address->first;
      config.port = address->second;
    }
    SANSO_RETURN_IF_ERROR(icap.string("from_zone", config.from_zone));
    SANSO_RETURN_IF_ERROR(icap.string("to_zone", config.to_zone));
    SANSO_RETURN_IF_ERROR(icap.integer("max_connections", config.max_connections, 1, 4096));
    SANSO_RETURN_IF_ERROR(icap.integer("timeout_seconds", config.timeout_seconds, 1, 3600));
    uint64_t max_body_mb = config.limits.max_body_bytes >> 20;
    SANSO_RETURN_IF_ERROR(icap.integer("max_body_mb", max_body_mb, 1, 4096));
    config.limits.max_body_bytes = max_body_mb << 20;
    SANSO_RETURN_IF_ERROR(icap.strings("pass_types", config.pass_types));
    SANSO_RETURN_IF_ERROR(icap.strings("pass_media_types", config.pass_media_types));
  }
  if (const toml::node* node = root.get("scan")) {
    if (!node->is_table()) return top.error(*node, "[scan] must be a table");
    TableReader scan(path, *node->as_table());
    SANSO_RETURN_IF_ERROR(scan.onlyKeys({"clamd_socket", "yara_rules"}));
    SANSO_RETURN_IF_ERROR(scan.path("clamd_socket", config.clamd_socket));
    SANSO_RETURN_IF_ERROR(scan.path("yara_rules", config.yara_rules));
  }
  return config;
}

}  // namespace sanso::icap
