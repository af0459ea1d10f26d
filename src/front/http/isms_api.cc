#include "sanso/http/isms_api.h"

#include <nlohmann/json.hpp>

#include "isms_files.h"
#include "isms_json.h"
#include "json_body.h"
#include "sanso/auth/jst_day.h"
#include "sanso/http/transfer_api.h"
#include "temp_file.h"

namespace sanso::http {
namespace {

using nlohmann::json;

std::string dumpJson(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

Response ok(const json& value) { return Response::json(200, dumpJson(value)); }

Result<int64_t> idQuery(const Request& request, const std::string& key) {
  auto value = queryNumber(request.query, key, 0);
  if (!value || *value == 0)
    return Status::invalidArgument(key + " (a positive number) is required");
  return static_cast<int64_t>(*value);
}

Result<int64_t> idField(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_number_integer() || it->get<int64_t>() <= 0) {
    return Status::invalidArgument(std::string(key) + " (a positive number) is required");
  }
  return it->get<int64_t>();
}

class IsmsApi {
 public:
  IsmsApi(AuthContext& context, isms::Isms& isms, IsmsApiConfig config)
      : context_(context), isms_(isms), config_(std::move(config)), json_(isms) {}

  Result<isms::Actor> actor(const Request& request) {
    SANSO_ASSIGN_OR_RETURN(Caller caller, authenticate(context_, request));
    return isms::Actor{caller.user.id, caller.user.role, caller.user.department_id, request.zone};
  }

  Response kinds(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    return ok(json_.kinds(*who));
  }

  Response list(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto kind = queryValue(request.query, "kind");
    auto parent = queryNumber(request.query, "parent", 0);
    auto department = queryNumber(request.query, "department", 0);
    if (!kind || !parent || !department) {
      return errorFromStatus(
          Status::invalidArgument("kind is required; parent and department are numbers"));
    }
    isms::ListFilter filter{static_cast<int64_t>(*parent), static_cast<int64_t>(*department)};
    auto records = isms_.list(*who, *kind, filter);
    if (!records.isOk()) return errorFromStatus(records.status());
    json out = json::array();
    for (const isms::Record& r : *records) out.push_back(json_.record(*who, r));
    return ok({{"records", out}});
  }

  Response get(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto id = idQuery(request, "id");
    if (!id.isOk()) return errorFromStatus(id.status());
    auto record = isms_.get(*who, *id);
    if (!record.isOk()) return errorFromStatus(record.status());
    return ok({{"record", json_.record(*who, *record)}});
  }

  Response create(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    int64_t department = body->value("department_id", int64_t{0});
    auto record = isms_.create(*who, stringField(*body, "kind"), department,
                               body->value("fields", json::object()));
    return recordReply(*who, record);
  }

  Response update(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    auto id = idField(*body, "id");
    auto version = idField(*body, "version");
    if (!id.isOk()) return errorFromStatus(id.status());
    if (!version.isOk()) return errorFromStatus(version.status());
    return recordReply(*who,
                       isms_.update(*who, *id, *version, body->value("fields", json::object())));
  }

  Response remove(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    auto id = idField(*body, "id");
    auto version = idField(*body, "version");
    if (!id.isOk()) return errorFromStatus(id.status());
    if (!version.isOk()) return errorFromStatus(version.status());
    Status done = isms_.remove(*who, *id, *version, stringField(*body, "reason"));
    if (!done.isOk()) return errorFromStatus(done);
    return ok({{"removed", *id}});
  }

  Response reportIncident(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    return recordReply(*who, isms_.reportIncident(*who, body->value("fields", json::object())));
  }

  Response incidentEvent(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    auto id = idField(*body, "id");
    if (!id.isOk()) return errorFromStatus(id.status());
    return recordReply(*who, isms_.addIncidentEvent(*who, *id, stringField(*body, "event"),
                                                    stringField(*body, "text"),
                                                    body->value("changes", json::object())));
  }

  Response answer(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    auto campaign = idField(*body, "campaign");
    if (!campaign.isOk()) return errorFromStatus(campaign.status());
    return recordReply(*who,
                       isms_.answer(*who, *campaign, body->value("department_id", int64_t{0}),
                                    stringField(*body, "requirement"), stringField(*body, "result"),
                                    stringField(*body, "comment"), stringField(*body, "evidence")));
  }

  Response rollup(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto id = idQuery(request, "campaign");
    if (!id.isOk()) return errorFromStatus(id.status());
    auto result = isms_.rollup(*who, *id);
    if (!result.isOk()) return errorFromStatus(result.status());
    return ok(json_.rollup(*who, *result));
  }

  Response completeCourse(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    auto course = idField(*body, "course");
    if (!course.isOk()) return errorFromStatus(course.status());
    return recordReply(*who, isms_.completeCourse(*who, *course));
  }

  Response acknowledge(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    return recordReply(*who, isms_.acknowledgeObligations(*who));
  }

  Response soa(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto controls = isms_.statementOfApplicability(*who, config_.live_check);
    if (!controls.isOk()) return errorFromStatus(controls.status());
    return ok({{"controls", json_.controls(*who, *controls)}});
  }

  Response due(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto days = queryNumber(request.query, "days", 30);
    if (!days || *days > 366) return errorFromStatus(Status::invalidArgument("days: 0 to 366"));
    auto items = isms_.dueItems(*who, static_cast<int>(*days));
    if (!items.isOk()) return errorFromStatus(items.status());
    return ok({{"items", json_.dueItems(*items)}});
  }

  Response dashboard(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto board = json_.dashboard(*who, config_.blocked_since);
    if (!board.isOk()) return errorFromStatus(board.status());
    return ok(*board);
  }

  Response history(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto kind = queryValue(request.query, "doc_kind");
    if (!kind) return errorFromStatus(Status::invalidArgument("doc_kind is required"));
    auto rows = json_.revisionHistory(*who, *kind);
    if (!rows.isOk()) return errorFromStatus(rows.status());
    return ok({{"revisions", *rows}});
  }

  Response exportFile(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto what = queryValue(request.query, "report");
    auto format = queryValue(request.query, "format");
    auto campaign = queryNumber(request.query, "campaign", 0);
    if (!what || !format || !campaign) {
      return errorFromStatus(Status::invalidArgument("report and format are required"));
    }
    return reportFile(isms_, *who, config_, *what, *format, static_cast<int64_t>(*campaign));
  }

  std::pair<BodyPolicy, std::unique_ptr<Response>> admitEvidence(const Request& head) {
    auto who = actor(head);
    if (!who.isOk()) {
      return {BodyPolicy{}, std::make_unique<Response>(errorFromStatus(who.status()))};
    }
    BodyPolicy policy;
    policy.mode = BodyMode::kFile;
    policy.limit = isms::kMaxEvidenceBytes;
    policy.file = uniqueFilePath(config_.work_dir, "evidence", ".bin");
    return {policy, nullptr};
  }

  Response addEvidence(Request& request) {
    RemoveOnExit remove(request.body_file);
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto record = idQuery(request, "record");
    auto name = queryValue(request.query, "name");
    if (!record.isOk()) return errorFromStatus(record.status());
    if (!name || name->empty()) return errorFromStatus(Status::invalidArgument("name is required"));
    if (request.body_file.empty()) return errorFromStatus(Status::invalidArgument("no body"));
    auto added = isms_.addEvidence(*who, *record, request.body_file, *name);
    if (!added.isOk()) return errorFromStatus(added.status());
    return ok({{"evidence", json_.evidence(*added)}});
  }

  Response listEvidence(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto record = idQuery(request, "record");
    if (!record.isOk()) return errorFromStatus(record.status());
    auto all = isms_.evidenceOf(*who, *record);
    if (!all.isOk()) return errorFromStatus(all.status());
    json out = json::array();
    for (const isms::Evidence& e : *all) out.push_back(json_.evidence(e));
    return ok({{"evidence", out}});
  }

  Response getEvidence(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto id = idQuery(request, "id");
    if (!id.isOk()) return errorFromStatus(id.status());
    auto opened = isms_.openEvidence(*who, *id);
    if (!opened.isOk()) return errorFromStatus(opened.status());
    return fileAttachment(std::move(opened->second), opened->first.name);
  }

  Response trainingStatus(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto course = idQuery(request, "course");
    if (!course.isOk()) return errorFromStatus(course.status());
    return completionReply(isms_.trainingStatus(*who, *course));
  }

  Response obligationsStatus(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    return completionReply(isms_.acknowledgementStatus(*who));
  }

  std::pair<BodyPolicy, std::unique_ptr<Response>> admitImport(const Request& head) {
    auto who = actor(head);
    if (!who.isOk()) {
      return {BodyPolicy{}, std::make_unique<Response>(errorFromStatus(who.status()))};
    }
    BodyPolicy policy;
    policy.mode = BodyMode::kFile;
    policy.limit = kMaxImportBytes;
    policy.file = importPath(config_);
    return {policy, nullptr};
  }

  Response importFile(Request& request) {
    RemoveOnExit remove(request.body_file);
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto kind = queryValue(request.query, "kind");
    if (!kind) return errorFromStatus(Status::invalidArgument("kind is required"));
    if (request.body_file.empty()) return errorFromStatus(Status::invalidArgument("no body"));
    auto created = importRecords(isms_, *who, *kind, request.body_file);
    if (!created.isOk()) return errorFromStatus(created.status());
    return ok({{"created", *created}});
  }

 private:
  Response completionReply(const Result<std::vector<isms::Completion>>& users) {
    if (!users.isOk()) return errorFromStatus(users.status());
    return ok({{"users", json_.completions(*users)}});
  }

  Response recordReply(const isms::Actor& who, const Result<isms::Record>& record) {
    if (!record.isOk()) return errorFromStatus(record.status());
    return ok({{"record", json_.record(who, *record)}});
  }

  AuthContext& context_;
  isms::Isms& isms_;
  IsmsApiConfig config_;
  IsmsJson json_;
};

}  // namespace

void addIsmsRoutes(Router& router, AuthContext& context, isms::Isms& isms, IsmsApiConfig config) {
  auto api = std::make_shared<IsmsApi>(context, isms, std::move(config));
  const std::string base = "/api/v1/isms";
  auto get = [&](const std::string& path, Response (IsmsApi::*handler)(Request&)) {
    router.add("GET", base + path, [api, handler](Request& r) { return ((*api).*handler)(r); });
  };
  auto post = [&](const std::string& path, Response (IsmsApi::*handler)(Request&)) {
    router.add(
        "POST", base + path, [api, handler](Request& r) { return ((*api).*handler)(r); },
        jsonAdmission());
  };
  get("/kinds", &IsmsApi::kinds);
  get("/records", &IsmsApi::list);
  get("/record", &IsmsApi::get);
  post("/records", &IsmsApi::create);
  post("/records/update", &IsmsApi::update);
  post("/records/delete", &IsmsApi::remove);
  post("/incidents/report", &IsmsApi::reportIncident);
  post("/incidents/event", &IsmsApi::incidentEvent);
  post("/answers", &IsmsApi::answer);
  get("/rollup", &IsmsApi::rollup);
  post("/training/complete", &IsmsApi::completeCourse);
  post("/obligations/acknowledge", &IsmsApi::acknowledge);
  get("/soa", &IsmsApi::soa);
  get("/due", &IsmsApi::due);
  get("/dashboard", &IsmsApi::dashboard);
  get("/documents/history", &IsmsApi::history);
  get("/export", &IsmsApi::exportFile);
  get("/evidence", &IsmsApi::getEvidence);
  get("/evidence/list", &IsmsApi::listEvidence);
  get("/training/status", &IsmsApi::trainingStatus);
  get("/obligations/status", &IsmsApi::obligationsStatus);
  router.add(
      "POST", base + "/evidence", [api](Request& r) { return api->addEvidence(r); },
      [api](const Request& head) { return api->admitEvidence(head); });
  router.add(
      "POST", base + "/import", [api](Request& r) { return api->importFile(r); },
      [api](const Request& head) { return api->admitImport(head); });
}

}  // namespace sanso::http
