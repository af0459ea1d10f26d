#include "sanso/milter/milter_config.h"

#include "sanso/common/toml_reader.h"

namespace sanso::milter {
namespace {

// libmilter's own forms: "inet:PORT@HOST", "inet6:PORT@HOST", "unix:/path" (or "local:").
bool isSocketSpec(const std::string& spec) {
  for (std::string_view prefix : {"inet:", "inet6:", "unix:", "local:"}) {
    if (spec.rfind(prefix, 0) == 0 && spec.size() > prefix.size()) return true;
  }
  return false;
}

Status readMilter(const TomlReader& reader, const toml::table& root, MilterConfig& config) {
  const std::string& file = reader.file();
  const toml::node* node = root.get("milter");
  if (node == nullptr || !node->is_table()) {
    return Status::invalidArgument(file +
                                   ": a [milter] table with socket and direction is required");
  }
  const toml::table& t = *node->as_table();
  SANSO_RETURN_IF_ERROR(
      reader.onlyKeys(t,
                      {"socket", "direction", "from_zone", "to_zone", "subject_tag",
                       "max_message_bytes", "max_sanitize_seconds"},
                      "[milter]"));
  SANSO_RETURN_IF_ERROR(reader.string(t, "socket", config.socket));
  if (!isSocketSpec(config.socket)) {
    return Status::invalidArgument(
        file +
        ": [milter] socket must be \"inet:PORT@HOST\", \"inet6:PORT@HOST\" or \"unix:PATH\"");
  }
  std::string direction;
  SANSO_RETURN_IF_ERROR(reader.string(t, "direction", direction));
  if (direction == "inbound") {
    config.direction = Direction::kInbound;
  } else if (direction == "outbound") {
    config.direction = Direction::kOutbound;
  } else {
    return Status::invalidArgument(file +
                                   ": [milter] direction must be \"inbound\" or \"outbound\"");
  }
  const bool inbound = config.direction == Direction::kInbound;
  SANSO_RETURN_IF_ERROR(reader.string(t, "from_zone", config.from_zone));
  SANSO_RETURN_IF_ERROR(reader.string(t, "to_zone", config.to_zone));
  if (config.from_zone.empty()) config.from_zone = inbound ? "internet" : "lgwan";
  if (config.to_zone.empty()) config.to_zone = inbound ? "lgwan" : "internet";
  SANSO_RETURN_IF_ERROR(reader.string(t, "subject_tag", config.subject_tag));
  for (unsigned char c : config.subject_tag) {
    if (c < 0x20 || c == 0x7f) {
      return Status::invalidArgument(file + ": [milter] subject_tag has a control character");
    }
  }
  if (config.subject_tag.size() > 64) {
    return Status::invalidArgument(file + ": [milter] subject_tag is longer than 64 bytes");
  }
  SANSO_RETURN_IF_ERROR(
      reader.integer(t, "max_message_bytes", config.max_message_bytes, 1024, int64_t{1} << 32));
  int64_t seconds = config.max_sanitize_time.count();
  SANSO_RETURN_IF_ERROR(reader.integer(t, "max_sanitize_seconds", seconds, 1, 3600));
  config.max_sanitize_time = std::chrono::seconds(seconds);
  return Status::ok();
}

}  // namespace

const char* directionName(Direction direction) {
  return direction == Direction::kInbound ? "inbound" : "outbound";
}

Result<MilterConfig> loadMilterConfig(const std::string& path) {
  TomlReader reader(path);
  SANSO_ASSIGN_OR_RETURN(toml::table root, reader.parse());
  SANSO_RETURN_IF_ERROR(
      reader.onlyKeys(root, {"data_dir", "policy", "milter", "scan"}, "the file"));
  MilterConfig config;
  SANSO_RETURN_IF_ERROR(reader.path(root, "data_dir", config.data_dir));
  if (config.data_dir.empty()) return Status::invalidArgument(path + ": data_dir is required");
  SANSO_RETURN_IF_ERROR(reader.path(root, "policy", config.policy_file));
  SANSO_RETURN_IF_ERROR(readMilter(reader, root, config));
  SANSO_ASSIGN_OR_RETURN(const toml::table* scan, reader.table(root, "scan"));
  if (scan != nullptr) {
    SANSO_RETURN_IF_ERROR(reader.onlyKeys(*scan, {"clamd_socket", "yara_rules"}, "[scan]"));
    SANSO_RETURN_IF_ERROR(reader.path(*scan, "clamd_socket", config.clamd_socket));
    SANSO_RETURN_IF_ERROR(reader.path(*scan, "yara_rules", config.yara_rules));
  }
  return config;
}

}  // namespace sanso::milter
