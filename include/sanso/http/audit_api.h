// The audit part of the JSON API: the audit log, newest first, and its verification, for the
// roles that may read the audit trail (security managers and auditors).
#pragma once

#include <set>
#include <string>

#include "sanso/http/auth_api.h"
#include "sanso/http/router.h"

namespace sanso::http {

struct AuditApiConfig {
  // Roles of the policy pack that may read and verify the audit log; everyone else gets 403.
  std::set<std::string> reader_roles = {"security-manager", "auditor"};
};

// Adds GET /api/v1/audit?before=<seq>&limit=<n> (a page of records, newest first) and
// GET /api/v1/audit/verify (what `sanso audit verify` checks). `context` must outlive the
// router; reads use context.audit.
void addAuditRoutes(Router& router, AuthContext& context, AuditApiConfig config);

}  // namespace sanso::http
