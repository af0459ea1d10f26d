#include <nlohmann/json.hpp>

#include "sanso/policy/decision.h"

namespace sanso::policy {

std::string toJson(const Decision& decision) {
  nlohmann::ordered_json out;
  out["allowed"] = decision.allowed;
  out["methods"] = nlohmann::ordered_json::array();
  for (auto m : decision.methods) out["methods"].push_back(sanitize::methodName(m));
  out["approval"] = std::string(approvalName(decision.approval));
  out["dlp"] = std::string(dlpModeName(decision.dlp));
  out["retention"] = {{"originals_days", decision.retention.originals_days},
                      {"transfers_days", decision.retention.transfers_days},
                      {"audit_years", decision.retention.audit_years}};
  out["reasons"] = nlohmann::ordered_json::array();
  for (const auto& r : decision.reasons) {
    out["reasons"].push_back({{"text", r.text}, {"clause", r.clause}});
  }
  return out.dump(2);
}

}  // namespace sanso::policy
