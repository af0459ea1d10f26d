#include "sanso/gateway/gateway.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "original_copy.h"
#include "original_handoff.h"
#include "repo.h"
#include "sanso/policy/decision.h"
#include "schema.h"

namespace sanso::gateway {

using detail::Row;

namespace {

// Uploaded plaintexts held for the workers (original_handoff.h): a queue of a few hundred
// office documents; what waits longer than a few minutes is decrypted when its turn comes.
constexpr detail::OriginalHandoff::Bounds kHandoffBounds = {
    64ull << 20, detail::OriginalCopy::kMaxInMemoryBytes, 256, std::chrono::minutes(5)};

}  // namespace

int64_t systemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

ReleasedOriginal::ReleasedOriginal(ReleasedOriginal&& other) noexcept
    : path_(std::exchange(other.path_, {})), name_(std::move(other.name_)) {}

ReleasedOriginal::~ReleasedOriginal() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

dlp::ScannerConfig scannerConfigFor(const policy::PolicyPack& pack) {
  dlp::ScannerConfig config;
  for (const policy::DlpPattern& p : pack.dlp.patterns) {
    if (!p.regex.empty()) {
      config.patterns.push_back({p.id, p.name, dlp::PatternKind::kRegex, p.regex, false});
    }
    for (size_t i = 0; i < p.keywords.size(); ++i) {
      std::string id =
          p.keywords.size() == 1 && p.regex.empty() ? p.id : p.id + "." + std::to_string(i);
      config.patterns.push_back({id, p.name, dlp::PatternKind::kKeyword, p.keywords[i], false});
    }
  }
  return config;
}

Gateway::Gateway(GatewayDeps deps, store::FileLock lock)
    : deps_(std::move(deps)),
      lock_(std::move(lock)),
      outbox_(std::make_unique<audit::Outbox>(deps_.db, deps_.audit, "gateway", "audit_outbox")),
      handoff_(std::make_unique<detail::OriginalHandoff>(kHandoffBounds)) {}

Result<std::unique_ptr<Gateway>> Gateway::open(GatewayDeps deps) {
  if (deps.work_dir.empty()) return Status::invalidArgument("gateway work_dir is required");
  if (deps.workers < 0 || deps.workers > 64) return Status::invalidArgument("workers: 0-64");
  if (deps.max_attempts < 1) return Status::invalidArgument("max_attempts: at least 1");
  SANSO_ASSIGN_OR_RETURN(store::FileLock lock,
                         store::FileLock::acquire(deps.blobs.root() + ".lock"));
  SANSO_RETURN_IF_ERROR(deps.db.migrate("gateway", detail::migrations()));
  std::unique_ptr<Gateway> gateway(new Gateway(std::move(deps), std::move(lock)));
  SANSO_RETURN_IF_ERROR(gateway->outbox_->open());
  if (gateway->deps_.audit_relay_linger) {
    gateway->outbox_->startRelaying(*gateway->deps_.audit_relay_linger);
  }
  SANSO_RETURN_IF_ERROR(gateway->ingestMailIntake());
  SANSO_RETURN_IF_ERROR(gateway->recover());
  for (int i = 0; i < gateway->deps_.workers; ++i) {
    gateway->threads_.emplace_back([g = gateway.get()] { g->workerLoop(); });
  }
  return gateway;
}

Gateway::~Gateway() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

bool Gateway::isSecurityManager(int64_t user_id) {
  auto user = deps_.accounts.user(user_id);
  if (!user.isOk() || user->disabled) return false;
  const auto& roles = deps_.security_manager_roles;
  return std::find(roles.begin(), roles.end(), user->role) != roles.end();
}

Notifier& Gateway::notifier() {
  return deps_.notifier != nullptr ? *deps_.notifier : log_notifier_;
}

Result<int64_t> Gateway::queueAudit(store::Session& session, const Actor* actor,
                                    const std::string& action, int64_t id, nlohmann::json details) {
  return queueAudit(session, actor, action, "transfer:" + std::to_string(id), std::move(details));
}

Result<int64_t> Gateway::queueAudit(store::Session& session, const Actor* actor,
                                    const std::string& action, const std::string& object_id,
                                    nlohmann::json details) {
  audit::Event event;
  event.actor = actor != nullptr ? std::to_string(actor->user_id) : "system";
  event.zone = actor != nullptr ? actor->zone : "";
  event.action = action;
  event.object_id = object_id;
  event.details = std::move(details);
  return outbox_->add(session, event);
}

Status Gateway::flushAudit(int64_t outbox_id) { return outbox_->relaySoon(outbox_id); }

Status Gateway::auditEvent(const Actor* actor, const std::string& action, int64_t id,
                           nlohmann::json details) {
  int64_t queued = 0;
  SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(queued, queueAudit(s, actor, action, id, std::move(details)));
    return Status::ok();
  }));
  return flushAudit(queued);
}

Result<Transfer> Gateway::create(const Actor& actor, const NewTransfer& request) {
  const policy::PolicyPack& pack = deps_.pack;
  SANSO_ASSIGN_OR_RETURN(auth::User sender, deps_.accounts.user(actor.user_id));
  if (sender.disabled) return Status::denied("disabled", "the sender is disabled");
  if (pack.findZone(actor.zone) == nullptr) return Status::invalidArgument("unknown source zone");
  if (pack.findZone(request.to_zone) == nullptr) {
    return Status::invalidArgument("unknown destination zone '" + request.to_zone + "'");
  }
  if (request.note.size() > kMaxNoteBytes) return Status::invalidArgument("note too long");
  if (request.max_downloads < 0 || request.max_downloads > kMaxDownloadsLimit) {
    return Status::invalidArgument("max_downloads out of range");
  }
  std::set<int64_t> recipients(request.recipients.begin(), request.recipients.end());
  if (recipients.empty() || recipients.size() > kMaxRecipients) {
    return Status::invalidArgument("between 1 and 50 recipients are required");
  }
  for (int64_t r : recipients) {
    auto user = deps_.accounts.user(r);
    if (!user.isOk() || user->disabled) {
      return Status::invalidArgument("unknown recipient " + std::to_string(r));
    }
  }
  policy::TransferQuery query{actor.zone, request.to_zone, "", request.levels};
  SANSO_RETURN_IF_ERROR(policy::checkQuery(pack, query));
  // The type is unknown yet: a sanitizing flow is judged whole once the engine has seen the
  // file; refusals that do not depend on the type (My Number, missing flows) come now.
  const policy::Flow* flow = pack.findFlow(actor.zone, request.to_zone);
  policy::Decision early = policy::decide(pack, query);
  bool refused = flow == nullptr || !flow->allow || (!flow->sanitize && !early.allowed);
  nlohmann::json details = {
      {"from", actor.zone}, {"to", request.to_zone}, {"levels", request.levels}};
  if (refused) {
    std::string why;
    for (const policy::Reason& r : early.reasons) why += r.text + "（" + r.clause + "）\n";
    details["decision"] = nlohmann::json::parse(policy::toJson(early), nullptr, false);
    SANSO_RETURN_IF_ERROR(auditEvent(&actor, "transfer.decision", 0, details));
    return Status::blocked("policy-denied", why);
  }
  int64_t now = deps_.clock();
  int64_t id = 0;
  int64_t audited = 0;
  SANSO_RETURN_IF_ERROR(deps_.db.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(
        store::Statement st,
        s.prepare("INSERT INTO transfers (sender_id, from_zone, to_zone, levels, note, state, "
                  "max_downloads, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 'created', ?6, ?7)"));
    SANSO_RETURN_IF_ERROR(st.bindInt64(1, actor.user_id));
    SANSO_RETURN_IF_ERROR(st.bindText(2, actor.zone));
    SANSO_RETURN_IF_ERROR(st.bindText(3, request.to_zone));
    SANSO_RETURN_IF_ERROR(st.bindText(4, nlohmann::json(request.levels).dump()));
    SANSO_RETURN_IF_ERROR(st.bindText(5, request.note));
    SANSO_RETURN_IF_ERROR(
        st.bindInt64(6, request.max_downloads == 0 ? kDefaultMaxDownloads : request.max_downloads));
    SANSO_RETURN_IF_ERROR(st.bindInt64(7, now));
    SANSO_RETURN_IF_ERROR(st.run());
    id = s.lastInsertRowid();
    SANSO_ASSIGN_OR_RETURN(
        store::Statement rec,
        s.prepare("INSERT INTO transfer_recipients (transfer_id, user_id) VALUES (?1, ?2)"));
    for (int64_t r : recipients) {
      SANSO_RETURN_IF_ERROR(rec.reset());
      SANSO_RETURN_IF_ERROR(rec.bindInt64(1, id));
      SANSO_RETURN_IF_ERROR(rec.bindInt64(2, r));
      SANSO_RETURN_IF_ERROR(rec.run());
    }
    SANSO_RETURN_IF_ERROR(detail::addEvent(s, id, TransferState::kCreated,
                                           std::to_string(actor.user_id), "送信を作成した", now));
    details["recipients"] = recipients.size();
    SANSO_ASSIGN_OR_RETURN(audited, queueAudit(s, &actor, "transfer.create", id, details));
    return Status::ok();
  }));
  SANSO_RETURN_IF_ERROR(flushAudit(audited));
  return get(actor, id);
}

}  // namespace sanso::gateway
