// Counts over the transfers for reports.
#include "sanso/gateway/gateway.h"

namespace sanso::gateway {

Result<std::map<std::string, int64_t>> Gateway::blockedSince(int64_t since) {
  SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
  SANSO_ASSIGN_OR_RETURN(store::Statement st,
                         session.prepare("SELECT reason, count(*) FROM transfers WHERE state = "
                                         "'blocked' AND created_at >= ?1 GROUP BY reason"));
  SANSO_RETURN_IF_ERROR(st.bindInt64(1, since));
  std::map<std::string, int64_t> out;
  for (;;) {
    SANSO_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    std::string reason = st.columnText(0);
    out[reason.empty() ? "unknown" : reason] += st.columnInt64(1);
  }
  return out;
}

}  // namespace sanso::gateway
