// Pack differences: every section is flattened to items of named text fields, then the items
// are matched by id.
#include "sanso/policy/pack_diff.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

namespace sanso::policy {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Flat {
  std::string id;
  std::string name;
  Fields fields;
};

struct Section {
  const char* key;
  const char* label;
};

// In the order of the pack format (docs/policy.md).
constexpr Section kSections[] = {
    {"pack", "基本情報"},
    {"revisions", "改訂履歴"},
    {"dependencies", "依存するパック"},
    {"zones", "系"},
    {"flows", "経路"},
    {"classification", "分類の観点"},
    {"levels", "分類の区分"},
    {"roles", "役割"},
    {"dlp_patterns", "DLP パターン"},
    {"network_services", "通信サービス"},
    {"threats", "脅威"},
    {"measures", "対策"},
    {"requirements", "要求事項"},
    {"controls", "管理策"},
    {"review_cycles", "見直しの周期"},
    {"incident_levels", "インシデントの区分"},
    {"risk_likelihood", "リスクの発生可能性"},
    {"risk_impact", "リスクの影響度"},
    {"risk_bands", "リスクの区分"},
    {"asset_kinds", "情報資産の種類"},
    {"document_kinds", "文書の種類"},
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string yesNo(bool value) { return value ? "true" : "false"; }

std::string translations(const Translations& t) {
  std::string out;
  for (const auto& [locale, translation] : t) {
    out += (out.empty() ? "" : "; ") + locale + ": " + translation.name;
    if (!translation.description.empty()) out += " / " + translation.description;
  }
  return out;
}

std::string mapText(const std::map<std::string, std::string>& m) {
  std::string out;
  for (const auto& [key, value] : m) out += (out.empty() ? "" : ", ") + key + "=" + value;
  return out;
}

std::string methods(const std::vector<sanitize::Method>& list) {
  std::vector<std::string> names;
  for (auto method : list) names.push_back(sanitize::methodName(method));
  return join(names);
}

std::string sanitizeText(const std::optional<SanitizePlan>& plan) {
  if (!plan) return "";
  std::string out = "default: " + methods(plan->default_methods);
  for (const auto& [type, list] : plan->by_type) out += "; " + type + ": " + methods(list);
  return out;
}

std::string rulesText(const std::vector<HandlingRule>& rules) {
  std::string out;
  for (const auto& rule : rules) {
    if (!out.empty()) out += "; ";
    out += rule.action == RuleAction::kDeny ? "deny" : "approval";
    if (!rule.to.empty()) out += " to [" + join(rule.to) + "]";
    if (!rule.outside.empty()) out += " outside [" + join(rule.outside) + "]";
    out += " " + rule.reason + " (" + rule.clause + ")";
  }
  return out;
}

template <typename T, typename Flatten>
std::vector<Flat> flatten(const std::vector<T>& items, Flatten f) {
  std::vector<Flat> out;
  for (const T& item : items) out.push_back(f(item));
  return out;
}

Flat packItem(const PolicyPack& p) {
  return {"pack",
          p.name,
          {{"name", p.name},
           {"locale", p.locale},
           {"translations", translations(p.translations)},
           {"retention.originals_days", std::to_string(p.retention.originals_days)},
           {"retention.transfers_days", std::to_string(p.retention.transfers_days)},
           {"retention.audit_years", std::to_string(p.retention.audit_years)},
           {"uploads.max_bytes", std::to_string(p.uploads.max_bytes)},
           {"dlp.on_hit", std::string(dlpModeName(p.dlp.on_hit))},
           {"network.clause", p.network.clause},
           {"network.interfaces", mapText(p.network.interfaces)},
           {"network.gateway.addresses", mapText(p.network.gateway_addresses)},
           {"risk.acceptable_score", std::to_string(p.risk.acceptable_score)},
           {"isms_access.managers", join(p.isms_access.managers)},
           {"isms_access.readers", join(p.isms_access.readers)}}};
}

// Each section of `p`, flattened, in kSections order.
std::vector<std::vector<Flat>> flattenPack(const PolicyPack& p) {
  std::vector<Flat> levels;
  for (const auto& d : p.classification) {
    for (const auto& l : d.levels) {
      levels.push_back({d.id + "/" + l.id,
                        l.name,
                        {{"name", l.name},
                         {"description", l.description},
                         {"rules", rulesText(l.rules)},
                         {"translations", translations(l.translations)}}});
    }
  }
  return {
      {packItem(p)},
      flatten(p.revisions,
              [](const Revision& r) -> Flat {
                return {r.version, r.reason, {{"date", r.date}, {"reason", r.reason}}};
              }),
      flatten(p.dependencies,
              [](const PackDependency& d) -> Flat {
                return {d.urn, d.urn, {{"min_version", std::to_string(d.min_version)}}};
              }),
      flatten(p.zones,
              [](const Zone& z) -> Flat {
                return {z.id,
                        z.name,
                        {{"name", z.name},
                         {"definition", z.definition},
                         {"measure", z.measure},
                         {"clause", z.clause},
                         {"isolated", yesNo(z.isolated)},
                         {"untrusted", yesNo(z.untrusted)},
                         {"networks", join(z.networks)},
                         {"translations", translations(z.translations)}}};
              }),
      flatten(p.flows,
              [](const Flow& f) -> Flat {
                return {f.from + "->" + f.to,
                        f.reason,
                        {{"allow", yesNo(f.allow)},
                         {"reason", f.reason},
                         {"clause", f.clause},
                         {"exception", f.exception},
                         {"sanitize", sanitizeText(f.sanitize)},
                         {"approval", std::string(approvalName(f.approval))},
                         {"dlp", std::string(dlpModeName(f.dlp))}}};
              }),
      flatten(p.classification,
              [](const Dimension& d) -> Flat {
                return {d.id,
                        d.name,
                        {{"name", d.name},
                         {"clause", d.clause},
                         {"default_level", d.default_level},
                         {"translations", translations(d.translations)}}};
              }),
      levels,
      flatten(p.roles,
              [](const Role& r) -> Flat {
                return {r.id,
                        r.name,
                        {{"name", r.name},
                         {"clause", r.clause},
                         {"duties", join(r.duties)},
                         {"admin", yesNo(r.admin)},
                         {"translations", translations(r.translations)}}};
              }),
      flatten(p.dlp.patterns,
              [](const DlpPattern& d) -> Flat {
                return {d.id,
                        d.name,
                        {{"name", d.name}, {"keywords", join(d.keywords)}, {"regex", d.regex}}};
              }),
      flatten(p.network.services,
              [](const NetworkService& s) -> Flat {
                return {s.id,
                        s.name,
                        {{"name", s.name},
                         {"protocol", s.protocol},
                         {"port", std::to_string(s.port)},
                         {"from", join(s.from)},
                         {"to", s.to},
                         {"to_networks", join(s.to_networks)},
                         {"clause", s.clause},
                         {"exception", s.exception}}};
              }),
      flatten(p.threats,
              [](const Threat& t) -> Flat {
                return {t.id,
                        t.name,
                        {{"number", std::to_string(t.number)},
                         {"name", t.name},
                         {"examples", t.examples},
                         {"clause", t.clause},
                         {"controls", join(t.controls)},
                         {"translations", translations(t.translations)}}};
              }),
      flatten(p.measures,
              [](const Measure& m) -> Flat {
                return {m.id,
                        m.name,
                        {{"number", std::to_string(m.number)},
                         {"name", m.name},
                         {"text", m.text},
                         {"clause", m.clause},
                         {"translations", translations(m.translations)}}};
              }),
      flatten(p.requirements,
              [](const Requirement& r) -> Flat {
                return {r.id,
                        r.title,
                        {{"parent", r.parent},
                         {"clause", r.clause},
                         {"title", r.title},
                         {"text", r.text},
                         {"checkable", yesNo(r.checkable)},
                         {"controls", join(r.controls)},
                         {"translations", translations(r.translations)}}};
              }),
      flatten(p.controls,
              [](const ReferenceControl& c) -> Flat {
                return {c.id,
                        c.name,
                        {{"name", c.name},
                         {"description", c.description},
                         {"category", c.category},
                         {"clause", c.clause},
                         {"check", c.check},
                         {"translations", translations(c.translations)}}};
              }),
      flatten(p.review_cycles,
              [](const ReviewCycle& c) -> Flat {
                return {
                    c.id,
                    c.name,
                    {{"name", c.name}, {"months", std::to_string(c.months)}, {"clause", c.clause}}};
              }),
      flatten(p.incident_levels,
              [](const IncidentLevel& l) -> Flat {
                return {l.id,
                        l.name,
                        {{"name", l.name},
                         {"description", l.description},
                         {"report_within_hours", std::to_string(l.report_within_hours)},
                         {"resolve_within_hours", std::to_string(l.resolve_within_hours)},
                         {"notify_roles", join(l.notify_roles)}}};
              }),
      flatten(p.risk.likelihood,
              [](const RiskLevel& l) -> Flat {
                return {l.id,
                        l.name,
                        {{"name", l.name},
                         {"value", std::to_string(l.value)},
                         {"description", l.description}}};
              }),
      flatten(p.risk.impact,
              [](const RiskLevel& l) -> Flat {
                return {l.id,
                        l.name,
                        {{"name", l.name},
                         {"value", std::to_string(l.value)},
                         {"description", l.description}}};
              }),
      flatten(p.risk.bands,
              [](const RiskBand& b) -> Flat {
                return {b.id,
                        b.name,
                        {{"name", b.name},
                         {"max_score", std::to_string(b.max_score)},
                         {"treatment", b.treatment}}};
              }),
      flatten(p.asset_kinds,
              [](const AssetKind& k) -> Flat {
                return {k.id, k.name, {{"name", k.name}, {"clause", k.clause}}};
              }),
      flatten(p.document_kinds,
              [](const DocumentKind& k) -> Flat {
                return {k.id,
                        k.name,
                        {{"name", k.name},
                         {"clause", k.clause},
                         {"public", yesNo(k.is_public)},
                         {"readers", join(k.readers)}}};
              }),
  };
}

// The items of a section by id (the first of repeated ids), so that matching stays
// n log n however long the lists of a pack are.
std::map<std::string, const Flat*> byId(const std::vector<Flat>& items) {
  std::map<std::string, const Flat*> out;
  for (const Flat& item : items) out.emplace(item.id, &item);
  return out;
}

const Flat* findFlat(const std::map<std::string, const Flat*>& items, const std::string& id) {
  auto it = items.find(id);
  return it == items.end() ? nullptr : it->second;
}

std::string fieldValue(const Fields& fields, const std::string& name) {
  for (const auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return "";
}

std::vector<FieldChange> changedFields(const Flat& before, const Flat& after) {
  std::vector<FieldChange> out;
  for (const auto& [key, value] : after.fields) {
    std::string old_value = fieldValue(before.fields, key);
    if (old_value != value) out.push_back({key, old_value, value});
  }
  return out;
}

void diffSection(const char* key, const std::vector<Flat>& before, const std::vector<Flat>& after,
                 std::vector<ItemChange>& out) {
  const auto before_ids = byId(before);
  const auto after_ids = byId(after);
  std::vector<std::string> common_before;
  std::vector<std::string> common_after;
  for (const Flat& item : after) {
    const Flat* old_item = findFlat(before_ids, item.id);
    if (old_item == nullptr) {
      out.push_back({key, ChangeKind::kAdded, item.id, item.name, {}});
      continue;
    }
    common_after.push_back(item.id);
    auto fields = changedFields(*old_item, item);
    if (!fields.empty()) out.push_back({key, ChangeKind::kChanged, item.id, item.name, fields});
  }
  for (const Flat& item : before) {
    if (findFlat(after_ids, item.id) == nullptr) {
      out.push_back({key, ChangeKind::kRemoved, item.id, item.name, {}});
    } else {
      common_before.push_back(item.id);
    }
  }
  if (common_before != common_after) {
    out.push_back({key,
                   ChangeKind::kChanged,
                   "",
                   "順序",
                   {{"order", join(common_before), join(common_after)}}});
  }
}

// At most `limit` characters of `text` (UTF-8), "…" marking a cut; "（なし）" when empty.
std::string shortened(const std::string& text, size_t limit) {
  if (text.empty()) return "（なし）";
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars++ == limit) return text.substr(0, i) + "…";
  }
  return text;
}

std::string oneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

}  // namespace

std::string_view sectionLabel(std::string_view section) {
  for (const auto& s : kSections) {
    if (section == s.key) return s.label;
  }
  return section;
}

std::string_view changeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
    case ChangeKind::kChanged:
      return "changed";
  }
  return "changed";
}

PackDiff diffPacks(const PolicyPack& before, const PolicyPack& after) {
  PackDiff diff{before.urn, before.version, after.urn, after.version, {}};
  const auto old_sections = flattenPack(before);
  const auto new_sections = flattenPack(after);
  for (size_t i = 0; i < std::size(kSections); ++i) {
    diffSection(kSections[i].key, old_sections.at(i), new_sections.at(i), diff.changes);
  }
  return diff;
}

std::string diffText(const PackDiff& diff) {
  std::string out = "旧: " + diff.before_urn + " 版 " + std::to_string(diff.before_version) + "\n";
  out += "新: " + diff.after_urn + " 版 " + std::to_string(diff.after_version) + "\n";
  if (diff.before_urn != diff.after_urn) out += "注意: URN が異なる（別のパック）\n";
  if (diff.changes.empty()) return out + "差分なし\n";
  out += "変更 " + std::to_string(diff.changes.size()) + " 件\n";
  for (const auto& section : kSections) {
    int counts[3] = {0, 0, 0};
    std::string lines;
    for (const auto& change : diff.changes) {
      if (change.section != section.key) continue;
      ++counts[static_cast<int>(change.kind)];
      const char* mark = change.kind == ChangeKind::kAdded     ? "+ 追加"
                         : change.kind == ChangeKind::kRemoved ? "- 削除"
                                                               : "~ 変更";
      lines += "  " + std::string(mark) + " " + change.id + (change.id.empty() ? "" : " ") +
               shortened(oneLine(change.name), 40) + "\n";
      for (const auto& field : change.fields) {
        lines += "      " + field.field + ": " + shortened(oneLine(field.before), 60) + " → " +
                 shortened(oneLine(field.after), 60) + "\n";
      }
    }
    if (lines.empty()) continue;
    out += "\n[" + std::string(section.label) + " " + section.key + "] 追加 " +
           std::to_string(counts[0]) + "、削除 " + std::to_string(counts[1]) + "、変更 " +
           std::to_string(counts[2]) + "\n" + lines;
  }
  return out;
}

std::string diffJson(const PackDiff& diff) {
  using nlohmann::json;
  json changes = json::array();
  for (const auto& change : diff.changes) {
    json fields = json::array();
    for (const auto& field : change.fields) {
      json entry = json::object();
      entry["field"] = field.field;
      entry["before"] = field.before;
      entry["after"] = field.after;
      fields.push_back(entry);
    }
    json item = json::object();
    item["section"] = change.section;
    item["section_name"] = std::string(sectionLabel(change.section));
    item["change"] = std::string(changeKindName(change.kind));
    item["id"] = change.id;
    item["name"] = change.name;
    item["fields"] = fields;
    changes.push_back(item);
  }
  json answer = json::object();
  answer["before"] = {{"urn", diff.before_urn}, {"version", diff.before_version}};
  answer["after"] = {{"urn", diff.after_urn}, {"version", diff.after_version}};
  answer["changes"] = changes;
  return answer.dump();
}

}  // namespace sanso::policy
