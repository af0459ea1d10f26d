// threats and measures: the policy's sections 3 (対象とする脅威) and 6 (情報セキュリティ対策) as
// data for the ISMS, numbered as in the policy.
#include "sections.h"

namespace sanso::policy {
namespace {

// The fields both kinds share; `body_key` is "examples" or "text". False when the item is
// unusable (already reported).
template <typename Item>
bool readItem(const Field& item, const char* body_key, std::vector<Item>& list, std::string& body,
              Item& out, Diagnostics& diags) {
  MapReader map(item, {"id", "number", "name", body_key, "clause", "translations"}, diags);
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
    Threat threat;
    if (readItem(item, "examples", pack.threats, threat.examples, threat, diags)) {
      pack.threats.push_back(std::move(threat));
    }
  }
}

void readMeasures(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  for (const Field& item : readSequence(field, diags).value_or(std::vector<Field>{})) {
    Measure measure;
    if (readItem(item, "text", pack.measures, measure.text, measure, diags)) {
      pack.measures.push_back(std::move(measure));
    }
  }
}

}  // namespace sanso::policy
