// Load client for `sanso serve` (bench/gateway-load.sh starts the server and the accounts):
// N concurrent senders, each repeating complete import transfers on the Internet listener
// (create -> upload the raw file -> long polls until available) followed by the recipient's
// download on the LGWAN listener. Prints transfers/s, latency percentiles, errors, and the server's
// peak RSS and CPU time in the measured window; --json writes the same figures.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "load/load_sender.h"
#include "load/load_stats.h"

namespace {

namespace asio = boost::asio;
using nlohmann::json;
using sanso::bench::Clock;

struct Options {
  sanso::bench::LoadSettings settings;
  int senders = 64;
  int warmup_s = 5;
  int duration_s = 30;
  int server_pid = 0;
  int poll_first_ms = 10;
  int poll_max_ms = 100;
  std::string file;
  std::string password_file;
  std::string json_out;
  std::string on_window;  // a shell command started in the background when measuring starts
};

// Server figures of the measured window.
struct ServerFigures {
  sanso::bench::ProcessSample before_reset, start, end;
  bool peak_reset = false;
};

double clientCpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Opens the window once every sender has logged in, and samples the server at its edges.
asio::awaitable<void> conduct(const Options& options, sanso::bench::LoadWindow& window,
                              ServerFigures& server, double& client_cpu) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (window.logged_in + window.failed < options.senders) {
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(asio::use_awaitable);
  }
  const auto now = Clock::now();
  window.measure_from = now + std::chrono::seconds(options.warmup_s);
  window.measure_to = window.measure_from + std::chrono::seconds(options.duration_s);
  window.open = true;
  timer.expires_at(window.measure_from);
  co_await timer.async_wait(asio::use_awaitable);
  if (options.server_pid > 0) {
    server.before_reset = sanso::bench::sampleProcess(options.server_pid);
    server.peak_reset = sanso::bench::resetPeakRss(options.server_pid);
    server.start = sanso::bench::sampleProcess(options.server_pid);
  }
  if (!options.on_window.empty()) {
    // Backgrounded by the shell: returns at once (e.g. perf record -p PID -- sleep N).
    if (std::system((options.on_window + " &").c_str()) != 0) {
      std::cerr << "gateway_load: --on-window command could not start\n";
    }
  }
  client_cpu = -clientCpuSeconds();
  timer.expires_at(window.measure_to);
  co_await timer.async_wait(asio::use_awaitable);
  if (options.server_pid > 0) server.end = sanso::bench::sampleProcess(options.server_pid);
  client_cpu += clientCpuSeconds();
}

// Logs the recipient in, then runs the senders and the conductor of the window.
asio::awaitable<void> start(const Options& options, sanso::bench::LoadWindow& window,
                            sanso::bench::LoadResults& results, ServerFigures& server,
                            double& client_cpu) {
  co_await sanso::bench::loginRecipient(options.settings, window, results);
  if (options.settings.download && window.recipient_cookie.empty()) co_return;
  auto executor = co_await asio::this_coro::executor;
  for (int i = 0; i < options.senders; ++i) {
    asio::co_spawn(executor, sanso::bench::runSender(options.settings, window, results, i),
                   asio::detached);
  }
  co_await conduct(options, window, server, client_cpu);
}

json latencyJson(sanso::bench::Latencies& values) {
  return {{"p50", values.percentile(50)},
          {"p95", values.percentile(95)},
          {"p99", values.percentile(99)},
          {"max", values.max()},
          {"mean", values.mean()}};
}

json report(const Options& options, sanso::bench::LoadResults& results, const ServerFigures& server,
            double client_cpu) {
  const double seconds = options.duration_s;
  const double completed = static_cast<double>(results.completed);
  json out = {
      {"senders", options.senders},
      {"accounts", options.settings.accounts},
      {"file_bytes", options.settings.file.size()},
      {"file_name", options.settings.file_name},
      {"download", options.settings.download},
      {"warmup_s", options.warmup_s},
      {"duration_s", options.duration_s},
      {"poll_ms", {options.poll_first_ms, options.poll_max_ms}},
      {"wait_s", options.settings.wait_seconds},
      {"completed", results.completed},
      {"transfers_per_s", completed / seconds},
      {"errors", results.errors},
      {"error_kinds", results.error_kinds},
      {"ready_ms", latencyJson(results.ready_ms)},
      {"total_ms", latencyJson(results.total_ms)},
      {"step_mean_ms",
       {{"create", results.create_ms.mean()},
        {"upload", results.upload_ms.mean()},
        {"wait", results.wait_ms.mean()},
        {"download", results.download_ms.mean()}}},
      {"polls_per_transfer", completed > 0 ? static_cast<double>(results.polls) / completed : 0},
      {"client_cpu_cores", client_cpu / seconds}};
  if (server.end.ok && server.start.ok) {
    const double cpu = server.end.cpu_seconds - server.start.cpu_seconds;
    out["server"] = {
        {"peak_rss_mib_window", server.peak_reset ? server.end.peak_rss_kib / 1024.0 : -1.0},
        {"peak_rss_mib_run",
         std::max(server.before_reset.peak_rss_kib, server.end.peak_rss_kib) / 1024.0},
        {"rss_mib_end", server.end.rss_kib / 1024.0},
        {"cpu_cores", cpu / seconds},
        {"cpu_ms_per_transfer", completed > 0 ? cpu * 1000 / completed : 0},
        {"threads", server.end.threads}};
  }
  return out;
}

void print(const json& r) {
  auto ms = [](const json& l) {
    char line[160];
    std::snprintf(line, sizeof line, "p50 %.0f  p95 %.0f  p99 %.0f  max %.0f  mean %.0f",
                  l["p50"].get<double>(), l["p95"].get<double>(), l["p99"].get<double>(),
                  l["max"].get<double>(), l["mean"].get<double>());
    return std::string(line);
  };
  std::printf("gateway_load: %d senders (%d accounts), %zu-byte %s, download %s\n",
              r["senders"].get<int>(), r["accounts"].get<int>(), r["file_bytes"].get<size_t>(),
              r["file_name"].get<std::string>().c_str(), r["download"].get<bool>() ? "on" : "off");
  std::printf("window: %d s after %d s of warm-up\n", r["duration_s"].get<int>(),
              r["warmup_s"].get<int>());
  std::printf("complete transfers: %llu = %.1f/s; errors: %llu\n",
              static_cast<unsigned long long>(r["completed"].get<uint64_t>()),
              r["transfers_per_s"].get<double>(),
              static_cast<unsigned long long>(r["errors"].get<uint64_t>()));
  for (const auto& [kind, count] : r["error_kinds"].items()) {
    std::printf("  error %s: %llu\n", kind.c_str(),
                static_cast<unsigned long long>(count.get<uint64_t>()));
  }
  std::printf("latency ms, create -> available:  %s\n", ms(r["ready_ms"]).c_str());
  std::printf("latency ms, create -> downloaded: %s\n", ms(r["total_ms"]).c_str());
  const json& step = r["step_mean_ms"];
  std::printf(
      "mean ms per step: create %.1f, upload %.1f, wait for 無害化 %.1f (%.1f polls), "
      "download %.1f\n",
      step["create"].get<double>(), step["upload"].get<double>(), step["wait"].get<double>(),
      r["polls_per_transfer"].get<double>(), step["download"].get<double>());
  if (r.contains("server")) {
    const json& s = r["server"];
    std::printf(
        "server: peak RSS %.0f MiB in the window, %.0f MiB over the whole run; "
        "CPU %.2f cores = %.1f ms per transfer; %d threads\n",
        s["peak_rss_mib_window"].get<double>(), s["peak_rss_mib_run"].get<double>(),
        s["cpu_cores"].get<double>(), s["cpu_ms_per_transfer"].get<double>(),
        s["threads"].get<int>());
  }
  std::printf("client: CPU %.2f cores\n", r["client_cpu_cores"].get<double>());
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  auto& s = options.settings;
  CLI::App app{"Load client for sanso serve: concurrent complete import transfers"};
  app.add_option("--internet", s.internet_port, "port of the Internet listener")->required();
  app.add_option("--lgwan", s.lgwan_port, "port of the LGWAN listener")->required();
  app.add_option("--file", options.file, "the file every transfer uploads")->required();
  app.add_option("--name", s.file_name, "its name in ?name=");
  app.add_option("--password-file", options.password_file, "password of every account")->required();
  app.add_option("--senders", options.senders, "concurrent senders")->check(CLI::Range(1, 1024));
  app.add_option("--accounts", s.accounts, "sender accounts PREFIX0..")->check(CLI::Range(1, 1024));
  app.add_option("--sender-prefix", s.sender_prefix, "login prefix of the senders");
  app.add_option("--recipient", s.recipient, "login of the recipient");
  app.add_option("--warmup", options.warmup_s, "seconds before measuring")
      ->check(CLI::Range(0, 600));
  app.add_option("--duration", options.duration_s, "seconds measured")->check(CLI::Range(1, 3600));
  app.add_option("--poll-first-ms", options.poll_first_ms, "first wait after the upload");
  app.add_option("--poll-max-ms", options.poll_max_ms, "longest wait between polls");
  app.add_option("--wait", s.wait_seconds,
                 "seconds of each long poll (GET .../item?wait=); 0: short polls")
      ->check(CLI::Range(0, 30));
  app.add_option("--server-pid", options.server_pid, "sanso serve's pid (RSS and CPU)");
  app.add_flag("!--no-download", s.download, "skip the recipient's download");
  app.add_option("--json", options.json_out, "also write the figures as JSON");
  app.add_option("--on-window", options.on_window,
                 "shell command started in the background when measuring starts");
  CLI11_PARSE(app, argc, argv);

  s.file = readAll(options.file);
  std::string password = readAll(options.password_file);
  while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) {
    password.pop_back();
  }
  s.password = password;
  if (s.file.empty() || s.password.empty()) {
    std::cerr << "gateway_load: empty file or password\n";
    return 2;
  }
  s.poll_first = std::chrono::milliseconds(std::max(1, options.poll_first_ms));
  s.poll_max = std::chrono::milliseconds(std::max(options.poll_first_ms, options.poll_max_ms));

  asio::io_context io(1);
  sanso::bench::LoadWindow window;
  sanso::bench::LoadResults results;
  ServerFigures server;
  double client_cpu = 0;
  asio::co_spawn(io, start(options, window, results, server, client_cpu), asio::detached);
  io.run();

  json figures = report(options, results, server, client_cpu);
  print(figures);
  if (!options.json_out.empty()) std::ofstream(options.json_out) << figures.dump(2) << "\n";
  return window.failed == options.senders || results.completed == 0 ? 1 : 0;
}
