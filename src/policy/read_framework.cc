// threats and measures: the policy's sections 3 (対象とする脅威) and 6 (情報セキュリティ対策) as
// data for the ISMS, numbered as in the policy; each threat names the controls that counter it.
#include "sections.h"

namespace sanso::policy {
namespace {

// The fields both kinds share; `body_key` is "examples" or "text". False when the item is
// unusable (already reported).
template <typename Item>
bool readItem(const MapReader& map, const char* body_key, std::vector<Item>& list,
              std::string& body, Item& out, Diagnostics& diags) {
  if (!map.ok()) return false;
  Field id = map.require("id");
  out.id = readId(id, diags).value_or("");
  for (const Item& other : list) {
    if (!out.id.empty() && other.id == out.id) diags.add(id.mark, "duplicate id '" + out.id + "'");
  }
  Field number = map.require("number");
  out.number = static_cast<int>(readInt(number, 1, 99, diags).value_or(0));
  if (out.number != 0 && out.number != static_cast<int>(list.size()) + 1) {
    diags.add(number.mark, "'number': expected " + std::to_string(list.size() + 1) +
                               " (numbers follow the policy, from 1 without gaps)");
  }
  out.name = readString(map.require("name"), diags, 200).value_or("");
  body = readString(map.require(body_key), diags, 8192).value_or("");
  out.clause = readString(map.require("clause"), diags, 64).value_or("");
  out.translations = readTranslations(map.get("translations"), diags);
  return true;
}

}  // namespace

void readThreats(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  for (const Field& item : readSequence(field, diags).value_or(std::vector<Field>{})) {
    MapReader map(item, {"id", "number", "name", "examples", "clause", "controls", "translations"},
                  diags);
    Threat threat;
    if (readItem(map, "examples", pack.threats, threat.examples, threat, diags)) {
      if (Field controls = map.get("controls"); controls.present()) {
        threat.controls = readControlReferences(controls, pack, diags);
      }
      pack.threats.push_back(std::move(threat));
    }
  }
}

void readMeasures(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  for (const Field& item : readSequence(field, diags).value_or(std::vector<Field>{})) {
    MapReader map(item, {"id", "number", "name", "text", "clause", "translations"}, diags);
    Measure measure;
    if (readItem(map, "text", pack.measures, measure.text, measure, diags)) {
      pack.measures.push_back(std::move(measure));
    }
  }
}

}  // namespace sanso::policy
