// Reading a TOML configuration file: typed, bounded values and errors naming FILE:LINE:COLUMN.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "sanso/common/status.h"

namespace sanso {

// Reads the values of one configuration file. Every accessor leaves its output untouched when
// the key is absent (the caller's default stays) and reports a wrong type or range as
// invalidArgument "FILE:LINE:COLUMN: reason".
class TomlReader {
 public:
  // Configuration files larger than this are refused before parsing.
  static constexpr uint64_t kMaxFileBytes = 1 << 20;

  // `file` is the configuration file's path: named in errors, the base of relative paths.
  explicit TomlReader(std::string file) : file_(std::move(file)) {}

  // Reads and parses file() (at most kMaxFileBytes); a syntax error names its position.
  // Move the table: toml++ copies lose the source positions that error() reports.
  Result<toml::table> parse() const;

  const std::string& file() const { return file_; }

  // invalidArgument "FILE:LINE:COLUMN: reason" at the start of `node`.
  Status error(const toml::node& node, const std::string& reason) const;

  // Refuses the first key of `table` not in `allowed`: "unknown key 'K' in CONTEXT" (without
  // " in CONTEXT" when `context` is empty).
  Status onlyKeys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                  const std::string& context = "") const;

  // The table under `key`: nullptr when absent, an error "[KEY] must be a table" when it is
  // something else.
  Result<const toml::table*> table(const toml::table& parent, std::string_view key) const;

  Status string(const toml::table& table, std::string_view key, std::string& out) const;

  // A string naming a file, made absolute relative to file()'s directory (empty stays empty).
  Status path(const toml::table& table, std::string_view key, std::string& out) const;

  // An integer in [min, max], stored as T (the caller picks bounds that fit T).
  template <class T>
  Status integer(const toml::table& table, std::string_view key, T& out, int64_t min,
                 int64_t max) const {
    int64_t value = 0;
    bool present = false;
    SANSO_RETURN_IF_ERROR(integerValue(table, key, min, max, value, present));
    if (present) out = static_cast<T>(value);
    return Status::ok();
  }

  Status boolean(const toml::table& table, std::string_view key, bool& out) const;

  // An array of strings; replaces `out` when present.
  Status strings(const toml::table& table, std::string_view key,
                 std::vector<std::string>& out) const;

 private:
  Status integerValue(const toml::table& table, std::string_view key, int64_t min, int64_t max,
                      int64_t& value, bool& present) const;

  std::string file_;
};

}  // namespace sanso
