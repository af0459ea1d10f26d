// Loading a pack: bounded read, YAML parse, section readers; yaml-cpp exceptions stop here.
#include "sanso/policy/loader.h"

#include <exception>

#include "sanso/common/file_io.h"
#include "sections.h"

namespace sanso::policy {
namespace {

Status invalid(const Diagnostics& diags, const std::string& source, std::string_view text) {
  return Status::blocked("policy-pack-invalid", diags.format(source, text));
}

PolicyPack readPack(const YAML::Node& document, const std::string& source, Diagnostics& diags) {
  PolicyPack pack;
  pack.source = source;
  MapReader root({document, document.Mark(), "pack"},
                 {"urn",        "version",       "locale",
                  "name",       "translations",  "revisions",
                  "zones",      "flows",         "classification",
                  "roles",      "retention",     "dlp",
                  "uploads",    "network",       "threats",
                  "measures",   "dependencies",  "requirements",
                  "controls",   "review_cycles", "incident_levels",
                  "risk",       "asset_kinds",   "document_kinds",
                  "isms_access"},
                 diags);
  if (!root.ok()) return pack;
  readMetadata(root, pack, diags);
  if (Field zones = root.require("zones"); zones.present()) readZones(zones, pack, diags);
  if (Field dlp = root.get("dlp"); dlp.present()) readDlp(dlp, pack, diags);
  if (Field flows = root.require("flows"); flows.present()) readFlows(flows, pack, diags);
  if (Field classification = root.require("classification"); classification.present()) {
    readClassification(classification, pack, diags);
  }
  if (Field roles = root.require("roles"); roles.present()) readRoles(roles, pack, diags);
  if (Field retention = root.require("retention"); retention.present()) {
    readRetention(retention, pack, diags);
  }
  if (Field uploads = root.require("uploads"); uploads.present()) {
    readUploads(uploads, pack, diags);
  }
  if (Field network = root.get("network"); network.present()) readNetwork(network, pack, diags);
  // The ISMS sections, all optional; controls first, since threats and requirements name them.
  if (Field controls = root.get("controls"); controls.present()) {
    readControls(controls, pack, diags);
  }
  if (Field threats = root.get("threats"); threats.present()) readThreats(threats, pack, diags);
  if (Field measures = root.get("measures"); measures.present()) {
    readMeasures(measures, pack, diags);
  }
  if (Field requirements = root.get("requirements"); requirements.present()) {
    readRequirements(requirements, pack, diags);
  }
  if (Field cycles = root.get("review_cycles"); cycles.present()) {
    readReviewCycles(cycles, pack, diags);
  }
  if (Field levels = root.get("incident_levels"); levels.present()) {
    readIncidentLevels(levels, pack, diags);
  }
  if (Field risk = root.get("risk"); risk.present()) readRisk(risk, pack, diags);
  if (Field kinds = root.get("asset_kinds"); kinds.present()) readAssetKinds(kinds, pack, diags);
  if (Field kinds = root.get("document_kinds"); kinds.present()) {
    readDocumentKinds(kinds, pack, diags);
  }
  if (Field access = root.get("isms_access"); access.present()) {
    readIsmsAccess(access, pack, diags);
  }
  return pack;
}

}  // namespace

Result<PolicyPack> parsePack(std::string_view yaml, const std::string& source) {
  Diagnostics diags;
  if (yaml.size() > kMaxPackBytes) {
    diags.add(YAML::Mark::null_mark(), "larger than " + std::to_string(kMaxPackBytes) + " bytes");
    return invalid(diags, source, yaml);
  }
  try {
    std::vector<YAML::Node> documents = YAML::LoadAll(std::string(yaml));
    if (documents.size() != 1) {
      diags.add(YAML::Mark::null_mark(), "expected exactly one YAML document");
      return invalid(diags, source, yaml);
    }
    PolicyPack pack = readPack(documents.front(), source, diags);
    if (!diags.empty()) return invalid(diags, source, yaml);
    return pack;
  } catch (const YAML::Exception& e) {
    diags.add(e.mark, "YAML syntax: " + e.msg);
  } catch (const std::exception& e) {
    diags.add(YAML::Mark::null_mark(), std::string("cannot read the pack: ") + e.what());
  }
  return invalid(diags, source, yaml);
}

Result<PolicyPack> loadPack(const std::string& path) {
  auto text = readFile(path, kMaxPackBytes);
  if (!text.isOk()) {
    const Status& st = text.status();
    std::string message = path + ": " + st.message();
    return st.isBlocked() ? Status::blocked(st.reason(), message) : Status::ioError(message);
  }
  return parsePack(*text, path);
}

}  // namespace sanso::policy
