// review_cycles, incident_levels, asset_kinds, document_kinds and isms_access: what the ISMS
// registers need from the pack besides the requirement tree and the controls.
#include <algorithm>

#include "sections.h"

namespace sanso::policy {
namespace {

// The cycles the ISMS schedules; a pack may leave some out, not invent others.
constexpr std::string_view kReviewCycles[] = {"policy-review",   "self-inspection", "audit",
                                              "asset-review",    "training",        "obligations",
                                              "contractor-check"};

std::vector<std::string> roleRefs(const Field& field, const PolicyPack& pack, Diagnostics& diags) {
  return readReferences(
      field, "role", [&](const std::string& id) { return pack.findRole(id) != nullptr; }, diags);
}

// The id of a new item of a list, or "" when it is missing, malformed or taken (reported).
template <typename Find>
std::string newId(const MapReader& map, const char* what, Find find, Diagnostics& diags) {
  Field id = map.require("id");
  std::string text = readId(id, diags).value_or("");
  if (!text.empty() && find(text) != nullptr) {
    diags.add(id.mark, "duplicate " + std::string(what) + " id '" + text + "'");
    return "";
  }
  return text;
}

void readReviewCycle(const Field& item, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(item, {"id", "name", "months", "clause"}, diags);
  if (!map.ok()) return;
  ReviewCycle cycle;
  cycle.id = newId(
      map, "review cycle", [&](const std::string& id) { return pack.findReviewCycle(id); }, diags);
  if (!cycle.id.empty() && std::find(std::begin(kReviewCycles), std::end(kReviewCycles),
                                     cycle.id) == std::end(kReviewCycles)) {
    std::string known;
    for (auto k : kReviewCycles) known += (known.empty() ? "" : ", ") + std::string(k);
    diags.add(map.get("id").mark,
              "'id': unknown review cycle '" + cycle.id + "' (known: " + known + ")");
    cycle.id.clear();
  }
  cycle.name = readString(map.require("name"), diags, 200).value_or("");
  cycle.months = static_cast<int>(readInt(map.require("months"), 1, 120, diags).value_or(12));
  cycle.clause = readString(map.require("clause"), diags, 64).value_or("");
  if (!cycle.id.empty()) pack.review_cycles.push_back(std::move(cycle));
}

void readIncidentLevel(const Field& item, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(
      item,
      {"id", "name", "description", "report_within_hours", "resolve_within_hours", "notify_roles"},
      diags);
  if (!map.ok()) return;
  IncidentLevel level;
  level.id = newId(
      map, "incident level", [&](const std::string& id) { return pack.findIncidentLevel(id); },
      diags);
  level.name = readString(map.require("name"), diags, 200).value_or("");
  level.description = readString(map.require("description"), diags).value_or("");
  Field report = map.require("report_within_hours");
  level.report_within_hours = static_cast<int>(readInt(report, 1, 8760, diags).value_or(0));
  // Most severe first: a less severe level is never to be reported sooner.
  if (!pack.incident_levels.empty() && level.report_within_hours != 0 &&
      level.report_within_hours < pack.incident_levels.back().report_within_hours) {
    diags.add(report.mark,
              "'report_within_hours': levels are listed most severe first, so the hours must "
              "not decrease (previous level: " +
                  std::to_string(pack.incident_levels.back().report_within_hours) + ")");
  }
  if (Field resolve = map.get("resolve_within_hours"); resolve.present()) {
    level.resolve_within_hours = static_cast<int>(readInt(resolve, 0, 87600, diags).value_or(0));
  }
  Field notify = map.require("notify_roles");
  level.notify_roles = roleRefs(notify, pack, diags);
  if (notify.node.IsSequence() && notify.node.size() == 0) {
    diags.add(notify.mark, "'notify_roles': expected at least one role");
  }
  if (!level.id.empty()) pack.incident_levels.push_back(std::move(level));
}

void readAssetKind(const Field& item, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(item, {"id", "name", "clause"}, diags);
  if (!map.ok()) return;
  AssetKind kind;
  kind.id = newId(
      map, "asset kind", [&](const std::string& id) { return pack.findAssetKind(id); }, diags);
  kind.name = readString(map.require("name"), diags, 200).value_or("");
  kind.clause = readString(map.require("clause"), diags, 64).value_or("");
  if (!kind.id.empty()) pack.asset_kinds.push_back(std::move(kind));
}

void readDocumentKind(const Field& item, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(item, {"id", "name", "clause", "public", "readers"}, diags);
  if (!map.ok()) return;
  DocumentKind kind;
  kind.id = newId(
      map, "document kind", [&](const std::string& id) { return pack.findDocumentKind(id); },
      diags);
  kind.name = readString(map.require("name"), diags, 200).value_or("");
  kind.clause = readString(map.require("clause"), diags, 64).value_or("");
  Field is_public = map.require("public");
  kind.is_public = readBool(is_public, diags).value_or(false);
  Field readers = map.get("readers");
  if (readers.present()) kind.readers = roleRefs(readers, pack, diags);
  if (kind.is_public && readers.present()) {
    diags.add(readers.mark, "'readers': a public document kind is read by everyone; drop it");
  } else if (is_public.present() && !kind.is_public && kind.readers.empty()) {
    diags.add(readers.present() ? readers.mark : is_public.mark,
              "a non-public document kind needs 'readers' (at least one role)");
  }
  if (!kind.id.empty()) pack.document_kinds.push_back(std::move(kind));
}

template <typename Reader>
void readList(const Field& field, PolicyPack& pack, Diagnostics& diags, Reader read) {
  for (const Field& item :
       readBoundedSequence(field, kMaxFrameworkItems, diags).value_or(std::vector<Field>{})) {
    read(item, pack, diags);
  }
}

}  // namespace

void readReviewCycles(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  readList(field, pack, diags, readReviewCycle);
}

void readIncidentLevels(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  readList(field, pack, diags, readIncidentLevel);
}

void readAssetKinds(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  readList(field, pack, diags, readAssetKind);
}

void readDocumentKinds(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  readList(field, pack, diags, readDocumentKind);
}

void readIsmsAccess(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(field, {"managers", "readers"}, diags);
  if (!map.ok()) return;
  Field managers = map.require("managers");
  pack.isms_access.managers = roleRefs(managers, pack, diags);
  if (managers.node.IsSequence() && managers.node.size() == 0) {
    diags.add(managers.mark, "'managers': expected at least one role");
  }
  if (Field readers = map.get("readers"); readers.present()) {
    pack.isms_access.readers = roleRefs(readers, pack, diags);
  }
}

}  // namespace sanso::policy
