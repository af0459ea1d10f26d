#include "sanso/policy/pack.h"

#include <algorithm>

namespace sanso::policy {
namespace {

template <typename T>
const T* findById(const std::vector<T>& items, std::string_view id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

std::string_view approvalName(Approval approval) {
  return approval == Approval::kSupervisor ? "supervisor" : "none";
}

std::string_view dlpModeName(DlpMode mode) {
  switch (mode) {
    case DlpMode::kOff:
      return "off";
    case DlpMode::kBlock:
      return "block";
    case DlpMode::kEscalate:
      return "escalate";
  }
  return "block";
}

bool HandlingRule::covers(std::string_view zone) const {
  if (!to.empty()) return std::find(to.begin(), to.end(), zone) != to.end();
  if (!outside.empty()) return std::find(outside.begin(), outside.end(), zone) == outside.end();
  return true;
}

const Level* Dimension::findLevel(std::string_view level_id) const {
  return findById(levels, level_id);
}

const Zone* PolicyPack::findZone(std::string_view zone_id) const {
  return findById(zones, zone_id);
}

const Flow* PolicyPack::findFlow(std::string_view from, std::string_view to) const {
  auto it = std::find_if(flows.begin(), flows.end(),
                         [&](const Flow& f) { return f.from == from && f.to == to; });
  return it == flows.end() ? nullptr : &*it;
}

const Dimension* PolicyPack::findDimension(std::string_view dimension_id) const {
  return findById(classification, dimension_id);
}

const Role* PolicyPack::findRole(std::string_view role_id) const {
  return findById(roles, role_id);
}

const Requirement* PolicyPack::findRequirement(std::string_view item_id) const {
  return findById(requirements, item_id);
}

const ReferenceControl* PolicyPack::findControl(std::string_view item_id) const {
  return findById(controls, item_id);
}

const ReviewCycle* PolicyPack::findReviewCycle(std::string_view item_id) const {
  return findById(review_cycles, item_id);
}

const IncidentLevel* PolicyPack::findIncidentLevel(std::string_view item_id) const {
  return findById(incident_levels, item_id);
}

const AssetKind* PolicyPack::findAssetKind(std::string_view item_id) const {
  return findById(asset_kinds, item_id);
}

const DocumentKind* PolicyPack::findDocumentKind(std::string_view item_id) const {
  return findById(document_kinds, item_id);
}

const RiskBand* RiskMatrix::bandOf(int score) const {
  for (const RiskBand& band : bands) {
    if (score <= band.max_score) return &band;
  }
  return nullptr;
}

}  // namespace sanso::policy
