#include "sanso/http/policy_api.h"

#include <memory>
#include <nlohmann/json.hpp>

namespace sanso::http {
namespace {

using nlohmann::json;

json flowJson(const policy::Flow& flow) {
  json methods = nullptr;
  if (flow.sanitize) {
    methods = json::array();
    for (auto method : flow.sanitize->default_methods) {
      methods.push_back(sanitize::methodName(method));
    }
  }
  return {{"from", flow.from},
          {"to", flow.to},
          {"allow", flow.allow},
          {"approval", policy::approvalName(flow.approval)},
          {"dlp", policy::dlpModeName(flow.dlp)},
          {"sanitize", methods},
          {"reason", flow.reason},
          {"clause", flow.clause}};
}

json dimensionJson(const policy::Dimension& dimension) {
  json levels = json::array();
  for (const auto& level : dimension.levels) {
    levels.push_back({{"id", level.id}, {"name", level.name}, {"description", level.description}});
  }
  return {{"id", dimension.id},
          {"name", dimension.name},
          {"clause", dimension.clause},
          {"default_level", dimension.default_level},
          {"levels", levels}};
}

}  // namespace

std::string policyJson(const policy::PolicyPack& pack) {
  json zones = json::array();
  for (const auto& zone : pack.zones) {
    zones.push_back({{"id", zone.id},
                     {"name", zone.name},
                     {"definition", zone.definition},
                     {"clause", zone.clause},
                     {"isolated", zone.isolated},
                     {"untrusted", zone.untrusted}});
  }
  json flows = json::array();
  for (const auto& flow : pack.flows) flows.push_back(flowJson(flow));
  json classification = json::array();
  for (const auto& dimension : pack.classification) {
    classification.push_back(dimensionJson(dimension));
  }
  json roles = json::array();
  for (const auto& role : pack.roles) {
    roles.push_back({{"id", role.id}, {"name", role.name}, {"admin", role.admin}});
  }
  json threats = json::array();
  for (const auto& t : pack.threats) {
    threats.push_back({{"id", t.id},
                       {"number", t.number},
                       {"name", t.name},
                       {"examples", t.examples},
                       {"clause", t.clause}});
  }
  json measures = json::array();
  for (const auto& m : pack.measures) {
    measures.push_back({{"id", m.id},
                        {"number", m.number},
                        {"name", m.name},
                        {"text", m.text},
                        {"clause", m.clause}});
  }
  json answer = {{"urn", pack.urn},
                 {"version", pack.version},
                 {"name", pack.name},
                 {"zones", zones},
                 {"flows", flows},
                 {"classification", classification},
                 {"roles", roles},
                 {"retention",
                  {{"originals_days", pack.retention.originals_days},
                   {"transfers_days", pack.retention.transfers_days},
                   {"audit_years", pack.retention.audit_years}}},
                 {"max_upload_bytes", pack.uploads.max_bytes},
                 {"threats", threats},
                 {"measures", measures}};
  return answer.dump();
}

void addPolicyRoutes(Router& router, AuthContext& context, const policy::PolicyPack& pack) {
  // The pack does not change while the server runs: its answer is built once.
  auto body = std::make_shared<const std::string>(policyJson(pack));
  router.add("GET", "/api/v1/policy", [&context, body](Request& request) {
    auto caller = authenticate(context, request);
    if (!caller.isOk()) return errorFromStatus(caller.status());
    return Response::json(200, *body);
  });
}

}  // namespace sanso::http
