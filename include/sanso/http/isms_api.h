// The ISMS part of the JSON API (docs/api.md "ISMS"): the registers, campaigns, incidents,
// training, the statement of applicability with live checks, due items, the dashboard,
// import and export. A thin layer over isms::Isms, which decides what each caller may see.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "sanso/http/auth_api.h"
#include "sanso/http/router.h"
#include "sanso/isms/isms.h"

namespace sanso::http {

struct IsmsApiConfig {
  isms::LiveCheck live_check;  // answers the pack's control checks; null: "unknown"
  // Transfers blocked since a Unix time, counted by reason (the dashboard); null: none shown.
  std::function<Result<std::map<std::string, int64_t>>(int64_t since)> blocked_since;
  std::string organization;  // printed on reports
  std::string work_dir;      // where reports are written before they are sent
};

// The controls sanso checks itself (policy::ReferenceControl::check), answered from the loaded
// pack, the server's authentication settings and the audit chain. `pack` and `context` must
// outlive it. The audit chain's verification is repeated at most every ten minutes.
isms::LiveCheck ismsLiveChecks(const policy::PolicyPack& pack, AuthContext& context);

// Adds the /api/v1/isms/... routes. Every reference must outlive the router.
void addIsmsRoutes(Router& router, AuthContext& context, isms::Isms& isms, IsmsApiConfig config);

}  // namespace sanso::http
