// The policy pack: a municipality's basic policy as data (zones, flows between them,
// classification schemes, roles, retention, DLP patterns, upload limits).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanso/sanitize/options.h"

namespace sanso::policy {

// A name (and optional description) in a language other than the pack's own.
struct Translation {
  std::string name;
  std::string description;
};
// Keyed by locale ("en").
using Translations = std::map<std::string, Translation>;

// One line of the policy's 改訂履歴.
struct Revision {
  std::string date;     // "YYYY-MM"
  std::string version;  // "4.0"
  std::string reason;
};

// A network tier (系).
struct Zone {
  std::string id;          // "mynumber", "lgwan", "internet"
  std::string name;        // マイナンバー利用事務系
  std::string definition;  // what the policy says the zone is
  std::string measure;     // what the policy requires of it
  std::string clause;      // where: "2(8), 6(3)①"
  // Communication with other zones is denied; a flow that allows it must name an exception.
  bool isolated = false;
  // Nothing leaves this zone unsanitized: every allowed flow from it must sanitize.
  bool untrusted = false;
  std::vector<std::string> networks;  // CIDR blocks, for the network modules
  Translations translations;
};

enum class Approval { kNone, kSupervisor };
enum class DlpMode { kOff, kBlock, kEscalate };

// "none", "supervisor".
std::string_view approvalName(Approval approval);
// "off", "block", "escalate".
std::string_view dlpModeName(DlpMode mode);

// Which 無害化 methods a flow applies, in order of preference (the first that succeeds wins).
struct SanitizePlan {
  std::vector<sanitize::Method> default_methods;
  std::map<std::string, std::vector<sanitize::Method>> by_type;  // engine type name -> methods
};

// A permitted or explicitly refused crossing. Crossings no flow names are denied.
struct Flow {
  std::string from;
  std::string to;
  bool allow = false;
  std::string reason;
  std::string clause;     // "6(3)②"
  std::string exception;  // why an isolated zone may take part; required for such flows
  std::optional<SanitizePlan> sanitize;
  Approval approval = Approval::kNone;
  DlpMode dlp = DlpMode::kOff;  // `on` in the pack is resolved to the pack's dlp.on_hit
};

enum class RuleAction { kApproval, kDeny };

// A handling rule of one classification level, e.g. 機密性3A: deny outside LGWAN.
struct HandlingRule {
  // The destinations the rule covers: those in `to`, or those not in `outside`;
  // every destination when both are empty.
  std::vector<std::string> to;
  std::vector<std::string> outside;
  RuleAction action = RuleAction::kDeny;
  std::string reason;
  std::string clause;  // the dimension's clause when the pack gives none

  // True when the rule covers a transfer into `zone`.
  bool covers(std::string_view zone) const;
};

struct Level {
  std::string id;  // "3A", "2"
  std::string name;
  std::string description;
  std::vector<HandlingRule> rules;
  Translations translations;
};

// One classification dimension (機密性, 完全性, 可用性) with its levels, most protected first.
struct Dimension {
  std::string id;  // "confidentiality", "integrity", "availability"
  std::string name;
  std::string clause;
  std::string default_level;  // assumed for unlabeled information; empty: none assumed
  std::vector<Level> levels;
  Translations translations;

  // The level `id`, or nullptr.
  const Level* findLevel(std::string_view id) const;
};

struct Role {
  std::string id;
  std::string name;
  std::string clause;
  std::vector<std::string> duties;
  bool admin = false;  // administrative role: must sign in with TOTP
  Translations translations;
};

struct Retention {
  int originals_days = 0;  // quarantined originals
  int transfers_days = 0;  // sanitized files awaiting download
  int audit_years = 0;     // audit records
};

// A DLP pattern: a keyword list or one regular expression (Hyperscan/PCRE syntax).
struct DlpPattern {
  std::string id;
  std::string name;
  std::vector<std::string> keywords;
  std::string regex;
};

struct DlpSettings {
  DlpMode on_hit = DlpMode::kBlock;  // what `dlp: on` means for a flow
  std::vector<DlpPattern> patterns;
};

struct UploadLimits {
  uint64_t max_bytes = 0;
};

// One of the policy's threat categories (section 3), as written.
struct Threat {
  std::string id;
  int number = 0;                     // (1)..(N) in the policy
  std::string name;                   // 不正アクセス・外部攻撃
  std::string examples;               // the policy's examples, its lines joined with '\n'
  std::string clause;                 // "3(1)"
  std::vector<std::string> controls;  // ids of the reference controls that counter it
  Translations translations;
};

// One of the policy's information security measures (section 6), as written.
struct Measure {
  std::string id;
  int number = 0;    // (1)..(N) in the policy
  std::string name;  // 組織体制
  std::string text;  // the policy's text, its paragraphs and items joined with '\n'
  std::string clause;
  Translations translations;
};

// A pack this pack builds on (a municipality's pack on the government framework).
struct PackDependency {
  std::string urn;
  int min_version = 0;
};

// A node of the requirement tree: the basic policy's sections 1-10 and the 対策基準 headings
// that 6(1)-(9) point to. Self-inspection and audit checklists are built from it.
struct Requirement {
  std::string id;                     // "6(2)", "6(2)-1"
  std::string parent;                 // the parent's id; empty at the top
  std::string clause;                 // where in the policy: "6(2)"
  std::string title;                  // 情報資産の分類と管理
  std::string text;                   // what is required, as a question can be asked about it
  bool checkable = false;             // a question of self-inspection and audit checklists
  std::vector<std::string> controls;  // ids of the reference controls that meet it
  Translations translations;
};

// Control categories, in the order reports list them.
inline constexpr const char* kControlCategories[] = {"organizational", "physical", "human",
                                                     "technical", "operational"};

// The checks sanso runs itself, as a control's `check` names them (see ReferenceControl).
inline constexpr const char* kControlChecks[] = {"flows-sanitized", "mfa-mynumber", "audit-chain",
                                                 "zones-verified"};

// A reference control (管理策) the statement of applicability lists.
struct ReferenceControl {
  std::string id;  // "TEC-01"
  std::string name;
  std::string description;
  std::string category;  // one of kControlCategories
  std::string clause;
  // A check sanso runs itself and shows live; empty when none. Known checks:
  // "flows-sanitized" (every allowed crossing from an untrusted zone sanitizes),
  // "mfa-mynumber" (TOTP on My Number listeners and for administrators),
  // "audit-chain" (the audit chain verifies), "zones-verified" (the last `zones verify`
  // recorded in the audit chain passed).
  std::string check;
  Translations translations;
};

// How often something recurring is due again (policy review, self-inspection, training...).
struct ReviewCycle {
  std::string id;  // "policy-review", "self-inspection", "audit", "asset-review", "training",
                   // "obligations", "contractor-check"
  std::string name;
  int months = 12;
  std::string clause;
};

// An incident level of the emergency response plan (緊急時対応計画), most severe first.
struct IncidentLevel {
  std::string id;  // "1", "2", "3"
  std::string name;
  std::string description;
  int report_within_hours = 0;   // to the roles in notify_roles
  int resolve_within_hours = 0;  // target for closure; 0: none
  std::vector<std::string> notify_roles;
};

// One step of a risk scale (likelihood or impact), lowest first.
struct RiskLevel {
  std::string id;
  std::string name;
  int value = 0;  // 1..N
  std::string description;
};

// A band of risk scores (likelihood value x impact value), ascending by max_score.
struct RiskBand {
  std::string id;    // "low", "medium", "high"
  std::string name;  // 低, 中, 高
  int max_score = 0;
  std::string treatment;  // what the band requires
};

struct RiskMatrix {
  std::vector<RiskLevel> likelihood;
  std::vector<RiskLevel> impact;
  std::vector<RiskBand> bands;
  int acceptable_score = 0;  // residual risk at or below it may be accepted

  // The band of `score`, or nullptr when above every band.
  const RiskBand* bandOf(int score) const;
};

// A kind of information asset the policy covers (section 4(2)).
struct AssetKind {
  std::string id;  // "system", "media", "information", "documents", "web", "cloud"
  std::string name;
  std::string clause;
};

// A kind of policy document (sections 8-10): the basic policy, the standards, the procedures.
struct DocumentKind {
  std::string id;  // "basic-policy", "standards", "procedures"
  std::string name;
  std::string clause;
  bool is_public = true;
  std::vector<std::string> readers;  // roles that may read it when not public
};

// Who does what in the ISMS beyond their own department.
struct IsmsAccess {
  std::vector<std::string> managers;  // keep the registers, run campaigns, triage incidents
  std::vector<std::string> readers;   // read everything (auditors)
};

// A connection the network between the tiers carries (6(3) 通信経路の分割): always between a
// zone and the 無害化 gateway host, never zone to zone (crossings go through the gateway).
struct NetworkService {
  std::string id;
  std::string name;
  std::string protocol = "tcp";          // "tcp" or "udp"
  int port = 0;                          // destination port
  std::vector<std::string> from;         // zone ids, or {"gateway"}
  std::string to;                        // "gateway" or a zone id
  std::vector<std::string> to_networks;  // to a zone: its servers (CIDR); empty: the whole zone
  std::string clause;
  std::string exception;  // required when an isolated zone takes part
};

// Where the zones and the gateway sit on the wire; empty when the pack has no `network`.
struct Network {
  bool present = false;
  std::string clause;                                    // "6(3)"
  std::map<std::string, std::string> interfaces;         // zone -> firewall interface toward it
  std::map<std::string, std::string> gateway_addresses;  // zone -> the gateway host's address
  std::vector<NetworkService> services;
};

inline constexpr const char* kGatewayEndpoint = "gateway";

struct PolicyPack {
  std::string source;  // the file it was loaded from
  std::string urn;
  int version = 0;
  std::string locale;
  std::string name;
  Translations translations;
  std::vector<Revision> revisions;
  std::vector<Zone> zones;
  std::vector<Flow> flows;
  std::vector<Dimension> classification;
  std::vector<Role> roles;
  Retention retention;
  DlpSettings dlp;
  UploadLimits uploads;
  Network network;
  std::vector<Threat> threats;    // section 3; empty when the pack has none
  std::vector<Measure> measures;  // section 6
  std::vector<PackDependency> dependencies;
  std::vector<Requirement> requirements;  // parents before their children
  std::vector<ReferenceControl> controls;
  std::vector<ReviewCycle> review_cycles;
  std::vector<IncidentLevel> incident_levels;
  RiskMatrix risk;
  std::vector<AssetKind> asset_kinds;
  std::vector<DocumentKind> document_kinds;
  IsmsAccess isms_access;

  // The zone `id`, or nullptr.
  const Zone* findZone(std::string_view id) const;
  // The flow from `from` to `to`, or nullptr.
  const Flow* findFlow(std::string_view from, std::string_view to) const;
  // The classification dimension `id`, or nullptr.
  const Dimension* findDimension(std::string_view id) const;
  // The role `id`, or nullptr.
  const Role* findRole(std::string_view id) const;
  // The item `id` of each framework list, or nullptr.
  const Requirement* findRequirement(std::string_view id) const;
  const ReferenceControl* findControl(std::string_view id) const;
  const ReviewCycle* findReviewCycle(std::string_view id) const;
  const IncidentLevel* findIncidentLevel(std::string_view id) const;
  const AssetKind* findAssetKind(std::string_view id) const;
  const DocumentKind* findDocumentKind(std::string_view id) const;
};

}  // namespace sanso::policy
