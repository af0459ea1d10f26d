// Strict reading of YAML nodes: exact types, known keys only, each key once.
// Every failure is recorded in Diagnostics; readers return nullopt then. An absent field
// (reported by MapReader::require when it was required) yields nullopt silently.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.h"
#include "sanso/policy/pack.h"

namespace sanso::policy {

// A value and where to blame it: its own position, or its key's when it is empty.
struct Field {
  YAML::Node node;
  YAML::Mark mark;
  std::string name;  // the key, for messages

  bool present() const { return node.IsDefined(); }
};

// One mapping, checked on construction: a mapping at all, string keys, no duplicates,
// no keys outside `allowed`.
class MapReader {
 public:
  MapReader(const Field& field, std::initializer_list<std::string_view> allowed,
            Diagnostics& diags);

  // False when the node is not a mapping (already reported).
  bool ok() const { return ok_; }
  // The value of `key`; not present() when absent.
  Field get(std::string_view key) const;
  // The value of `key`; its absence is reported.
  Field require(std::string_view key) const;
  // Where the mapping starts.
  const YAML::Mark& mark() const { return field_.mark; }

 private:
  Field field_;
  Diagnostics& diags_;
  bool ok_ = false;
  std::vector<Field> entries_;
};

// The items of a sequence, each with its position; reports a non-sequence.
std::optional<std::vector<Field>> readSequence(const Field& field, Diagnostics& diags);
// The items of a sequence of at most `max_items` items (more are reported; none returned).
std::optional<std::vector<Field>> readBoundedSequence(const Field& field, size_t max_items,
                                                      Diagnostics& diags);
// A non-empty scalar of at most `max_length` bytes.
std::optional<std::string> readString(const Field& field, Diagnostics& diags,
                                      size_t max_length = 4096);
// An identifier: 1 to 64 characters of [A-Za-z0-9._-].
std::optional<std::string> readId(const Field& field, Diagnostics& diags);
// A plain decimal integer in [min, max].
std::optional<int64_t> readInt(const Field& field, int64_t min, int64_t max, Diagnostics& diags);
// `true` or `false`.
std::optional<bool> readBool(const Field& field, Diagnostics& diags);
// One of `choices`.
std::optional<std::string> readChoice(const Field& field,
                                      std::initializer_list<std::string_view> choices,
                                      Diagnostics& diags);
// A sequence of non-empty strings (identifiers when `ids`), without repeats.
std::optional<std::vector<std::string>> readStringList(const Field& field, bool ids,
                                                       Diagnostics& diags);
// A list of at most 256 identifiers (readStringList) each of which `known` accepts; an unknown one
// is reported as "unknown WHAT 'id'". Empty on error.
std::vector<std::string> readReferences(const Field& field, std::string_view what,
                                        const std::function<bool(const std::string&)>& known,
                                        Diagnostics& diags);
// An optional `translations: {LOCALE: {name, description}}` mapping.
Translations readTranslations(const Field& field, Diagnostics& diags);

}  // namespace sanso::policy
