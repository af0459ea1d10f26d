#include "sanso/http/mail_api.h"

#include <fcntl.h>

#include <nlohmann/json.hpp>

#include "json_body.h"
#include "sanso/http/transfer_api.h"

namespace sanso::http {
namespace {

using nlohmann::json;

json holdJson(const gateway::MailHold& h) {
  json files = json::array();
  for (const gateway::HeldFile& f : h.files) {
    files.push_back(
        {{"index", f.index},
         {"name", f.name},
         {"type", f.type},
         {"size", f.size},
         {"sha256", f.sha256},
         {"state", f.state},
         {"attempts", f.attempts},
         {"attempts_left", std::max<int64_t>(0, gateway::kMaxPasswordAttempts - f.attempts)},
         {"transfer_id", f.transfer_id},
         {"reason", f.reason}});
  }
  return {{"reference", h.reference},
          {"direction", h.direction},
          {"state", h.state},
          {"message_id", h.message_id},
          {"queue_id", h.queue_id},
          {"sender", h.sender},
          {"recipients", h.recipients},
          {"subject", h.subject},
          {"reason", h.reason},
          {"from_zone", h.from_zone},
          {"to_zone", h.to_zone},
          {"received_at", h.received_at},
          {"original_size", h.original_size},
          {"original_kept", h.original_kept},
          {"files", files},
          {"decided_by", h.decided_by},
          {"decision_comment", h.decision_comment},
          {"decided_at", h.decided_at}};
}

class MailApi {
 public:
  MailApi(AuthContext& context, gateway::Gateway& gateway) : context_(context), gateway_(gateway) {}

  Result<gateway::Actor> actor(const Request& request) { return gatewayActor(context_, request); }

  Response list(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto holds = gateway_.mailHolds(*who);
    if (!holds.isOk()) return errorFromStatus(holds.status());
    json out = json::array();
    for (const gateway::MailHold& h : *holds) out.push_back(holdJson(h));
    return Response::json(
        200, json({{"holds", out}}).dump(-1, ' ', false, json::error_handler_t::replace));
  }

  Response password(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    auto index = body->find("index");
    if (index == body->end() || !index->is_number_integer()) {
      return errorFromStatus(Status::invalidArgument("index (the held file's number) is required"));
    }
    auto transfer = gateway_.openHeldFile(*who, stringField(*body, "reference"),
                                          index->get<int64_t>(), stringField(*body, "password"));
    if (!transfer.isOk()) return errorFromStatus(transfer.status());
    return Response::json(
        200,
        json({{"transfer", {{"id", transfer->id}, {"state", gateway::stateName(transfer->state)}}}})
            .dump());
  }

  Response original(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    auto released = gateway_.releaseMailOriginal(*who, stringField(*body, "reference"),
                                                 stringField(*body, "reason"));
    if (!released.isOk()) return errorFromStatus(released.status());
    store::UniqueFd fd(::open(released->path().c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd.valid()) return errorFromStatus(Status::ioError("cannot open the released original"));
    return fileAttachment(std::move(fd), released->name());
  }

  Response decide(Request& request, bool release) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    Status done = gateway_.decideHeldMail(*who, stringField(*body, "reference"), release,
                                          stringField(*body, "comment"));
    if (!done.isOk()) return errorFromStatus(done);
    return Response::json(200, json({{"state", release ? "released" : "discarded"}}).dump());
  }

 private:
  AuthContext& context_;
  gateway::Gateway& gateway_;
};

}  // namespace

void addMailRoutes(Router& router, AuthContext& context, gateway::Gateway& gateway) {
  auto api = std::make_shared<MailApi>(context, gateway);
  const std::string base = "/api/v1/mail-holds";
  router.add("GET", base, [api](Request& r) { return api->list(r); });
  router.add(
      "POST", base + "/password", [api](Request& r) { return api->password(r); }, jsonAdmission());
  router.add(
      "POST", base + "/original", [api](Request& r) { return api->original(r); }, jsonAdmission());
  router.add(
      "POST", base + "/release", [api](Request& r) { return api->decide(r, true); },
      jsonAdmission());
  router.add(
      "POST", base + "/discard", [api](Request& r) { return api->decide(r, false); },
      jsonAdmission());
}

}  // namespace sanso::http
