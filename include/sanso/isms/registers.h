// The ISMS registers as data: each kind of record (an asset, a risk, an incident...) is a set
// of typed fields. Records are validated against their kind's fields and the loaded policy
// pack (levels, threats, controls come from the pack, never from free text), stored as JSON,
// and exported with the fields' Japanese labels as column titles.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sanso::isms {

enum class FieldType {
  kText,      // one line
  kLongText,  // several lines
  kDate,      // "YYYY-MM-DD" (JST)
  kBool,
  kInteger,     // 0..1e9
  kChoice,      // one id of `choices`
  kChoiceList,  // ids of `choices`
  kRecord,      // the id of a live record of kind `record_kind`
  kRecordList,
  kUser,        // a user id
  kDepartment,  // a department id
  kDepartmentList,
};

// Where the ids of a choice field come from.
enum class Choices {
  kNone,
  kFixed,            // FieldSpec::fixed
  kAssetKinds,       // pack.asset_kinds
  kZones,            // pack.zones
  kConfidentiality,  // the levels of pack classification "confidentiality"
  kIntegrity,
  kAvailability,
  kThreats,
  kControls,
  kRequirements,  // checkable requirements
  kLikelihood,    // pack.risk.likelihood
  kImpact,        // pack.risk.impact
  kIncidentLevels,
  kDocumentKinds,
  kRoles,
};

struct FixedChoice {
  std::string id;
  std::string label;
};

struct FieldSpec {
  std::string name;   // JSON key: "confidentiality"
  std::string label;  // column title: 機密性
  FieldType type = FieldType::kText;
  bool required = false;
  size_t max_length = 200;  // characters of text, items of lists
  Choices choices = Choices::kNone;
  std::vector<FixedChoice> fixed;
  std::string record_kind;  // for kRecord / kRecordList
};

// Who reads records of a kind, beyond the ISMS managers and readers (who read every kind).
enum class Visibility {
  kDepartment,  // the members of the record's department
  kEveryone,    // every signed-in user
  kManagers,    // nobody else
  kDocument,    // by the document kind: public ones everyone, others the kind's readers
};

struct KindSpec {
  std::string id;      // "asset"
  std::string label;   // 情報資産
  std::string clause;  // "6(2)"
  Visibility visibility = Visibility::kManagers;
  // Members of the record's department may create and change it (otherwise only managers).
  bool department_writes = false;
  // The ISMS readers (auditors) may create and change it: campaigns, findings, plans.
  bool auditor_writes = false;
  // Records name a department (the owner); otherwise they are organisation-wide.
  bool has_department = false;
  std::string title_field;  // the field shown as the record's title
  std::vector<FieldSpec> fields;

  // The field `name`, or nullptr.
  const FieldSpec* field(std::string_view name) const;
};

// Every register kind, in the order the UI lists them.
const std::vector<KindSpec>& kindSpecs();
// The kind `id`, or nullptr.
const KindSpec* findKind(std::string_view id);

}  // namespace sanso::isms
