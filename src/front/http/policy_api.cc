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

json riskScaleJson(const std::vector<policy::RiskLevel>& scale) {
  json out = json::array();
  for (const auto& level : scale) {
    out.push_back({{"id", level.id},
                   {"name", level.name},
                   {"value", level.value},
                   {"description", level.description}});
  }
  return out;
}

json riskJson(const policy::RiskMatrix& risk) {
  json bands = json::array();
  for (const auto& band : risk.bands) {
    bands.push_back({{"id", band.id},
                     {"name", band.name},
                     {"max_score", band.max_score},
                     {"treatment", band.treatment}});
  }
  json out = json::object();
  out["likelihood"] = riskScaleJson(risk.likelihood);
  out["impact"] = riskScaleJson(risk.impact);
  out["bands"] = bands;
  out["acceptable_score"] = risk.acceptable_score;
  return out;
}

// The ISMS sections (issue 7): the framework the registers and checklists are built from.
void addIsmsSections(const policy::PolicyPack& pack, json& answer) {
  json dependencies = json::array();
  for (const auto& d : pack.dependencies) {
    dependencies.push_back({{"urn", d.urn}, {"min_version", d.min_version}});
  }
  json requirements = json::array();
  for (const auto& r : pack.requirements) {
    requirements.push_back({{"id", r.id},
                            {"parent", r.parent},
                            {"clause", r.clause},
                            {"title", r.title},
                            {"text", r.text},
                            {"checkable", r.checkable},
                            {"controls", r.controls}});
  }
  json controls = json::array();
  for (const auto& c : pack.controls) {
    controls.push_back({{"id", c.id},
                        {"name", c.name},
                        {"description", c.description},
                        {"category", c.category},
                        {"clause", c.clause},
                        {"check", c.check}});
  }
  json cycles = json::array();
  for (const auto& c : pack.review_cycles) {
    cycles.push_back({{"id", c.id}, {"name", c.name}, {"months", c.months}, {"clause", c.clause}});
  }
  json levels = json::array();
  for (const auto& l : pack.incident_levels) {
    levels.push_back({{"id", l.id},
                      {"name", l.name},
                      {"description", l.description},
                      {"report_within_hours", l.report_within_hours},
                      {"resolve_within_hours", l.resolve_within_hours},
                      {"notify_roles", l.notify_roles}});
  }
  json assets = json::array();
  for (const auto& k : pack.asset_kinds) {
    assets.push_back({{"id", k.id}, {"name", k.name}, {"clause", k.clause}});
  }
  json documents = json::array();
  for (const auto& k : pack.document_kinds) {
    documents.push_back({{"id", k.id},
                         {"name", k.name},
                         {"clause", k.clause},
                         {"public", k.is_public},
                         {"readers", k.readers}});
  }
  json access = json::object();
  access["managers"] = pack.isms_access.managers;
  access["readers"] = pack.isms_access.readers;
  answer["dependencies"] = dependencies;
  answer["requirements"] = requirements;
  answer["controls"] = controls;
  answer["review_cycles"] = cycles;
  answer["incident_levels"] = levels;
  answer["risk"] = riskJson(pack.risk);
  answer["asset_kinds"] = assets;
  answer["document_kinds"] = documents;
  answer["isms_access"] = access;
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
                       {"clause", t.clause},
                       {"controls", t.controls}});
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
  addIsmsSections(pack, answer);
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
