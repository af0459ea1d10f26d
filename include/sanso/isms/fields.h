// Field values of ISMS records: the choices a field offers under the loaded pack, and the
// validation of a record's fields against its kind.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sanso/common/status.h"
#include "sanso/isms/registers.h"
#include "sanso/policy/pack.h"

namespace sanso::isms {

// The ids (with labels) field `field` accepts under `pack`; empty for fields without choices.
std::vector<FixedChoice> choicesFor(const FieldSpec& field, const policy::PolicyPack& pack);

// The label of choice `id` of `field`, or `id` itself when it has none.
std::string choiceLabel(const FieldSpec& field, const policy::PolicyPack& pack,
                        const std::string& id);

// Existence checks for references, answered by the store.
struct References {
  std::function<bool(int64_t)> user;
  std::function<bool(int64_t)> department;
  std::function<bool(const std::string& kind, int64_t id)> record;
};

// The stored form of `input`, a JSON object of field values of kind `kind`: unknown fields,
// wrong types, text that is not UTF-8 or holds control characters (long text may hold line
// breaks and tabs), text longer than the field allows, dates that are not YYYY-MM-DD days,
// ids the pack or the store does not know and missing required fields are refused with
// invalidArgument naming the field by its Japanese label. Empty strings, nulls and empty
// lists are dropped; lists lose duplicates and keep their order.
Result<nlohmann::json> validateFields(const KindSpec& kind, const policy::PolicyPack& pack,
                                      const nlohmann::json& input, const References& refs);

}  // namespace sanso::isms
