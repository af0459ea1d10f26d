// classification: per dimension an ordered list of levels (most protected first), each with
// its handling rules. The scheme is data: the government's 3A/3B/3C/2/1 or an older 3/2/1.
#include "sections.h"

namespace sanso::policy {
namespace {

// The dimensions the basic policy names (1. 目的, 2(5)-(7)), in this order.
constexpr std::string_view kDimensions[] = {"confidentiality", "integrity", "availability"};

std::vector<std::string> readZoneList(const Field& field, const PolicyPack& pack,
                                      Diagnostics& diags) {
  auto ids = readStringList(field, true, diags);
  if (!ids) return {};
  auto items = readSequence(field, diags);
  for (size_t i = 0; i < ids->size(); ++i) {
    if (pack.findZone(ids->at(i)) == nullptr) {
      diags.add(items->at(i).mark, "'" + field.name + "': unknown zone '" + ids->at(i) + "'");
    }
  }
  if (ids->empty()) diags.add(field.mark, "'" + field.name + "': expected at least one zone");
  return *ids;
}

void readRule(const Field& item, const PolicyPack& pack, Level& level, Diagnostics& diags) {
  MapReader map(item, {"to", "outside", "action", "reason", "clause"}, diags);
  if (!map.ok()) return;
  HandlingRule rule;
  Field to = map.get("to");
  Field outside = map.get("outside");
  if (to.present() && outside.present()) {
    diags.add(map.mark(), "a rule has 'to' or 'outside', not both");
  }
  if (to.present()) rule.to = readZoneList(to, pack, diags);
  if (outside.present()) rule.outside = readZoneList(outside, pack, diags);
  auto action = readChoice(map.require("action"), {"deny", "approval"}, diags);
  rule.action = action == "approval" ? RuleAction::kApproval : RuleAction::kDeny;
  rule.reason = readString(map.require("reason"), diags).value_or("");
  if (Field clause = map.get("clause"); clause.present()) {
    rule.clause = readString(clause, diags, 64).value_or("");
  }
  level.rules.push_back(std::move(rule));
}

void readLevel(const Field& item, const PolicyPack& pack, Dimension& dimension,
               Diagnostics& diags) {
  MapReader map(item, {"id", "name", "description", "rules", "translations"}, diags);
  if (!map.ok()) return;
  Level level;
  Field id = map.require("id");
  if (auto text = readId(id, diags)) {
    if (dimension.findLevel(*text) != nullptr) {
      diags.add(id.mark, "duplicate level '" + *text + "' in " + dimension.id);
    }
    level.id = *text;
  }
  level.name = readString(map.require("name"), diags).value_or("");
  level.description = readString(map.require("description"), diags).value_or("");
  if (Field rules = map.get("rules"); rules.present()) {
    for (const auto& rule : readSequence(rules, diags).value_or(std::vector<Field>{})) {
      readRule(rule, pack, level, diags);
    }
  }
  level.translations = readTranslations(map.get("translations"), diags);
  for (auto& rule : level.rules) {
    if (rule.clause.empty()) rule.clause = dimension.clause;
  }
  if (!level.id.empty() && dimension.findLevel(level.id) == nullptr) {
    dimension.levels.push_back(std::move(level));
  }
}

void readDimension(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(field, {"name", "clause", "default_level", "levels", "translations"}, diags);
  if (!map.ok()) return;
  Dimension dimension;
  dimension.id = field.name;
  dimension.name = readString(map.require("name"), diags).value_or("");
  dimension.clause = readString(map.require("clause"), diags, 64).value_or("");
  dimension.translations = readTranslations(map.get("translations"), diags);
  Field levels = map.require("levels");
  if (auto items = readSequence(levels, diags)) {
    if (items->empty()) diags.add(levels.mark, "'levels': expected at least one level");
    for (const auto& item : *items) readLevel(item, pack, dimension, diags);
  }
  if (Field default_level = map.get("default_level"); default_level.present()) {
    if (auto id = readId(default_level, diags)) {
      if (dimension.findLevel(*id) == nullptr) {
        diags.add(default_level.mark,
                  "'default_level': unknown level '" + *id + "' in " + dimension.id);
      }
      dimension.default_level = *id;
    }
  }
  pack.classification.push_back(std::move(dimension));
}

}  // namespace

void readClassification(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(field, {kDimensions[0], kDimensions[1], kDimensions[2]}, diags);
  if (!map.ok()) return;
  for (auto id : kDimensions) {
    if (Field dimension = map.require(id); dimension.present()) {
      readDimension(dimension, pack, diags);
    }
  }
}

}  // namespace sanso::policy
