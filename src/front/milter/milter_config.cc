#include "sanso/milter/milter_config.h"

#include <toml++/toml.h>

#include <filesystem>

#include "sanso/common/file_io.h"

namespace sanso::milter {
namespace {

constexpr uint64_t kMaxConfigBytes = 1 << 20;

Status errorAt(const std::string& file, const toml::node& node, const std::string& reason) {
  const auto& where = node.source().begin;
  return Status::invalidArgument(file + ":" + std::to_string(where.line) + ":" +
                                 std::to_string(where.column) + ": " + reason);
}

Status onlyKeys(const std::string& file, const toml::table& table,
                std::initializer_list<std::string_view> allowed, const std::string& context) {
  for (const auto& [key, value] : table) {
    bool known = false;
    for (std::string_view name : allowed) known = known || key.str() == name;
    if (!known)
      return errorAt(file, value, "unknown key '" + std::string(key.str()) + "' in " + context);
  }
  return Status::ok();
}

Result<std::string> readString(const std::string& file, const toml::table& table,
                               std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::string();
  if (!node->is_string()) return errorAt(file, *node, std::string(key) + " must be a string");
  return node->as_string()->get();
}

Result<std::string> readPath(const std::string& file, const toml::table& table,
                             std::string_view key) {
  SANSO_ASSIGN_OR_RETURN(std::string value, readString(file, table, key));
  if (value.empty()) return value;
  std::filesystem::path p(value);
  if (p.is_relative()) p = std::filesystem::path(file).parent_path() / p;
  return p.lexically_normal().string();
}

Status readInteger(const std::string& file, const toml::table& table, std::string_view key,
                   int64_t min, int64_t max, int64_t& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::ok();
  if (!node->is_integer()) return errorAt(file, *node, std::string(key) + " must be an integer");
  int64_t value = node->as_integer()->get();
  if (value < min || value > max) {
    return errorAt(file, *node,
                   std::string(key) + " must be between " + std::to_string(min) + " and " +
                       std::to_string(max));
  }
  out = value;
  return Status::ok();
}

// libmilter's own forms: "inet:PORT@HOST", "inet6:PORT@HOST", "unix:/path" (or "local:").
bool isSocketSpec(const std::string& spec) {
  for (std::string_view prefix : {"inet:", "inet6:", "unix:", "local:"}) {
    if (spec.rfind(prefix, 0) == 0 && spec.size() > prefix.size()) return true;
  }
  return false;
}

Status readMilter(const std::string& file, const toml::table& root, MilterConfig& config) {
  const toml::node* node = root.get("milter");
  if (node == nullptr || !node->is_table()) {
    return Status::invalidArgument(file +
                                   ": a [milter] table with socket and direction is required");
  }
  const toml::table& t = *node->as_table();
  SANSO_RETURN_IF_ERROR(onlyKeys(file, t,
                                 {"socket", "direction", "from_zone", "to_zone", "subject_tag",
                                  "max_message_bytes", "max_sanitize_seconds"},
                                 "[milter]"));
  SANSO_ASSIGN_OR_RETURN(config.socket, readString(file, t, "socket"));
  if (!isSocketSpec(config.socket)) {
    return Status::invalidArgument(
        file +
        ": [milter] socket must be \"inet:PORT@HOST\", \"inet6:PORT@HOST\" or \"unix:PATH\"");
  }
  SANSO_ASSIGN_OR_RETURN(std::string direction, readString(file, t, "direction"));
  if (direction == "inbound") {
    config.direction = Direction::kInbound;
  } else if (direction == "outbound") {
    config.direction = Direction::kOutbound;
  } else {
    return Status::invalidArgument(file +
                                   ": [milter] direction must be \"inbound\" or \"outbound\"");
  }
  const bool inbound = config.direction == Direction::kInbound;
  SANSO_ASSIGN_OR_RETURN(config.from_zone, readString(file, t, "from_zone"));
  SANSO_ASSIGN_OR_RETURN(config.to_zone, readString(file, t, "to_zone"));
  if (config.from_zone.empty()) config.from_zone = inbound ? "internet" : "lgwan";
  if (config.to_zone.empty()) config.to_zone = inbound ? "lgwan" : "internet";
  SANSO_ASSIGN_OR_RETURN(config.subject_tag, readString(file, t, "subject_tag"));
  for (unsigned char c : config.subject_tag) {
    if (c < 0x20 || c == 0x7f) {
      return Status::invalidArgument(file + ": [milter] subject_tag has a control character");
    }
  }
  if (config.subject_tag.size() > 64) {
    return Status::invalidArgument(file + ": [milter] subject_tag is longer than 64 bytes");
  }
  int64_t max_bytes = static_cast<int64_t>(config.max_message_bytes);
  SANSO_RETURN_IF_ERROR(
      readInteger(file, t, "max_message_bytes", 1024, int64_t{1} << 32, max_bytes));
  config.max_message_bytes = static_cast<uint64_t>(max_bytes);
  int64_t seconds = config.max_sanitize_time.count();
  SANSO_RETURN_IF_ERROR(readInteger(file, t, "max_sanitize_seconds", 1, 3600, seconds));
  config.max_sanitize_time = std::chrono::seconds(seconds);
  return Status::ok();
}

}  // namespace

const char* directionName(Direction direction) {
  return direction == Direction::kInbound ? "inbound" : "outbound";
}

Result<MilterConfig> loadMilterConfig(const std::string& path) {
  SANSO_ASSIGN_OR_RETURN(std::string text, readFile(path, kMaxConfigBytes));
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return Status::invalidArgument(path + ":" + std::to_string(where.line) + ":" +
                                   std::to_string(where.column) + ": " +
                                   std::string(e.description()));
  }
  SANSO_RETURN_IF_ERROR(onlyKeys(path, root, {"data_dir", "policy", "milter", "scan"}, "the file"));
  MilterConfig config;
  SANSO_ASSIGN_OR_RETURN(config.data_dir, readPath(path, root, "data_dir"));
  if (config.data_dir.empty()) return Status::invalidArgument(path + ": data_dir is required");
  SANSO_ASSIGN_OR_RETURN(config.policy_file, readPath(path, root, "policy"));
  SANSO_RETURN_IF_ERROR(readMilter(path, root, config));
  if (const toml::node* node = root.get("scan")) {
    if (!node->is_table()) return errorAt(path, *node, "[scan] must be a table");
    const toml::table& t = *node->as_table();
    SANSO_RETURN_IF_ERROR(onlyKeys(path, t, {"clamd_socket", "yara_rules"}, "[scan]"));
    SANSO_ASSIGN_OR_RETURN(config.clamd_socket, readPath(path, t, "clamd_socket"));
    SANSO_ASSIGN_OR_RETURN(config.yara_rules, readPath(path, t, "yara_rules"));
  }
  return config;
}

}  // namespace sanso::milter
