// zones: the network tiers and what the policy says of each.
#include <arpa/inet.h>

#include <charconv>

#include "sections.h"

namespace sanso::policy {
namespace {

void readZone(const Field& item, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(item,
                {"id", "name", "definition", "measure", "clause", "isolated", "untrusted",
                 "networks", "translations"},
                diags);
  if (!map.ok()) return;
  Zone zone;
  Field id = map.require("id");
  if (auto text = readId(id, diags)) {
    if (pack.findZone(*text) != nullptr) diags.add(id.mark, "duplicate zone id '" + *text + "'");
    zone.id = *text;
  }
  zone.name = readString(map.require("name"), diags).value_or("");
  zone.definition = readString(map.require("definition"), diags).value_or("");
  if (Field measure = map.get("measure"); measure.present()) {
    zone.measure = readString(measure, diags).value_or("");
  }
  zone.clause = readString(map.require("clause"), diags, 64).value_or("");
  if (Field isolated = map.get("isolated"); isolated.present()) {
    zone.isolated = readBool(isolated, diags).value_or(false);
  }
  if (Field untrusted = map.get("untrusted"); untrusted.present()) {
    zone.untrusted = readBool(untrusted, diags).value_or(false);
  }
  if (Field networks = map.get("networks"); networks.present()) {
    for (const auto& entry : readSequence(networks, diags).value_or(std::vector<Field>{})) {
      auto text = readString(entry, diags, 64);
      if (!text) continue;
      if (!isCidr(*text)) {
        diags.add(entry.mark, "'networks': '" + *text + "' is not an address block (a.b.c.d/n)");
      }
      zone.networks.push_back(*text);
    }
  }
  zone.translations = readTranslations(map.get("translations"), diags);
  if (!zone.id.empty() && pack.findZone(zone.id) == nullptr) pack.zones.push_back(zone);
}

}  // namespace

bool isCidr(const std::string& text) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return false;
  std::string address = text.substr(0, slash);
  unsigned char buffer[16];
  int max_prefix = 0;
  if (::inet_pton(AF_INET, address.c_str(), buffer) == 1) {
    max_prefix = 32;
  } else if (::inet_pton(AF_INET6, address.c_str(), buffer) == 1) {
    max_prefix = 128;
  } else {
    return false;
  }
  const char* begin = text.data() + slash + 1;
  const char* end = text.data() + text.size();
  int prefix = -1;
  auto [ptr, ec] = std::from_chars(begin, end, prefix);
  return ec == std::errc() && ptr == end && begin != end && prefix >= 0 && prefix <= max_prefix;
}

bool isAddress(const std::string& text) {
  unsigned char buffer[16];
  return ::inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         ::inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

void readZones(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  auto items = readSequence(field, diags);
  if (!items) return;
  if (items->size() < 2) diags.add(field.mark, "'zones': a pack needs at least two zones");
  for (const auto& item : *items) readZone(item, pack, diags);
}

}  // namespace sanso::policy
