// urn, version, locale, name, translations, the revision history and the dependencies.
#include <algorithm>

#include "sections.h"

namespace sanso::policy {
namespace {

bool isUrn(std::string_view urn) {
  if (urn.rfind("urn:", 0) != 0 || urn.size() < 6) return false;
  return std::all_of(urn.begin(), urn.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' ||
           c == '-' || c == '.' || c == '_';
  });
}

// "YYYY-MM".
bool isYearMonth(std::string_view date) {
  if (date.size() != 7 || date[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (date[i] < '0' || date[i] > '9') return false;
  }
  int month = (date[5] - '0') * 10 + (date[6] - '0');
  return month >= 1 && month <= 12;
}

void readRevisions(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  auto items = readSequence(field, diags);
  if (!items) return;
  for (const auto& item : *items) {
    MapReader map(item, {"date", "version", "reason"}, diags);
    if (!map.ok()) continue;
    Revision revision;
    Field date = map.require("date");
    if (auto text = readString(date, diags)) {
      if (!isYearMonth(*text)) {
        diags.add(date.mark, "'date': expected YYYY-MM, got '" + *text + "'");
      } else if (!pack.revisions.empty() && *text < pack.revisions.back().date) {
        diags.add(date.mark, "'date': revisions must be listed oldest first");
      }
      revision.date = *text;
    }
    revision.version = readString(map.require("version"), diags, 32).value_or("");
    revision.reason = readString(map.require("reason"), diags).value_or("");
    pack.revisions.push_back(std::move(revision));
  }
}

}  // namespace

void readDependencies(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  for (const Field& item :
       readBoundedSequence(field, kMaxFrameworkItems, diags).value_or(std::vector<Field>{})) {
    MapReader map(item, {"urn", "min_version"}, diags);
    if (!map.ok()) continue;
    PackDependency dependency;
    Field urn = map.require("urn");
    if (auto text = readString(urn, diags, 256)) {
      if (!isUrn(*text)) {
        diags.add(urn.mark, "'urn': expected urn:NAMESPACE:NAME (ASCII letters, digits, ':-._')");
      } else if (*text == pack.urn) {
        diags.add(urn.mark, "'urn': a pack cannot depend on itself");
      } else if (std::any_of(pack.dependencies.begin(), pack.dependencies.end(),
                             [&](const PackDependency& d) { return d.urn == *text; })) {
        diags.add(urn.mark, "duplicate dependency '" + *text + "'");
      }
      dependency.urn = *text;
    }
    dependency.min_version =
        static_cast<int>(readInt(map.require("min_version"), 1, 1000000, diags).value_or(0));
    pack.dependencies.push_back(std::move(dependency));
  }
}

void readMetadata(const MapReader& root, PolicyPack& pack, Diagnostics& diags) {
  Field urn = root.require("urn");
  if (auto text = readString(urn, diags, 256)) {
    if (!isUrn(*text)) {
      diags.add(urn.mark, "'urn': expected urn:NAMESPACE:NAME (ASCII letters, digits, ':-._')");
    }
    pack.urn = *text;
  }
  pack.version = static_cast<int>(readInt(root.require("version"), 1, 1000000, diags).value_or(0));
  Field locale = root.require("locale");
  if (auto text = readString(locale, diags, 16)) {
    if (*text != "ja") {
      diags.add(locale.mark,
                "'locale': only ja is supported (names in other languages go in translations)");
    }
    pack.locale = *text;
  }
  pack.name = readString(root.require("name"), diags).value_or("");
  pack.translations = readTranslations(root.get("translations"), diags);
  if (Field revisions = root.get("revisions"); revisions.present()) {
    readRevisions(revisions, pack, diags);
  }
  if (Field dependencies = root.get("dependencies"); dependencies.present()) {
    readDependencies(dependencies, pack, diags);
  }
}

}  // namespace sanso::policy
