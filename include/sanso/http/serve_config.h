// The configuration file of `sanso serve --config FILE` (TOML): where the data lives,
// which policy pack applies, one listener per zone, request limits, the mail relay.
#pragma once

#include <string>
#include <vector>

#include "sanso/common/status.h"
#include "sanso/http/server.h"

namespace sanso::http {

struct SmtpConfig {
  std::string relay_host;  // empty: notifications are only logged
  uint16_t relay_port = 25;
  std::string from;
  std::string charset = "ISO-2022-JP";  // or "UTF-8"
};

struct GatewayConfig {
  // Workers that sanitize queued transfers; 0: four times the number of cores, 2 to 32. Each
  // job waits for three commits (claim, result, audit), so more workers than cores keep the
  // cores busy.
  int workers = 0;
  // image-pdf outputs get an invisible OCR text layer (sanitize::Options::ocr_text_layer).
  bool ocr_text_layer = false;
};

// Malware scanning of every file the gateway sanitizes (and of every archive member).
struct ScanConfig {
  std::string clamd_socket;  // clamd's UNIX socket; empty: ClamAV off
  std::string yara_rules;    // a YARA rules file (source or compiled); empty: YARA off
};

// Held outbound mail (sanso milter): how a security manager's release or discard reaches
// Postfix's hold queue.
struct MailConfig {
  std::string postsuper;           // the postsuper program; empty: release/discard unavailable
  std::string postfix_config_dir;  // postsuper -c DIR; empty: Postfix's default
};

struct ServerConfig {
  std::string data_dir;
  std::string policy_file;  // empty: the default pack shipped with sanso
  std::string web_root;     // the built web UI; empty: API only
  std::vector<ListenerConfig> listeners;
  ServerLimits limits;
  SmtpConfig smtp;
  GatewayConfig gateway;
  ScanConfig scan;
  MailConfig mail;
};

// Reads and validates `path`. Unknown keys, wrong types, bad addresses, duplicate zones and
// half-configured TLS are errors of the form "FILE:LINE:COLUMN: reason". Relative paths in the
// file are taken relative to the file's directory.
Result<ServerConfig> loadServerConfig(const std::string& path);

// Parses "HOST:PORT" with a numeric IPv4 address or a bracketed IPv6 address ("[::1]:8081").
Result<std::pair<std::string, uint16_t>> parseListenAddress(const std::string& text);

}  // namespace sanso::http
