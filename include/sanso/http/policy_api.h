// The policy part of the JSON API: what the loaded policy pack says about zones, flows,
// classification levels, roles and retention, for the UI's forms and its read-only policy view.
#pragma once

#include <string>

#include "sanso/http/auth_api.h"
#include "sanso/http/router.h"
#include "sanso/policy/pack.h"

namespace sanso::http {

// The JSON answer of GET /api/v1/policy for `pack` (docs/api.md): zones, flows, classification
// dimensions with their levels in the pack's order, roles, retention, the upload limit, and the
// ISMS framework (threats, measures, requirements, controls, review cycles, incident levels,
// risk matrix, asset and document kinds, ISMS access).
// DLP patterns and zone networks are left out: they help evasion and mapping, not the user.
std::string policyJson(const policy::PolicyPack& pack);

// Adds GET /api/v1/policy (any logged-in user whose second factor is done). `pack` and
// `context` must outlive the router.
void addPolicyRoutes(Router& router, AuthContext& context, const policy::PolicyPack& pack);

}  // namespace sanso::http
