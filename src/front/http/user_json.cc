#include "user_json.h"

namespace sanso::http {

nlohmann::json userJson(const auth::User& user) {
  return {{"id", user.id},
          {"login", user.login},
          {"display_name", user.display_name},
          {"department_id", user.department_id},
          {"role", user.role},
          {"email", user.email},
          {"totp_enabled", user.totp_enabled},
          {"disabled", user.disabled},
          {"must_change_password", user.must_change_password}};
}

}  // namespace sanso::http
