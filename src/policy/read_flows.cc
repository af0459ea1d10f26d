// flows: the crossings the pack allows or refuses, with their 無害化 plans.
#include <set>

#include "sanso/sanitize/engine.h"
#include "sanso/sanitize/file_type.h"
#include "sections.h"

namespace sanso::policy {
namespace {

using sanitize::Family;
using sanitize::Method;

// " (did you mean 'text'?)" when `name` is an extension of a known type.
std::string suggestType(std::string_view name) {
  for (const auto& info : sanitize::allTypes()) {
    for (auto ext : info.extensions) {
      if (ext == name) return " (did you mean '" + std::string(info.name) + "'?)";
    }
  }
  return "";
}

// A method chain; with `type`, every method must be one the engine offers for it.
std::optional<std::vector<Method>> readMethods(const Field& field,
                                               std::optional<sanitize::FileType> type,
                                               Diagnostics& diags) {
  auto names = readStringList(field, true, diags);
  if (!names) return std::nullopt;
  if (names->empty()) {
    diags.add(field.mark, "'" + field.name + "': expected at least one method");
    return std::nullopt;
  }
  auto items = readSequence(field, diags);
  std::vector<Method> methods;
  bool ok = true;
  for (size_t i = 0; i < names->size(); ++i) {
    const YAML::Mark& mark = items->at(i).mark;
    Method method;
    if (!sanitize::parseMethod(names->at(i), method)) {
      diags.add(mark, "unknown method '" + names->at(i) + "' (known: cdr, text, image-pdf)");
      ok = false;
    } else if (type && !sanitize::isAvailable(*type, method)) {
      diags.add(mark, "method '" + names->at(i) + "' is not available for " +
                          std::string(sanitize::typeName(*type)) + " (see `sanso formats`)");
      ok = false;
    }
    methods.push_back(method);
  }
  if (!ok) return std::nullopt;
  return methods;
}

void readByType(const Field& field, SanitizePlan& plan, Diagnostics& diags) {
  if (!field.node.IsMap()) {
    diags.add(field.mark, "'by_type': expected a mapping of file type to methods");
    return;
  }
  std::set<std::string> seen;
  for (const auto& pair : field.node) {
    YAML::Node key = pair.first;
    YAML::Node value = pair.second;
    std::string name = key.IsScalar() ? key.Scalar() : "";
    auto type = sanitize::typeFromName(name);
    if (!type || *type == sanitize::FileType::kUnknown) {
      diags.add(key.Mark(), "unknown file type '" + name + "'" + suggestType(name) +
                                " (types are as `sanso formats` prints them)");
      continue;
    }
    Family family = sanitize::typeInfo(*type).family;
    if (family == Family::kUnsupported) {
      diags.add(key.Mark(), "file type '" + name +
                                "' is refused by the engine; it cannot be "
                                "given 無害化 methods");
      continue;
    }
    if (!seen.insert(name).second) {
      diags.add(key.Mark(), "duplicate key '" + name + "'");
      continue;
    }
    Field methods_field{value, value.IsNull() ? key.Mark() : value.Mark(), name};
    if (auto methods = readMethods(methods_field, type, diags)) plan.by_type[name] = *methods;
  }
}

std::optional<SanitizePlan> readPlan(const Field& field, Diagnostics& diags) {
  MapReader map(field, {"default", "by_type"}, diags);
  if (!map.ok()) return std::nullopt;
  SanitizePlan plan;
  if (auto methods = readMethods(map.require("default"), std::nullopt, diags)) {
    plan.default_methods = *methods;
  }
  if (Field by_type = map.get("by_type"); by_type.present()) readByType(by_type, plan, diags);
  return plan;
}

const Zone* readZoneRef(const Field& field, const PolicyPack& pack, Diagnostics& diags) {
  auto id = readId(field, diags);
  if (!id) return nullptr;
  const Zone* zone = pack.findZone(*id);
  if (zone == nullptr) diags.add(field.mark, "'" + field.name + "': unknown zone '" + *id + "'");
  return zone;
}

// Keys that only an allowed flow may carry.
constexpr std::string_view kAllowOnly[] = {"sanitize", "approval", "dlp", "exception"};

void readFlow(const Field& item, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(
      item, {"from", "to", "allow", "reason", "clause", "exception", "sanitize", "approval", "dlp"},
      diags);
  if (!map.ok()) return;
  Flow flow;
  const Zone* from = readZoneRef(map.require("from"), pack, diags);
  const Zone* to = readZoneRef(map.require("to"), pack, diags);
  auto allow = readBool(map.require("allow"), diags);
  flow.allow = allow.value_or(false);
  flow.reason = readString(map.require("reason"), diags).value_or("");
  flow.clause = readString(map.require("clause"), diags, 64).value_or("");
  if (allow == false) {
    for (auto key : kAllowOnly) {
      if (Field f = map.get(key); f.present()) {
        diags.add(f.mark, "'" + std::string(key) + "' is only meaningful on an allowed flow");
      }
    }
  }
  if (Field exception = map.get("exception"); exception.present()) {
    flow.exception = readString(exception, diags).value_or("");
  }
  if (Field sanitize = map.get("sanitize"); sanitize.present()) {
    flow.sanitize = readPlan(sanitize, diags);
  }
  if (Field approval = map.get("approval"); approval.present()) {
    auto choice = readChoice(approval, {"none", "supervisor"}, diags);
    flow.approval = choice == "none" ? Approval::kNone : Approval::kSupervisor;
  }
  if (Field dlp = map.get("dlp"); dlp.present()) {
    auto choice = readChoice(dlp, {"off", "on", "block", "escalate"}, diags);
    flow.dlp = choice == "off"        ? DlpMode::kOff
               : choice == "on"       ? pack.dlp.on_hit
               : choice == "escalate" ? DlpMode::kEscalate
                                      : DlpMode::kBlock;
  }
  if (from == nullptr || to == nullptr) return;
  flow.from = from->id;
  flow.to = to->id;
  if (from == to) {
    diags.add(map.mark(), "a flow must join two different zones");
    return;
  }
  if (pack.findFlow(flow.from, flow.to) != nullptr) {
    diags.add(map.mark(), "duplicate flow " + flow.from + " -> " + flow.to);
    return;
  }
  if (flow.allow && (from->isolated || to->isolated) && flow.exception.empty()) {
    const Zone* isolated = from->isolated ? from : to;
    diags.add(map.mark(), "zone '" + isolated->id + "' is isolated (" + isolated->clause +
                              "): an allowed flow needs an 'exception' stating why");
  }
  if (flow.allow && from->untrusted && !flow.sanitize) {
    diags.add(map.mark(), "zone '" + from->id +
                              "' is untrusted: an allowed flow from it "
                              "needs 'sanitize'");
  }
  pack.flows.push_back(std::move(flow));
}

}  // namespace

void readFlows(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  auto items = readSequence(field, diags);
  if (!items) return;
  for (const auto& item : *items) readFlow(item, pack, diags);
}

}  // namespace sanso::policy
