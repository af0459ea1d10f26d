// The readers of the pack's top-level sections. Each validates its section, including the
// references it makes to sections read before it (zones before flows and classification,
// dlp before flows), and fills its part of the pack.
#pragma once

#include "diagnostics.h"
#include "sanso/policy/pack.h"
#include "yaml_read.h"

namespace sanso::policy {

// urn, version, locale, name, translations, revisions, dependencies.
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
// threats and measures: the policy's sections 3 and 6 as written (threats need controls).
void readThreats(const Field& field, PolicyPack& pack, Diagnostics& diags);
void readMeasures(const Field& field, PolicyPack& pack, Diagnostics& diags);
// dependencies: the packs this pack builds on (needs urn; readMetadata calls it).
void readDependencies(const Field& field, PolicyPack& pack, Diagnostics& diags);
// controls: the reference controls (before threats and requirements, which name them).
void readControls(const Field& field, PolicyPack& pack, Diagnostics& diags);
// A list of control ids, each of which must be in pack.controls already.
std::vector<std::string> readControlReferences(const Field& field, const PolicyPack& pack,
                                               Diagnostics& diags);
// requirements: the requirement tree, parents first (needs controls).
void readRequirements(const Field& field, PolicyPack& pack, Diagnostics& diags);
// review_cycles.
void readReviewCycles(const Field& field, PolicyPack& pack, Diagnostics& diags);
// incident_levels (needs roles).
void readIncidentLevels(const Field& field, PolicyPack& pack, Diagnostics& diags);
// risk: the likelihood x impact matrix and its bands.
void readRisk(const Field& field, PolicyPack& pack, Diagnostics& diags);
// asset_kinds.
void readAssetKinds(const Field& field, PolicyPack& pack, Diagnostics& diags);
// document_kinds (needs roles).
void readDocumentKinds(const Field& field, PolicyPack& pack, Diagnostics& diags);
// isms_access (needs roles).
void readIsmsAccess(const Field& field, PolicyPack& pack, Diagnostics& diags);
// The most items one list of the ISMS sections may hold.
inline constexpr size_t kMaxFrameworkItems = 1000;
// network (needs zones and flows).
void readNetwork(const Field& field, PolicyPack& pack, Diagnostics& diags);
// Whether `text` is an address block ("192.0.2.0/24", "2001:db8::/32").
bool isCidr(const std::string& text);
// Whether `text` is one IPv4 or IPv6 address.
bool isAddress(const std::string& text);

}  // namespace sanso::policy
