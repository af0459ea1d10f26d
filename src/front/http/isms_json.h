// JSON views of ISMS records and results for the API: ids with their labels, names of users
// and departments, handling rules of an asset's levels, risk scores, roll-ups, the dashboard.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "sanso/isms/isms.h"

namespace sanso::http {

class IsmsJson {
 public:
  explicit IsmsJson(isms::Isms& isms) : isms_(isms) {}

  // The register kinds with their fields and choices, what the caller may create, and the
  // departments and users the caller may pick.
  nlohmann::json kinds(const isms::Actor& actor);
  nlohmann::json record(const isms::Actor& actor, const isms::Record& record);
  nlohmann::json rollup(const isms::Actor& actor, const isms::Rollup& rollup);
  nlohmann::json controls(const isms::Actor& actor,
                          const std::vector<isms::ControlStatus>& controls);
  nlohmann::json dueItems(const std::vector<isms::DueItem>& items);
  nlohmann::json evidence(const isms::Evidence& evidence);
  nlohmann::json completions(const std::vector<isms::Completion>& users);
  // Overdue items, open incidents, the risk heat map, campaign progress and transfers blocked
  // this month (JST) by reason.
  Result<nlohmann::json> dashboard(
      const isms::Actor& actor,
      const std::function<Result<std::map<std::string, int64_t>>(int64_t)>& blocked_since);
  // The 改訂履歴 of the documents of `doc_kind` the caller may read, oldest first.
  Result<nlohmann::json> revisionHistory(const isms::Actor& actor, const std::string& doc_kind);

 private:
  std::string departmentName(int64_t id);
  std::string userName(int64_t id);

  isms::Isms& isms_;
};

}  // namespace sanso::http
