// controls and requirements: the reference controls (管理策) and the requirement tree that
// self-inspection and audit checklists are built from.
#include <algorithm>
#include <iterator>

#include "sections.h"

namespace sanso::policy {
namespace {

// Requirement ids follow the policy's numbering: "6(2)", "6(2)-1". 1 to 64 characters of
// [A-Za-z0-9._-()].
bool isRequirementId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == '(' || c == ')';
  });
}

std::optional<std::string> readRequirementId(const Field& field, Diagnostics& diags) {
  auto text = readString(field, diags, 64);
  if (!text) return std::nullopt;
  if (!isRequirementId(*text)) {
    diags.add(field.mark,
              "'" + field.name + "': '" + *text +
                  "' is not a requirement id (letters, digits, '.', '_', '-', '(', ')')");
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> readOneOf(const Field& field, const std::vector<std::string>& choices,
                                     Diagnostics& diags) {
  if (!field.present()) return std::nullopt;
  if (field.node.IsScalar() &&
      std::find(choices.begin(), choices.end(), field.node.Scalar()) != choices.end()) {
    return field.node.Scalar();
  }
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : "|") + c;
  diags.add(field.mark, "'" + field.name + "': expected one of " + list);
  return std::nullopt;
}

std::vector<std::string> controlRefs(const Field& field, const PolicyPack& pack,
                                     Diagnostics& diags) {
  return readReferences(
      field, "control", [&](const std::string& id) { return pack.findControl(id) != nullptr; },
      diags);
}

void readControl(const Field& item, PolicyPack& pack, Diagnostics& diags) {
  static const std::vector<std::string> kCategories(std::begin(kControlCategories),
                                                    std::end(kControlCategories));
  static const std::vector<std::string> kChecks(std::begin(kControlChecks),
                                                std::end(kControlChecks));
  MapReader map(item, {"id", "name", "description", "category", "clause", "check", "translations"},
                diags);
  if (!map.ok()) return;
  ReferenceControl control;
  Field id = map.require("id");
  control.id = readId(id, diags).value_or("");
  if (!control.id.empty() && pack.findControl(control.id) != nullptr) {
    diags.add(id.mark, "duplicate control id '" + control.id + "'");
    return;
  }
  control.name = readString(map.require("name"), diags, 200).value_or("");
  control.description = readString(map.require("description"), diags).value_or("");
  control.category = readOneOf(map.require("category"), kCategories, diags).value_or("");
  control.clause = readString(map.require("clause"), diags, 64).value_or("");
  if (Field check = map.get("check"); check.present()) {
    control.check = readOneOf(check, kChecks, diags).value_or("");
  }
  control.translations = readTranslations(map.get("translations"), diags);
  if (!control.id.empty()) pack.controls.push_back(std::move(control));
}

void readRequirement(const Field& item, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(
      item, {"id", "parent", "clause", "title", "text", "checkable", "controls", "translations"},
      diags);
  if (!map.ok()) return;
  Requirement requirement;
  Field id = map.require("id");
  requirement.id = readRequirementId(id, diags).value_or("");
  if (!requirement.id.empty() && pack.findRequirement(requirement.id) != nullptr) {
    diags.add(id.mark, "duplicate requirement id '" + requirement.id + "'");
    return;
  }
  if (Field parent = map.get("parent"); parent.present()) {
    requirement.parent = readRequirementId(parent, diags).value_or("");
    // Parents come first: this also rules out cycles, a requirement being its own ancestor.
    if (!requirement.parent.empty() && pack.findRequirement(requirement.parent) == nullptr) {
      diags.add(parent.mark, "'parent': unknown requirement '" + requirement.parent +
                                 "' (a parent is listed before its children)");
    }
  }
  requirement.clause = readString(map.require("clause"), diags, 64).value_or("");
  requirement.title = readString(map.require("title"), diags, 200).value_or("");
  Field text = map.get("text");
  if (text.present()) requirement.text = readString(text, diags).value_or("");
  if (Field checkable = map.get("checkable"); checkable.present()) {
    requirement.checkable = readBool(checkable, diags).value_or(false);
    if (requirement.checkable && !text.present()) {
      diags.add(checkable.mark, "a checkable requirement needs 'text' (the checklist question)");
    }
  }
  if (Field controls = map.get("controls"); controls.present()) {
    requirement.controls = controlRefs(controls, pack, diags);
  }
  requirement.translations = readTranslations(map.get("translations"), diags);
  if (!requirement.id.empty()) pack.requirements.push_back(std::move(requirement));
}

}  // namespace

void readControls(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  for (const Field& item :
       readBoundedSequence(field, kMaxFrameworkItems, diags).value_or(std::vector<Field>{})) {
    readControl(item, pack, diags);
  }
}

void readRequirements(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  for (const Field& item :
       readBoundedSequence(field, kMaxFrameworkItems, diags).value_or(std::vector<Field>{})) {
    readRequirement(item, pack, diags);
  }
}

std::vector<std::string> readControlReferences(const Field& field, const PolicyPack& pack,
                                               Diagnostics& diags) {
  return controlRefs(field, pack, diags);
}

}  // namespace sanso::policy
