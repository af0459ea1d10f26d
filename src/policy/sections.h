// The readers of the pack's top-level sections. Each validates its section, including the
// references it makes to sections read before it (zones before flows and classification,
// dlp before flows), and fills its part of the pack.
#pragma once

#include "diagnostics.h"
#include "sanso/policy/pack.h"
#include "yaml_read.h"

namespace sanso::policy {

// urn, version, locale, name, translations, revisions.
void readMetadata(const MapReader& root, PolicyPack& pack, Diagnostics& diags);
// zones.
void readZones(const Field& field, PolicyPack& pack, Diagnostics& diags);
// dlp: on_hit and patterns.
void readDlp(const Field& field, PolicyPack& pack, Diagnostics& diags);
// flows (needs zones and dlp).
void readFlows(const Field& field, PolicyPack& pack, Diagnostics& diags);
// classification (needs zones).
void readClassification(const Field& field, PolicyPack& pack, Diagnostics& diags);
// roles.
void readRoles(const Field& field, PolicyPack& pack, Diagnostics& diags);
// retention.
void readRetention(const Field& field, PolicyPack& pack, Diagnostics& diags);
// uploads.
void readUploads(const Field& field, PolicyPack& pack, Diagnostics& diags);
// threats and measures: the policy's sections 3 and 6 as written.
void readThreats(const Field& field, PolicyPack& pack, Diagnostics& diags);
void readMeasures(const Field& field, PolicyPack& pack, Diagnostics& diags);
// network (needs zones and flows).
void readNetwork(const Field& field, PolicyPack& pack, Diagnostics& diags);
// Whether `text` is an address block ("192.0.2.0/24", "2001:db8::/32").
bool isCidr(const std::string& text);
// Whether `text` is one IPv4 or IPv6 address.
bool isAddress(const std::string& text);

}  // namespace sanso::policy
