// The JSON of a user, the same in every API answer (GET /api/v1/me, login, the admin routes).
#pragma once

#include <nlohmann/json.hpp>

#include "sanso/auth/accounts.h"

namespace sanso::http {

// {"id","login","display_name","department_id","role","email","totp_enabled","disabled"}:
// never a secret (no hash, no TOTP secret).
nlohmann::json userJson(const auth::User& user);

}  // namespace sanso::http
