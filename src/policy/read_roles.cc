// roles: the organisation of 6(1) as the accounts sanso knows.
#include "sections.h"

namespace sanso::policy {
namespace {

void readRole(const Field& item, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(item, {"id", "name", "clause", "duties", "admin", "translations"}, diags);
  if (!map.ok()) return;
  Role role;
  Field id = map.require("id");
  if (auto text = readId(id, diags)) {
    if (pack.findRole(*text) != nullptr) diags.add(id.mark, "duplicate role id '" + *text + "'");
    role.id = *text;
  }
  role.name = readString(map.require("name"), diags).value_or("");
  role.clause = readString(map.require("clause"), diags, 64).value_or("");
  Field duties = map.require("duties");
  role.duties = readStringList(duties, false, diags).value_or(std::vector<std::string>{});
  if (role.duties.empty() && duties.node.IsSequence()) {
    diags.add(duties.mark, "'duties': expected at least one duty");
  }
  role.admin = readBool(map.require("admin"), diags).value_or(true);
  role.translations = readTranslations(map.get("translations"), diags);
  if (!role.id.empty() && pack.findRole(role.id) == nullptr) pack.roles.push_back(role);
}

}  // namespace

void readRoles(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  auto items = readSequence(field, diags);
  if (!items) return;
  if (items->empty()) diags.add(field.mark, "'roles': expected at least one role");
  for (const auto& item : *items) readRole(item, pack, diags);
}

}  // namespace sanso::policy
