// The transfer part of the JSON API: create, upload, list, inspect, approve or reject,
// download, and release an original. A thin layer over gateway::Gateway: the caller is
// authenticate()'s, the zone is the listener's, and the gateway decides what is visible.
#pragma once

#include <cstdint>
#include <string>

#include "sanso/gateway/gateway.h"
#include "sanso/http/auth_api.h"
#include "sanso/http/router.h"

namespace sanso::http {

struct TransferApiConfig {
  std::string upload_dir;         // private directory for streamed uploads (emptied at start)
  uint64_t max_upload_bytes = 0;  // the policy pack's uploads.max_bytes
};

// Adds the /api/v1/transfers routes (docs/api.md). Every reference must outlive the router.
void addTransferRoutes(Router& router, AuthContext& context, gateway::Gateway& gateway,
                       const TransferApiConfig& config);

// `filename="<ASCII fallback>"; filename*=UTF-8''<RFC 5987 encoding>` for `name` (UTF-8).
std::string contentDispositionFor(const std::string& name);

// The gateway's caller for `request`: the authenticated user on the listener's zone.
Result<gateway::Actor> gatewayActor(AuthContext& context, const Request& request);

// A download of what `fd` yields, as `name` (application/octet-stream, nosniff).
Response fileAttachment(store::UniqueFd fd, const std::string& name);

}  // namespace sanso::http
