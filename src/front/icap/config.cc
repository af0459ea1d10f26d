#include "sanso/icap/config.h"

#include "sanso/common/toml_reader.h"
#include "sanso/http/serve_config.h"

namespace sanso::icap {

Result<IcapConfig> loadConfig(const std::string& path) {
  TomlReader reader(path);
  SANSO_ASSIGN_OR_RETURN(toml::table root, reader.parse());
  IcapConfig config;
  SANSO_RETURN_IF_ERROR(reader.onlyKeys(root, {"data_dir", "policy", "icap", "scan"}));
  SANSO_RETURN_IF_ERROR(reader.path(root, "data_dir", config.data_dir));
  SANSO_RETURN_IF_ERROR(reader.path(root, "policy", config.policy_file));
  if (config.data_dir.empty()) return Status::invalidArgument(path + ": data_dir is required");
  SANSO_ASSIGN_OR_RETURN(const toml::table* icap, reader.table(root, "icap"));
  if (icap != nullptr) {
    SANSO_RETURN_IF_ERROR(reader.onlyKeys(
        *icap, {"listen", "from_zone", "to_zone", "max_connections", "timeout_seconds",
                "early_response_ms", "max_body_mb", "pass_types", "pass_media_types"}));
    std::string listen;
    SANSO_RETURN_IF_ERROR(reader.string(*icap, "listen", listen));
    if (!listen.empty()) {
      auto address = http::parseListenAddress(listen);
      if (!address.isOk()) return reader.error(*icap->get("listen"), address.status().message());
      config.host = address->first;
      config.port = address->second;
    }
    SANSO_RETURN_IF_ERROR(reader.string(*icap, "from_zone", config.from_zone));
    SANSO_RETURN_IF_ERROR(reader.string(*icap, "to_zone", config.to_zone));
    SANSO_RETURN_IF_ERROR(
        reader.integer(*icap, "max_connections", config.max_connections, 1, 4096));
    SANSO_RETURN_IF_ERROR(
        reader.integer(*icap, "timeout_seconds", config.timeout_seconds, 1, 3600));
    SANSO_RETURN_IF_ERROR(
        reader.integer(*icap, "early_response_ms", config.early_response_ms, 0, 60000));
    uint64_t max_body_mb = config.limits.max_body_bytes >> 20;
    SANSO_RETURN_IF_ERROR(reader.integer(*icap, "max_body_mb", max_body_mb, 1, 4096));
    config.limits.max_body_bytes = max_body_mb << 20;
    SANSO_RETURN_IF_ERROR(reader.strings(*icap, "pass_types", config.pass_types));
    SANSO_RETURN_IF_ERROR(reader.strings(*icap, "pass_media_types", config.pass_media_types));
  }
  SANSO_ASSIGN_OR_RETURN(const toml::table* scan, reader.table(root, "scan"));
  if (scan != nullptr) {
    SANSO_RETURN_IF_ERROR(reader.onlyKeys(*scan, {"clamd_socket", "yara_rules"}));
    SANSO_RETURN_IF_ERROR(reader.path(*scan, "clamd_socket", config.clamd_socket));
    SANSO_RETURN_IF_ERROR(reader.path(*scan, "yara_rules", config.yara_rules));
  }
  return config;
}

}  // namespace sanso::icap
