// network: where the zones and the 無害化 gateway sit on the wire, and the services between
// them. The crossings themselves stay in `flows`: a service only connects a zone with the
// gateway, and only a zone that takes part in an allowed flow (or names an exception).
#include <algorithm>

#include "sections.h"

namespace sanso::policy {
namespace {

// A zone id of the pack, or "gateway" when `gateway_ok`.
bool knownEndpoint(const PolicyPack& pack, const std::string& id, bool gateway_ok) {
  return (gateway_ok && id == kGatewayEndpoint) || pack.findZone(id) != nullptr;
}

// Whether zone `id` takes part in a flow the pack allows.
bool inAllowedFlow(const PolicyPack& pack, const std::string& id) {
  return std::any_of(pack.flows.begin(), pack.flows.end(),
                     [&](const Flow& f) { return f.allow && (f.from == id || f.to == id); });
}

std::map<std::string, std::string> readZoneMap(const Field& field, const PolicyPack& pack,
                                               bool addresses, Diagnostics& diags) {
  std::map<std::string, std::string> out;
  if (!field.present()) return out;
  if (!field.node.IsMap()) {
    diags.add(field.mark, "'" + field.name + "' must map zone ids to values");
    return out;
  }
  for (const auto& entry : field.node) {
    const std::string zone = entry.first.as<std::string>("");
    Field value{entry.second, entry.second.Mark(), zone};
    if (pack.findZone(zone) == nullptr) {
      diags.add(entry.first.Mark(), "'" + field.name + "': unknown zone '" + zone + "'");
      continue;
    }
    auto text = readString(value, diags, 64);
    if (!text) continue;
    if (addresses && !isAddress(*text)) {
      diags.add(value.mark, "'" + field.name + "': '" + *text + "' is not an IP address");
    } else if (!addresses &&
               (text->size() > 15 || text->find_first_of(" /\"\\") != std::string::npos)) {
      diags.add(value.mark, "'" + field.name + "': '" + *text + "' is not an interface name");
    }
    out[zone] = *text;
  }
  return out;
}

void readService(const Field& item, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(
      item, {"id", "name", "protocol", "port", "from", "to", "to_networks", "clause", "exception"},
      diags);
  if (!map.ok()) return;
  NetworkService service;
  Field id = map.require("id");
  service.id = readId(id, diags).value_or("");
  for (const NetworkService& other : pack.network.services) {
    if (!service.id.empty() && other.id == service.id) {
      diags.add(id.mark, "duplicate service id '" + service.id + "'");
    }
  }
  service.name = readString(map.require("name"), diags).value_or("");
  if (Field protocol = map.get("protocol"); protocol.present()) {
    service.protocol = readChoice(protocol, {"tcp", "udp"}, diags).value_or("tcp");
  }
  service.port = static_cast<int>(readInt(map.require("port"), 1, 65535, diags).value_or(0));
  Field from = map.require("from");
  service.from = readStringList(from, true, diags).value_or(std::vector<std::string>{});
  Field to = map.require("to");
  service.to = readId(to, diags).value_or("");
  if (!service.to.empty() && !knownEndpoint(pack, service.to, true)) {
    diags.add(to.mark, "'to': unknown zone '" + service.to + "' (or 'gateway')");
  }
  for (const std::string& f : service.from) {
    if (!knownEndpoint(pack, f, true)) {
      diags.add(from.mark, "'from': unknown zone '" + f + "' (or 'gateway')");
    }
  }
  const bool to_gateway = service.to == kGatewayEndpoint;
  const bool from_gateway = service.from.size() == 1 && service.from.front() == kGatewayEndpoint;
  if (to_gateway == from_gateway) {
    diags.add(item.mark,
              "service '" + service.id +
                  "': exactly one side must be the gateway (zones never connect directly: "
                  "6(3) 通信経路の分割)");
  }
  if (Field networks = map.get("to_networks"); networks.present()) {
    for (const std::string& block :
         readStringList(networks, false, diags).value_or(std::vector<std::string>{})) {
      if (!isCidr(block)) {
        diags.add(networks.mark, "'to_networks': '" + block + "' is not an address block");
      }
      service.to_networks.push_back(block);
    }
    if (to_gateway) diags.add(networks.mark, "'to_networks' is for services to a zone");
  }
  service.clause = readString(map.require("clause"), diags, 64).value_or("");
  if (Field exception = map.get("exception"); exception.present()) {
    service.exception = readString(exception, diags).value_or("");
  }
  // The zones this service connects with the gateway.
  std::vector<std::string> zones = to_gateway ? service.from : std::vector<std::string>{service.to};
  for (const std::string& zone : zones) {
    const Zone* z = pack.findZone(zone);
    if (z == nullptr) continue;
    if (!pack.network.gateway_addresses.count(zone)) {
      diags.add(item.mark, "service '" + service.id + "': the gateway has no address in zone '" +
                               zone + "' (network.gateway.addresses)");
    }
    if (z->networks.empty()) {
      diags.add(item.mark, "service '" + service.id + "': zone '" + zone + "' lists no networks");
    }
    if ((z->isolated || !inAllowedFlow(pack, zone)) && service.exception.empty()) {
      diags.add(item.mark, "service '" + service.id + "': zone '" + zone +
                               (z->isolated ? "' is isolated" : "' takes part in no allowed flow") +
                               "; a service with it must name an 'exception'");
    }
  }
  pack.network.services.push_back(std::move(service));
}

}  // namespace

void readNetwork(const Field& field, PolicyPack& pack, Diagnostics& diags) {
  MapReader map(field, {"clause", "interfaces", "gateway", "services"}, diags);
  if (!map.ok()) return;
  pack.network.present = true;
  pack.network.clause = readString(map.require("clause"), diags, 64).value_or("");
  pack.network.interfaces = readZoneMap(map.get("interfaces"), pack, false, diags);
  if (Field gateway = map.require("gateway"); gateway.present()) {
    MapReader g(gateway, {"addresses"}, diags);
    if (g.ok()) {
      pack.network.gateway_addresses = readZoneMap(g.require("addresses"), pack, true, diags);
    }
  }
  if (Field services = map.require("services"); services.present()) {
    for (const Field& item : readSequence(services, diags).value_or(std::vector<Field>{})) {
      readService(item, pack, diags);
    }
  }
}

}  // namespace sanso::policy
