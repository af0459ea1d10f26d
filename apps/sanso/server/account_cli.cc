#include "account_cli.h"

#include <cstdio>

#include "commands.h"
#include "sanso/audit/audit_log.h"

namespace sanso::app {

int failAccountCommand(const char* command, const Status& status) {
  std::fprintf(stderr, "sanso %s: %s\n", command, status.toString().c_str());
  return status.code() == StatusCode::kInvalidArgument || status.code() == StatusCode::kNotFound
             ? kExitUsage
             : kExitInternal;
}

Status recordCliChange(const std::string& data_dir, const std::string& action,
                       const std::string& object, nlohmann::json details) {
  SANSO_ASSIGN_OR_RETURN(auto log, audit::AuditLog::open(data_dir));
  details["via"] = "cli";
  return log->append({"cli", "", action, object, std::move(details)}).status();
}

}  // namespace sanso::app
