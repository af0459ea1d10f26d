#include "sanso/http/audit_api.h"

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>

#include "json_body.h"
#include "sanso/audit/export.h"
#include "sanso/audit/verify.h"

namespace sanso::http {
namespace {

using nlohmann::json;

constexpr uint64_t kDefaultLimit = 50;
constexpr uint64_t kMaxLimit = 200;

json recordJson(const audit::Record& record) {
  // Details are stored as a JSON object; the audit module keeps secrets out of them.
  json details = json::parse(record.details, nullptr, false);
  if (details.is_discarded()) details = record.details;
  return {{"seq", record.seq},   {"time", record.time},     {"actor", record.actor},
          {"zone", record.zone}, {"action", record.action}, {"object_id", record.object_id},
          {"details", details},  {"hash", record.hash}};
}

class AuditApi {
 public:
  AuditApi(AuthContext& context, AuditApiConfig config)
      : context_(context), config_(std::move(config)) {}

  Status allowed(const Request& request) {
    SANSO_ASSIGN_OR_RETURN(Caller caller, authenticate(context_, request));
    if (!config_.reader_roles.count(caller.user.role)) {
      return Status::denied("forbidden", "the audit log is for security managers and auditors");
    }
    return Status::ok();
  }

  Response list(Request& request) {
    Status access = allowed(request);
    if (!access.isOk()) return errorFromStatus(access);
    auto before = queryNumber(request.query, "before", 0);
    auto limit = queryNumber(request.query, "limit", kDefaultLimit);
    if (!before || !limit || *limit == 0 || *limit > kMaxLimit) {
      return errorFromStatus(
          Status::invalidArgument("expected ?before=<seq>&limit=<1-200>, both optional"));
    }
    if (Status caught_up = context_.audit.catchUp(); !caught_up.isOk()) {
      return errorFromStatus(caught_up);
    }
    auto records = audit::recentRecords(context_.audit.database(), *before, *limit);
    if (!records.isOk()) return errorFromStatus(records.status());
    json items = json::array();
    for (const auto& record : *records) items.push_back(recordJson(record));
    json next = nullptr;
    if (records->size() == *limit && records->back().seq > 1) next = records->back().seq;
    return Response::json(200, json({{"records", items}, {"next_before", next}}).dump());
  }

  Response verify(Request& request) {
    Status access = allowed(request);
    if (!access.isOk()) return errorFromStatus(access);
    auto report = context_.audit.verify();
    if (!report.isOk()) return errorFromStatus(report.status());
    json problem = nullptr;
    if (report->problem) {
      problem = {{"kind", audit::problemKindName(report->problem->kind)},
                 {"seq", report->problem->seq},
                 {"message", report->problem->message}};
    }
    json checkpoint = nullptr;
    if (report->last_checkpoint) {
      checkpoint = {{"seq", report->last_checkpoint->seq},
                    {"time", report->last_checkpoint->time},
                    {"hash", report->last_checkpoint->hash}};
    }
    json answer = {{"ok", report->intact()},        {"records", report->records},
                   {"verified", report->verified},  {"checkpoints", report->checkpoints},
                   {"last_checkpoint", checkpoint}, {"problem", problem}};
    return Response::json(200, answer.dump());
  }

 private:
  AuthContext& context_;
  const AuditApiConfig config_;
};

}  // namespace

void addAuditRoutes(Router& router, AuthContext& context, AuditApiConfig config) {
  auto api = std::make_shared<AuditApi>(context, std::move(config));
  router.add("GET", "/api/v1/audit", [api](Request& r) { return api->list(r); });
  router.add("GET", "/api/v1/audit/verify", [api](Request& r) { return api->verify(r); });
}

}  // namespace sanso::http
