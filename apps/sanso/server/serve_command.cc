// `sanso serve --config FILE`: the gateway's listeners, until SIGTERM or SIGINT.
#include <signal.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "commands.h"
#include "sanso/audit/audit_log.h"
#include "sanso/auth/accounts.h"
#include "sanso/auth/sessions.h"
#include "sanso/dlp/scanner.h"
#include "sanso/gateway/gateway.h"
#include "sanso/gateway/mail_notifier.h"
#include "sanso/http/admin_api.h"
#include "sanso/http/audit_api.h"
#include "sanso/http/auth_api.h"
#include "sanso/http/isms_api.h"
#include "sanso/http/mail_api.h"
#include "sanso/http/policy_api.h"
#include "sanso/http/router.h"
#include "sanso/http/serve_config.h"
#include "sanso/http/server.h"
#include "sanso/http/transfer_api.h"
#include "sanso/isms/isms.h"
#include "sanso/policy/loader.h"
#include "sanso/sanitize/engine.h"
#include "sanso/sanitize/office_pool.h"
#include "sanso/store/blob_store.h"
#include "sanso/store/data_dir.h"
#include "sanso/store/database.h"
#include "sanso/store/secret_box.h"
#include "server_commands.h"
#include "stop_signals.h"

namespace sanso::app {
namespace {

// The health check monitoring polls: 503 "degraded" while the audit chain is behind (events
// wait in the outbox; no detail is given to an unauthenticated caller: the log has it).
void addApiRoutes(http::Router& router, const gateway::Gateway& gateway) {
  router.add("GET", "/api/v1/health", [&gateway](http::Request& request) {
    const bool behind = gateway.auditBehind();
    nlohmann::json body = {{"status", behind ? "degraded" : "ok"},
                           {"zone", request.zone},
                           {"version", sanitize::engineVersion()},
                           {"audit", behind ? "behind" : "ok"}};
    return http::Response::json(behind ? 503 : 200, body.dump());
  });
}

// Everything the listeners serve, opened from the data directory and the policy pack.
struct Services {
  policy::PolicyPack pack;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<auth::Accounts> accounts;
  std::unique_ptr<auth::Sessions> sessions;
  std::unique_ptr<audit::AuditLog> audit;
  std::unique_ptr<http::AuthContext> auth;
  std::unique_ptr<store::BlobStore> blobs;
  std::unique_ptr<store::SecretBox> secret_box;
  std::unique_ptr<dlp::Scanner> scanner;
  std::unique_ptr<gateway::MailNotifier> mail;     // null: notifications are only logged
  std::unique_ptr<gateway::MailQueue> mail_queue;  // null: held mail cannot be released
  // Evidence files of the ISMS: a blob store of their own, out of reach of the gateway's
  // retention, which removes blobs no transfer refers to.
  std::unique_ptr<store::BlobStore> evidence;
  std::unique_ptr<isms::Isms> isms;
  std::unique_ptr<gateway::Gateway> gateway;  // declared last: destroyed first
};

// Mail to approvers and recipients when the configuration names a relay.
Status openMail(Services& services, const http::SmtpConfig& smtp,
                const std::vector<std::string>& security_roles) {
  if (smtp.relay_host.empty()) return Status::ok();
  gateway::MailNotifierSettings settings;
  settings.relay.host = smtp.relay_host;
  settings.relay.port = smtp.relay_port;
  settings.from = smtp.from;
  settings.charset = smtp.charset;
  for (const auto& zone : services.pack.zones) settings.zone_names[zone.id] = zone.name;
  settings.security_roles.insert(security_roles.begin(), security_roles.end());
  settings.queue_db = services.db.get();
  SANSO_ASSIGN_OR_RETURN(services.mail, gateway::MailNotifier::open(*services.accounts, settings));
  return Status::ok();
}

Status openGateway(Services& services, const std::string& data_dir, const http::SmtpConfig& smtp,
                   const http::GatewayConfig& gateway, const http::ScanConfig& scan,
                   const http::MailConfig& mail) {
  int workers = gateway.workers;
  if (workers == 0)
    workers = std::clamp(4 * static_cast<int>(std::thread::hardware_concurrency()), 2, 32);
  SANSO_ASSIGN_OR_RETURN(
      store::BlobStore blobs,
      store::BlobStore::open(data_dir + "/blobs", *services.db, gateway::kMaxBlobRowBytes));
  services.blobs = std::make_unique<store::BlobStore>(std::move(blobs));
  SANSO_ASSIGN_OR_RETURN(store::SecretBox box,
                         store::SecretBox::open(data_dir + "/keys/originals.key"));
  services.secret_box = std::make_unique<store::SecretBox>(std::move(box));
  SANSO_ASSIGN_OR_RETURN(dlp::Scanner scanner,
                         dlp::Scanner::create(gateway::scannerConfigFor(services.pack)));
  services.scanner = std::make_unique<dlp::Scanner>(std::move(scanner));
  gateway::GatewayDeps deps{.db = *services.db,
                            .blobs = *services.blobs,
                            .secret_box = *services.secret_box,
                            .audit = *services.audit,
                            .accounts = *services.accounts,
                            .pack = services.pack,
                            .scanner = services.scanner.get(),
                            // Not `{}`: GCC 12 at -O3 warns falsely (maybe-uninitialized).
                            .engine_options = sanitize::Options(),
                            .work_dir = data_dir + "/work/gateway",
                            .workers = workers};
  // A step returns once its audit event is durable in the outbox; the chain gets it a few
  // milliseconds later, in one append for every step committed meanwhile (docs/gateway.md).
  deps.audit_relay_linger = std::chrono::milliseconds(5);
  deps.engine_options.clamd_socket = scan.clamd_socket;
  deps.engine_options.yara_rules = scan.yara_rules;
  deps.engine_options.ocr_text_layer = gateway.ocr_text_layer;
  // Streamed uploads; the gateway empties it at start (partial uploads of a crash).
  deps.upload_dir = data_dir + "/work/http";
  // What `sanso milter` hands over on this data directory, and Postfix's hold queue.
  deps.mail_intake = gateway::mailIntakeDirs(data_dir);
  if (!mail.postsuper.empty()) {
    services.mail_queue =
        std::make_unique<gateway::PostsuperQueue>(mail.postsuper, mail.postfix_config_dir);
    deps.mail_queue = services.mail_queue.get();
  }
  SANSO_RETURN_IF_ERROR(openMail(services, smtp, deps.security_manager_roles));
  deps.notifier = services.mail.get();
  SANSO_ASSIGN_OR_RETURN(services.gateway, gateway::Gateway::open(std::move(deps)));
  return Status::ok();
}

// Runs `task` now and then every `period` until destroyed (retention, reminders); a failure is
// logged and the next run tried as usual.
class PeriodicTask {
 public:
  PeriodicTask(const char* name, std::chrono::minutes period, std::function<Status()> task)
      : thread_([this, name, period, task = std::move(task)] {
          std::unique_lock<std::mutex> lock(mutex_);
          do {
            lock.unlock();
            if (Status status = task(); !status.isOk()) {
              std::fprintf(stderr, "sanso serve: %s: %s\n", name, status.toString().c_str());
            }
            lock.lock();
          } while (!wake_.wait_for(lock, period, [this] { return stopping_; }));
        }) {}
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;
  ~PeriodicTask() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

// Mails each user, at most once a day, what of the ISMS is overdue or due within three days.
Status sendReminders(isms::Isms& isms, gateway::MailNotifier& mail) {
  SANSO_ASSIGN_OR_RETURN(std::vector<isms::ReminderDigest> digests, isms.pendingReminders(3));
  for (const isms::ReminderDigest& digest : digests) {
    mail.notice(digest.user_id, digest.subject, digest.body);
    SANSO_RETURN_IF_ERROR(isms.markReminded(digest));
  }
  return Status::ok();
}

Result<std::unique_ptr<Services>> openServices(const http::ServerConfig& config) {
  auto services = std::make_unique<Services>();
  const std::string pack_path =
      config.policy_file.empty() ? policy::kDefaultPackPath : config.policy_file;
  SANSO_ASSIGN_OR_RETURN(services->pack, policy::loadPack(pack_path));
  for (const auto& listener : config.listeners) {
    bool known = false;
    for (const auto& zone : services->pack.zones) known = known || zone.id == listener.zone;
    if (!known) {
      return Status::invalidArgument("listener zone '" + listener.zone +
                                     "' is not a zone of the policy pack " + pack_path);
    }
  }
  SANSO_ASSIGN_OR_RETURN(services->db, store::Database::open(config.data_dir + "/sanso.db"));
  SANSO_ASSIGN_OR_RETURN(services->accounts, auth::Accounts::open(*services->db));
  services->sessions = std::make_unique<auth::Sessions>(*services->db, auth::SessionPolicy{});
  SANSO_ASSIGN_OR_RETURN(services->audit, audit::AuditLog::open(config.data_dir));
  services->auth = std::make_unique<http::AuthContext>(
      http::AuthContext{*services->accounts, *services->sessions, *services->audit, {}, {}});
  for (const auto& role : services->pack.roles) {
    if (role.admin) services->auth->mfa_roles.insert(role.id);
  }
  // Every login through an isolated zone's listener (My Number) needs the second factor.
  for (const auto& zone : services->pack.zones) {
    if (zone.isolated) services->auth->mfa_zones.insert(zone.id);
  }
  SANSO_RETURN_IF_ERROR(openGateway(*services, config.data_dir, config.smtp, config.gateway,
                                    config.scan, config.mail));
  Services& s = *services;
  SANSO_ASSIGN_OR_RETURN(store::BlobStore evidence,
                         store::BlobStore::open(config.data_dir + "/isms-evidence"));
  s.evidence = std::make_unique<store::BlobStore>(std::move(evidence));
  SANSO_ASSIGN_OR_RETURN(
      s.isms, isms::Isms::open({*s.db, *s.audit, *s.accounts, s.pack,
                                [] { return int64_t{std::time(nullptr)}; }, s.evidence.get()}));
  return services;
}

// Runs the server until SIGTERM or SIGINT; with `list_routes`, prints the API routes of this
// configuration ("METHOD PATH" lines) instead and returns without listening.
int serve(const std::string& config_path, bool list_routes) {
  auto config = http::loadServerConfig(config_path);
  if (!config.isOk()) {
    std::fprintf(stderr, "sanso serve: %s\n", config.status().message().c_str());
    return kExitUsage;
  }
  if (Status status = store::ensureDataDir(config->data_dir); !status.isOk()) {
    std::fprintf(stderr, "sanso serve: %s\n", status.message().c_str());
    return kExitInternal;
  }
  // Server threads inherit this mask: the signals are taken only by sigwait() below.
  const sigset_t signals = blockStopSignals();

  auto services = openServices(*config);
  if (!services.isOk()) {
    std::fprintf(stderr, "sanso serve: %s\n", services.status().message().c_str());
    return services.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitInternal;
  }
  http::Router router(config->web_root);
  addApiRoutes(router, *(*services)->gateway);
  http::addAuthRoutes(router, *(*services)->auth);
  http::addPolicyRoutes(router, *(*services)->auth, (*services)->pack);
  http::addAuditRoutes(router, *(*services)->auth, {});
  http::AdminApiConfig admin_config;
  for (const auto& role : (*services)->pack.roles) admin_config.known_roles.insert(role.id);
  http::addAdminRoutes(router, *(*services)->auth, std::move(admin_config));
  http::addTransferRoutes(router, *(*services)->auth, *(*services)->gateway,
                          {config->data_dir + "/work/http", (*services)->pack.uploads.max_bytes});
  http::addMailRoutes(router, *(*services)->auth, *(*services)->gateway);
  http::IsmsApiConfig isms_config;
  isms_config.live_check = http::ismsLiveChecks((*services)->pack, *(*services)->auth);
  gateway::Gateway* gateway_ptr = (*services)->gateway.get();
  isms_config.blocked_since = [gateway_ptr](int64_t since) {
    return gateway_ptr->blockedSince(since);
  };
  isms_config.organization = (*services)->pack.name;
  isms_config.work_dir = config->data_dir + "/work/http";
  http::addIsmsRoutes(router, *(*services)->auth, *(*services)->isms, std::move(isms_config));
  if (list_routes) {
    for (const auto& [method, path] : router.routes()) {
      std::printf("%s %s\n", method.c_str(), path.c_str());
    }
    return kExitOk;
  }
  // LibreOffice instances for Office conversions: each starts with the first Office file that
  // finds none idle and then stays warm for the next ones.
  const sanitize::Options engine_defaults;
  if (Status status = sanitize::startOfficePool(engine_defaults.office_pool_size,
                                                engine_defaults.limits, false);
      !status.isOk()) {
    std::fprintf(stderr, "sanso serve: no warm Office pool: %s\n", status.message().c_str());
  }
  gateway::Gateway& gateway = *(*services)->gateway;
  auto retention = std::make_unique<PeriodicTask>("retention", std::chrono::hours(1),
                                                  [&gateway] { return gateway.runRetention(); });
  // Reminders need the mail relay of [smtp]; without one they are only on the dashboard.
  std::unique_ptr<PeriodicTask> reminders;
  if ((*services)->mail) {
    isms::Isms& isms = *(*services)->isms;
    gateway::MailNotifier& mail = *(*services)->mail;
    reminders = std::make_unique<PeriodicTask>(
        "reminders", std::chrono::hours(1), [&isms, &mail] { return sendReminders(isms, mail); });
  }
  auto server = http::Server::start(config->listeners, config->limits, router);
  if (!server.isOk()) {
    std::fprintf(stderr, "sanso serve: %s\n", server.status().message().c_str());
    return kExitInternal;
  }
  for (const auto& listener : (*server)->listeners()) {
    std::string host =
        listener.host.find(':') != std::string::npos ? "[" + listener.host + "]" : listener.host;
    std::printf("%s: %s://%s:%u/\n", listener.zone.c_str(), listener.tls ? "https" : "http",
                host.c_str(), listener.port);
  }
  std::fflush(stdout);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::fprintf(stderr, "sanso serve: signal %d, finishing requests in flight\n", signal_number);
  (*server)->stop();
  reminders.reset();
  retention.reset();
  (*services)->gateway.reset();  // workers finish their current job; the rest resumes later
  sanitize::stopOfficePool();
  (void)(*services)->audit->checkpoint();
  return kExitOk;
}

}  // namespace

std::function<int()> setUpServeCommand(CLI::App& command) {
  auto* cmd = &command;
  auto config = std::make_shared<std::string>();
  auto list_routes = std::make_shared<bool>(false);
  cmd->add_option("--config", *config, "server configuration (TOML)")->required();
  cmd->add_flag("--list-routes", *list_routes,
                "print the API routes (METHOD PATH) and exit without listening");
  return [config, list_routes] { return serve(*config, *list_routes); };
}

}  // namespace sanso::app
