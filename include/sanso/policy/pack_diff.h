// What changed between two policy packs: a municipality loading its own or a newer government
// revision sees which requirements, controls, threats, flows... were added, removed or changed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sanso/policy/pack.h"

namespace sanso::policy {

// One field of an item, before and after, each as display text ("" when absent).
struct FieldChange {
  std::string field;  // "text", "controls", "translations"
  std::string before;
  std::string after;
};

enum class ChangeKind { kAdded, kRemoved, kChanged };

// One item of one section that is new, gone or different. The order of a section's items
// is itself an item: id "" and one field "order" when the common items moved.
struct ItemChange {
  std::string section;  // "requirements", "controls", "flows", ... (sectionLabel names it)
  ChangeKind kind = ChangeKind::kChanged;
  std::string id;    // the item's id; flows "from->to", classification levels "dimension/level"
  std::string name;  // its name or title in the newer pack (the older one when removed)
  std::vector<FieldChange> fields;  // kChanged only
};

struct PackDiff {
  std::string before_urn;
  int before_version = 0;
  std::string after_urn;
  int after_version = 0;
  std::vector<ItemChange> changes;  // by section, in the order the pack format lists them
};

// The differences from `before` to `after`. Settings that are not lists (retention, uploads,
// DLP mode, risk acceptance, ISMS access, network interfaces) are fields of the item "pack".
PackDiff diffPacks(const PolicyPack& before, const PolicyPack& after);

// The Japanese name of a section key ("requirements" -> 要求事項); the key when unknown.
std::string_view sectionLabel(std::string_view section);
// "added", "removed", "changed".
std::string_view changeKindName(ChangeKind kind);

// Readable text in Japanese: both versions, then per section the counts and one line per
// item, changed fields indented below it (long names and values shortened).
std::string diffText(const PackDiff& diff);
// {"before": {urn, version}, "after": {...}, "changes": [{section, section_name, change, id,
// name, fields: [{field, before, after}]}]}, values in full.
std::string diffJson(const PackDiff& diff);

}  // namespace sanso::policy
