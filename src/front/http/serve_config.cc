#include "sanso/http/serve_config.h"

#include <set>

#include "sanso/common/toml_reader.h"

namespace sanso::http {
namespace {

bool isZoneId(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

Status readListeners(const TomlReader& reader, const toml::table& root, ServerConfig& config) {
  const toml::node* listen = root.get("listen");
  if (listen == nullptr || !listen->is_table() || listen->as_table()->empty()) {
    return Status::invalidArgument(reader.file() + ": [listen] must name at least one zone");
  }
  SANSO_ASSIGN_OR_RETURN(const toml::table* tls, reader.table(root, "tls"));
  std::set<std::pair<std::string, uint16_t>> endpoints;
  for (const auto& [zone, value] : *listen->as_table()) {
    if (!isZoneId(zone.str()))
      return reader.error(value, "bad zone id '" + std::string(zone.str()) + "'");
    if (!value.is_string())
      return reader.error(value, "listen." + std::string(zone.str()) + " must be \"HOST:PORT\"");
    auto address = parseListenAddress(value.as_string()->get());
    if (!address.isOk()) return reader.error(value, address.status().message());
    if (address->second != 0 && !endpoints.insert(*address).second) {
      return reader.error(value, "two zones on the same address");
    }
    ListenerConfig listener;
    listener.zone = std::string(zone.str());
    listener.host = address->first;
    listener.port = address->second;
    if (tls != nullptr) {
      if (const toml::node* zone_tls = tls->get(zone.str())) {
        if (!zone_tls->is_table())
          return reader.error(*zone_tls, "[tls." + listener.zone + "] must be a table");
        const toml::table& t = *zone_tls->as_table();
        SANSO_RETURN_IF_ERROR(reader.onlyKeys(t, {"cert", "key"}, "[tls." + listener.zone + "]"));
        SANSO_RETURN_IF_ERROR(reader.path(t, "cert", listener.tls_cert_file));
        SANSO_RETURN_IF_ERROR(reader.path(t, "key", listener.tls_key_file));
        if (listener.tls_cert_file.empty() != listener.tls_key_file.empty()) {
          return reader.error(*zone_tls, "[tls." + listener.zone + "] needs both cert and key");
        }
      }
    }
    config.listeners.push_back(std::move(listener));
  }
  if (tls != nullptr) {
    for (const auto& [zone, value] : *tls) {
      if (listen->as_table()->get(zone.str()) == nullptr) {
        return reader.error(value, "[tls." + std::string(zone.str()) + "] has no listener");
      }
    }
  }
  return Status::ok();
}

Status readLimits(const TomlReader& reader, const toml::table& root, ServerLimits& limits) {
  SANSO_ASSIGN_OR_RETURN(const toml::table* table, reader.table(root, "limits"));
  if (table == nullptr) return Status::ok();
  const toml::table& t = *table;
  SANSO_RETURN_IF_ERROR(reader.onlyKeys(
      t,
      {"max_header_bytes", "max_json_bytes", "header_timeout_s", "body_idle_timeout_s",
       "body_total_timeout_s", "max_connections", "shutdown_grace_s", "threads"},
      "[limits]"));
  int64_t header_timeout = limits.header_timeout.count();
  int64_t idle_timeout = limits.body_idle_timeout.count();
  int64_t total_timeout = limits.body_total_timeout.count();
  int64_t grace = limits.shutdown_grace.count();
  SANSO_RETURN_IF_ERROR(
      reader.integer(t, "max_header_bytes", limits.max_header_bytes, 1024, 1 << 20));
  SANSO_RETURN_IF_ERROR(reader.integer(t, "max_json_bytes", limits.max_body_bytes, 1024, 64 << 20));
  SANSO_RETURN_IF_ERROR(reader.integer(t, "header_timeout_s", header_timeout, 1, 600));
  SANSO_RETURN_IF_ERROR(reader.integer(t, "body_idle_timeout_s", idle_timeout, 1, 3600));
  SANSO_RETURN_IF_ERROR(reader.integer(t, "body_total_timeout_s", total_timeout, 1, 86400));
  SANSO_RETURN_IF_ERROR(reader.integer(t, "max_connections", limits.max_connections, 1, 100000));
  SANSO_RETURN_IF_ERROR(reader.integer(t, "shutdown_grace_s", grace, 0, 3600));
  SANSO_RETURN_IF_ERROR(reader.integer(t, "threads", limits.threads, 0, 256));
  limits.header_timeout = std::chrono::seconds(header_timeout);
  limits.body_idle_timeout = std::chrono::seconds(idle_timeout);
  limits.body_total_timeout = std::chrono::seconds(total_timeout);
  limits.shutdown_grace = std::chrono::seconds(grace);
  return Status::ok();
}

Status readSmtp(const TomlReader& reader, const toml::table& root, SmtpConfig& smtp) {
  SANSO_ASSIGN_OR_RETURN(const toml::table* table, reader.table(root, "smtp"));
  if (table == nullptr) return Status::ok();
  const toml::table& t = *table;
  SANSO_RETURN_IF_ERROR(reader.onlyKeys(t, {"relay", "from", "charset"}, "[smtp]"));
  std::string relay;
  SANSO_RETURN_IF_ERROR(reader.string(t, "relay", relay));
  if (!relay.empty()) {
    auto address = parseListenAddress(relay);
    if (!address.isOk()) return reader.error(*t.get("relay"), address.status().message());
    smtp.relay_host = address->first;
    smtp.relay_port = address->second;
  }
  SANSO_RETURN_IF_ERROR(reader.string(t, "from", smtp.from));
  std::string charset;
  SANSO_RETURN_IF_ERROR(reader.string(t, "charset", charset));
  if (!charset.empty()) {
    if (charset != "ISO-2022-JP" && charset != "UTF-8") {
      return reader.error(*t.get("charset"), "charset must be \"ISO-2022-JP\" or \"UTF-8\"");
    }
    smtp.charset = charset;
  }
  if (!smtp.relay_host.empty() && smtp.from.empty()) {
    return reader.error(t, "[smtp] with a relay needs a from address");
  }
  return Status::ok();
}

Status readGateway(const TomlReader& reader, const toml::table& root, GatewayConfig& gateway) {
  SANSO_ASSIGN_OR_RETURN(const toml::table* table, reader.table(root, "gateway"));
  if (table == nullptr) return Status::ok();
  const toml::table& t = *table;
  SANSO_RETURN_IF_ERROR(reader.onlyKeys(t, {"workers", "ocr_text_layer"}, "[gateway]"));
  SANSO_RETURN_IF_ERROR(reader.integer(t, "workers", gateway.workers, 0, 64));
  return reader.boolean(t, "ocr_text_layer", gateway.ocr_text_layer);
}

Status readScan(const TomlReader& reader, const toml::table& root, ScanConfig& scan) {
  SANSO_ASSIGN_OR_RETURN(const toml::table* table, reader.table(root, "scan"));
  if (table == nullptr) return Status::ok();
  const toml::table& t = *table;
  SANSO_RETURN_IF_ERROR(reader.onlyKeys(t, {"clamd_socket", "yara_rules"}, "[scan]"));
  SANSO_RETURN_IF_ERROR(reader.path(t, "clamd_socket", scan.clamd_socket));
  SANSO_RETURN_IF_ERROR(reader.path(t, "yara_rules", scan.yara_rules));
  return Status::ok();
}

Status readMail(const TomlReader& reader, const toml::table& root, MailConfig& mail) {
  SANSO_ASSIGN_OR_RETURN(const toml::table* table, reader.table(root, "mail"));
  if (table == nullptr) return Status::ok();
  const toml::table& t = *table;
  SANSO_RETURN_IF_ERROR(reader.onlyKeys(t, {"postsuper", "postfix_config_dir"}, "[mail]"));
  SANSO_RETURN_IF_ERROR(reader.path(t, "postsuper", mail.postsuper));
  SANSO_RETURN_IF_ERROR(reader.path(t, "postfix_config_dir", mail.postfix_config_dir));
  return Status::ok();
}

}  // namespace

Result<std::pair<std::string, uint16_t>> parseListenAddress(const std::string& text) {
  std::string host;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find("]:");
    if (close == std::string::npos) return Status::invalidArgument("expected \"[IPV6]:PORT\"");
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string::npos || text.find(':') != colon) {
      return Status::invalidArgument("expected \"HOST:PORT\" (IPv6 in brackets)");
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (host.empty() || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos) {
    return Status::invalidArgument("bad address \"" + text + "\"");
  }
  unsigned long number = std::stoul(port);
  if (number > 65535) return Status::invalidArgument("port out of range in \"" + text + "\"");
  for (char c : host) {
    bool allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                   c == '.' || c == ':';
    if (!allowed)
      return Status::invalidArgument("host must be a numeric IP address: \"" + text + "\"");
  }
  return std::pair<std::string, uint16_t>(host, static_cast<uint16_t>(number));
}

Result<ServerConfig> loadServerConfig(const std::string& path) {
  TomlReader reader(path);
  SANSO_ASSIGN_OR_RETURN(toml::table root, reader.parse());
  SANSO_RETURN_IF_ERROR(reader.onlyKeys(
      root,
      {"data_dir", "policy", "web_root", "listen", "tls", "limits", "smtp", "gateway", "scan",
       "mail"},
      "the file"));
  ServerConfig config;
  SANSO_RETURN_IF_ERROR(reader.path(root, "data_dir", config.data_dir));
  if (config.data_dir.empty()) return Status::invalidArgument(path + ": data_dir is required");
  SANSO_RETURN_IF_ERROR(reader.path(root, "policy", config.policy_file));
  SANSO_RETURN_IF_ERROR(reader.path(root, "web_root", config.web_root));
  SANSO_RETURN_IF_ERROR(readListeners(reader, root, config));
  SANSO_RETURN_IF_ERROR(readLimits(reader, root, config.limits));
  SANSO_RETURN_IF_ERROR(readSmtp(reader, root, config.smtp));
  SANSO_RETURN_IF_ERROR(readGateway(reader, root, config.gateway));
  SANSO_RETURN_IF_ERROR(readScan(reader, root, config.scan));
  SANSO_RETURN_IF_ERROR(readMail(reader, root, config.mail));
  return config;
}

}  // namespace sanso::http
