// risk: the likelihood and impact scales, the bands of their product and the acceptable score.
#include "sections.h"

namespace sanso::policy {
namespace {

// At most this many steps per scale (a 10x10 matrix).
constexpr size_t kMaxScaleSteps = 10;

// A scale, lowest first, with values 1..N in order.
std::vector<RiskLevel> readScale(const Field& field, Diagnostics& diags) {
  std::vector<RiskLevel> scale;
  auto items = readBoundedSequence(field, kMaxScaleSteps, diags);
  if (!items) return scale;
  if (items->size() < 2) diags.add(field.mark, "'" + field.name + "': expected at least 2 steps");
  for (const Field& item : *items) {
    MapReader map(item, {"id", "name", "value", "description"}, diags);
    if (!map.ok()) continue;
    RiskLevel level;
    Field id = map.require("id");
    level.id = readId(id, diags).value_or("");
    for (const RiskLevel& other : scale) {
      if (!level.id.empty() && other.id == level.id) {
        diags.add(id.mark, "duplicate id '" + level.id + "' in '" + field.name + "'");
      }
    }
    level.name = readString(map.require("name"), diags, 200).value_or("");
    Field value = map.require("value");
    level.value = static_cast<int>(readInt(value, 1, kMaxScaleSteps, diags).value_or(0));
    const int expected = static_cast<int>(scale.size()) + 1;
    if (level.value != 0 && level.value != expected) {
      diags.add(value.mark, "'value': expected " + std::to_string(expected) +
                                " (values run 1..N, lowest first, without gaps)");
    }
    if (Field description = map.get("description"); description.present()) {
      level.description = readString(description, diags).value_or("");
    }
    scale.push_back(std::move(level));
  }
  return scale;
}

void readBands(const Field& field, RiskMatrix& risk, Diagnostics& diags) {
  auto items = readBoundedSequence(field, kMaxScaleSteps, diags);
  if (!items) return;
  if (items->empty()) diags.add(field.mark, "'bands': expected at least one band");
  const int top = static_cast<int>(risk.likelihood.size() * risk.impact.size());
  for (const Field& item : *items) {
    MapReader map(item, {"id", "name", "max_score", "treatment"}, diags);
    if (!map.ok()) continue;
    RiskBand band;
    Field id = map.require("id");
    band.id = readId(id, diags).value_or("");
    for (const RiskBand& other : risk.bands) {
      if (!band.id.empty() && other.id == band.id) {
        diags.add(id.mark, "duplicate band id '" + band.id + "'");
      }
    }
    band.name = readString(map.require("name"), diags, 200).value_or("");
    Field max_score = map.require("max_score");
    band.max_score = static_cast<int>(
        readInt(max_score, 1, static_cast<int64_t>(kMaxScaleSteps * kMaxScaleSteps), diags)
            .value_or(0));
    if (band.max_score != 0 && !risk.bands.empty() &&
        band.max_score <= risk.bands.back().max_score) {
      diags.add(max_score.mark, "'max_score': bands ascend (previous band: " +
                                    std::to_string(risk.bands.back().max_score) + ")");
    }
    band.treatment = readString(map.require("treatment"), diags).value_or("");
    risk.bands.push_back(std::move(band));
  }
  if (!risk.bands.empty() && risk.bands.back().max_score != 0 && top > 0 &&
      risk.bands.back().max_score < top) {
    diags.add(field.mark, "'bands': the last band must cover the highest score " +
                              std::to_string(top) + " (likelihood x impact)");
  }
}

}  // namespace

void readRisk(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(field, {"likelihood", "impact", "bands", "acceptable_score"}, diags);
  if (!map.ok()) return;
  RiskMatrix& risk = pack.risk;
  risk.likelihood = readScale(map.require("likelihood"), diags);
  risk.impact = readScale(map.require("impact"), diags);
  if (Field bands = map.require("bands"); bands.present()) readBands(bands, risk, diags);
  const int top = static_cast<int>(risk.likelihood.size() * risk.impact.size());
  Field acceptable = map.require("acceptable_score");
  if (acceptable.present() && top > 0) {
    risk.acceptable_score = static_cast<int>(readInt(acceptable, 1, top, diags).value_or(0));
  }
}

}  // namespace sanso::policy
