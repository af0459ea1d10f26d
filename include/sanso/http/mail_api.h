// The mail-hold part of the JSON API (docs/api.md): held inbound mail and its encrypted
// attachments for their recipients (give a password, get the sanitized content as a
// transfer), originals and held outbound mail for security managers. A thin layer over
// gateway::Gateway, which decides what is visible.
#pragma once

#include "sanso/gateway/gateway.h"
#include "sanso/http/auth_api.h"
#include "sanso/http/router.h"

namespace sanso::http {

// Adds the /api/v1/mail-holds routes. Every reference must outlive the router.
void addMailRoutes(Router& router, AuthContext& context, gateway::Gateway& gateway);

}  // namespace sanso::http
