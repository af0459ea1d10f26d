// retention and uploads: how long things are kept and how large an upload may be.
#include "sanso/common/limits.h"
#include "sections.h"

namespace sanso::policy {

void readRetention(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(field, {"originals_days", "transfers_days", "audit_years"}, diags);
  if (!map.ok()) return;
  auto days = [&](std::string_view key) {
    return static_cast<int>(readInt(map.require(key), 1, 3650, diags).value_or(0));
  };
  pack.retention.originals_days = days("originals_days");
  pack.retention.transfers_days = days("transfers_days");
  pack.retention.audit_years =
      static_cast<int>(readInt(map.require("audit_years"), 1, 100, diags).value_or(0));
}

void readUploads(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(field, {"max_bytes"}, diags);
  if (!map.ok()) return;
  // The engine refuses anything larger, so a larger limit would only promise what fails.
  auto engine_limit = static_cast<int64_t>(Limits{}.max_input_bytes);
  pack.uploads.max_bytes =
      static_cast<uint64_t>(readInt(map.require("max_bytes"), 1, engine_limit, diags).value_or(0));
}

}  // namespace sanso::policy
