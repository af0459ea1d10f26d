#include "sanso/sanitize/report.h"

#include <nlohmann/json.hpp>

namespace sanso::sanitize {
namespace {

nlohmann::ordered_json factsJson(const FileFacts& facts) {
  return {{"sha256", facts.sha256}, {"size", facts.size}, {"type", facts.type}};
}

nlohmann::ordered_json actionsJson(const std::vector<Action>& list) {
  auto actions = nlohmann::ordered_json::array();
  for (const auto& a : list) {
    nlohmann::ordered_json item = {{"action", a.action}, {"what", a.what}, {"where", a.where}};
    if (!a.detail.empty()) item["detail"] = a.detail;
    if (a.count != 1) item["count"] = a.count;
    actions.push_back(std::move(item));
  }
  return actions;
}

nlohmann::ordered_json membersJson(const std::vector<MemberReport>& list) {
  auto members = nlohmann::ordered_json::array();
  for (const auto& m : list) {
    nlohmann::ordered_json item = {{"name", m.name},
                                   {"output_name", m.output_name},
                                   {"input_type", m.input_type},
                                   {"output_type", m.output_type},
                                   {"verdict", verdictName(m.verdict)},
                                   {"reason", m.reason},
                                   {"message", m.message},
                                   {"actions", actionsJson(m.actions)}};
    if (!m.held_file.empty()) item["held_file"] = m.held_file;
    if (!m.members.empty()) item["members"] = membersJson(m.members);
    members.push_back(std::move(item));
  }
  return members;
}

}  // namespace

std::string verdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kClean: return "clean";
    case Verdict::kSanitized: return "sanitized";
    case Verdict::kBlocked: return "blocked";
  }
  return "blocked";
}

std::string methodName(Method method) {
  switch (method) {
    case Method::kCdr: return "cdr";
    case Method::kText: return "text";
    case Method::kImagePdf: return "image-pdf";
  }
  return "cdr";
}

bool parseMethod(const std::string& name, Method& method) {
  for (Method m : {Method::kCdr, Method::kText, Method::kImagePdf}) {
    if (methodName(m) == name) {
      method = m;
      return true;
    }
  }
  return false;
}

std::string toJson(const Report& report, bool pretty) {
  nlohmann::ordered_json j;
  j["schema"] = report.schema;
  j["engine"] = report.engine_version;
  j["input"] = factsJson(report.input);
  j["declared_name"] = report.declared_name;
  j["name_mismatch"] =
      report.name_mismatch ? nlohmann::ordered_json(*report.name_mismatch) : nlohmann::ordered_json(nullptr);
  j["method"] = methodName(report.method);
  j["verdict"] = verdictName(report.verdict);
  j["reason"] = report.reason;
  j["message"] = report.message;
  j["actions"] = actionsJson(report.actions);
  j["actions_truncated"] = report.actions_truncated;
  auto limits = nlohmann::ordered_json::array();
  for (const auto& e : report.limit_events) {
    limits.push_back({{"limit", e.limit}, {"where", e.where}, {"value", e.value}, {"max", e.max}});
  }
  j["limit_events"] = std::move(limits);
  j["output"] = report.output ? factsJson(*report.output) : nlohmann::ordered_json(nullptr);
  j["elapsed_ms"] = report.elapsed_ms;
  j["members"] = membersJson(report.members);
  // Strings from untrusted files may hold invalid UTF-8: replace rather than throw.
  return j.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace sanso::sanitize
