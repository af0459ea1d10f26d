#include "sanso/http/serve_config.h"

#include <gtest/gtest.h>

#include "support/test_util.h"

namespace sanso::http {
namespace {

Result<ServerConfig> loadText(const test::TempDir& dir, const std::string& text) {
  test::writeFileOrDie(dir.file("sanso.toml"), text);
  return loadServerConfig(dir.file("sanso.toml"));
}

TEST(ServeConfig, ReadsListenersTlsLimitsAndRelativePaths) {
  test::TempDir dir;
  auto config = loadText(dir,
                         "data_dir = \"data\"\n"
                         "[listen]\nlgwan = \"127.0.0.1:8081\"\ninternet = \"[::1]:8082\"\n"
                         "[tls.internet]\ncert = \"c.pem\"\nkey = \"/etc/k.pem\"\n"
                         "[limits]\nmax_connections = 64\nheader_timeout_s = 5\n"
                         "[gateway]\nworkers = 3\nocr_text_layer = true\n"
                         "[scan]\nclamd_socket = \"/run/clamav/clamd.ctl\"\n"
                         "yara_rules = \"rules.yar\"\n");
  ASSERT_TRUE(config.isOk()) << config.status().toString();
  EXPECT_EQ(config->data_dir, dir.file("data"));
  ASSERT_EQ(config->listeners.size(), 2u);
  for (const auto& listener : config->listeners) {
    if (listener.zone == "lgwan") {
      EXPECT_EQ(listener.host, "127.0.0.1");
      EXPECT_EQ(listener.port, 8081);
      EXPECT_TRUE(listener.tls_cert_file.empty());
    } else {
      EXPECT_EQ(listener.host, "::1");
      EXPECT_EQ(listener.tls_cert_file, dir.file("c.pem"));
      EXPECT_EQ(listener.tls_key_file, "/etc/k.pem");
    }
  }
  EXPECT_EQ(config->limits.max_connections, 64u);
  EXPECT_EQ(config->limits.header_timeout.count(), 5);
  EXPECT_EQ(config->gateway.workers, 3);
  EXPECT_TRUE(config->gateway.ocr_text_layer);
  EXPECT_EQ(config->scan.clamd_socket, "/run/clamav/clamd.ctl");
  EXPECT_EQ(config->scan.yara_rules, dir.file("rules.yar"));
}

TEST(ServeConfig, RefusesMistakesWithTheirLine) {
  test::TempDir dir;
  struct Case {
    std::string text;
    std::string expected;
  };
  const Case cases[] = {
      {"data_dir = \"d\"\n[listen]\nlgwan = \"localhost:80\"\n", ":3:"},
      {"data_dir = \"d\"\n[listen]\nlgwan = \"127.0.0.1:99999\"\n", ":3:"},
      {"data_dir = \"d\"\nbogus = 1\n[listen]\nlgwan = \"127.0.0.1:1\"\n", ":2:"},
      {"data_dir = \"d\"\n[listen]\nlgwan = \"127.0.0.1:1\"\n[tls.lgwan]\ncert = \"c\"\n", ":4:"},
      {"data_dir = \"d\"\n[listen]\na = \"127.0.0.1:1\"\nb = \"127.0.0.1:1\"\n", ":4:"},
      {"data_dir = \"d\"\n[listen]\nlgwan = \"127.0.0.1:1\"\n[limits]\nthreads = -1\n", ":5:"},
      {"data_dir = \"d\"\n[listen]\nlgwan = "
       "\"127.0.0.1:1\"\n[tls.internet]\ncert=\"c\"\nkey=\"k\"\n",
       ":4:"},
      {"data_dir = \"d\"\n[listen\n", ":2:"},
      {"data_dir = \"d\"\n[listen]\nlgwan = \"127.0.0.1:1\"\n[gateway]\nworkers = 65\n", ":5:"},
      {"data_dir = \"d\"\n[listen]\nlgwan = \"127.0.0.1:1\"\n[gateway]\nocr_text_layer = 1\n",
       ":5:"},
      {"data_dir = \"d\"\n[listen]\nlgwan = \"127.0.0.1:1\"\n[scan]\nclamd = \"x\"\n", ":5:"},
  };
  for (const auto& c : cases) {
    auto config = loadText(dir, c.text);
    ASSERT_FALSE(config.isOk()) << c.text;
    EXPECT_NE(config.status().message().find("sanso.toml" + c.expected), std::string::npos)
        << c.text << " -> " << config.status().message();
  }
  EXPECT_FALSE(loadText(dir, "[listen]\nlgwan = \"127.0.0.1:1\"\n").isOk());  // no data_dir
  EXPECT_FALSE(loadText(dir, "data_dir = \"d\"\n").isOk());                   // no listener
}

}  // namespace
}  // namespace sanso::http
